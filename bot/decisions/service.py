"""Proposals: submitted, reviewed (opened or sent back), amended or withdrawn, and the
stances taken on them. The rules live in `rules`, the bodies in `bodies`, the counting of
stances in `stances`, closing in `closing`.

Each action checks its rules and writes in the same session (one transaction inside an
update). Transitions that people and jobs may race for are conditional UPDATEs, so each
happens exactly once, even with two callers at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Update, update
from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.consensus import BodyRules
from bot.decisions.ordering import check_draft_order
from bot.decisions.refusals import (
    DEADLINE_PASSED,
    EMPTY,
    NO_CHANGES,
    NO_SUCH_ITEM,
    NOT_IN_BODY,
    NOT_IN_GROUP,
    NOT_MEMBER,
    NOT_OPEN,
    NOT_PROPOSER,
    NOT_REVIEWER,
    STALE,
    UNKNOWN_GROUP,
    WRONG_STATE,
)
from bot.decisions.rules import (
    DEFAULT_DECISION_DAYS,
    DESCRIPTION_MAX,
    REVIEW_DAYS,
    TITLE_MAX,
    check_stance,
)
from bot.decisions.views import Draft, StanceResult
from models import (
    PlanItem,
    Proposal,
    ProposalKind,
    ProposalState,
    Role,
    Stance,
    StanceKind,
    utcnow,
)


class Proposals:
    """Proposals decided by a body: the community, or one working group."""

    def __init__(
        self,
        db: Database,
        bodies: Bodies,
        rules: BodyRules,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.bodies = bodies
        self.rules = rules
        self.clock = clock

    # ----- reading ----------------------------------------------------------------------------

    async def get(self, proposal_id: int) -> Proposal | None:
        async with self.db.session() as session:
            return await session.get(Proposal, proposal_id)

    async def require(self, proposal_id: int, *states: ProposalState) -> Proposal:
        """The proposal (a missing one is a stale button), in one of `states` if given."""
        proposal = await self.get(proposal_id)
        if proposal is None:
            raise Refused(STALE)
        if states and proposal.state not in states:
            raise Refused(WRONG_STATE)
        return proposal

    async def listing(self, states: Sequence[ProposalState], *, limit: int = 20) -> list[Proposal]:
        statement = (
            select(Proposal)
            .where(col(Proposal.state).in_(list(states)))
            .order_by(col(Proposal.id).desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    # ----- submitting and reviewing -----------------------------------------------------------

    async def submit(self, proposer: PersonView, draft: Draft) -> Proposal:
        if not proposer.role.at_least(Role.MEMBER):
            raise Refused(NOT_MEMBER)
        if not draft.title.strip() or not draft.description.strip():
            raise Refused(EMPTY)
        if draft.kind is ProposalKind.REVIEW:
            raise Refused(STALE)  # reviews open on their date, never by hand
        if draft.kind is ProposalKind.PLAN_CHANGE and not draft.changes:
            raise Refused(NO_CHANGES)
        await self.bodies.check_members(draft.working_group_id, draft.responsible_ids)
        if draft.working_group_id is not None:
            groups_known = self.bodies.groups is not None
            if groups_known and await self.bodies.group(draft.working_group_id) is None:
                raise Refused(UNKNOWN_GROUP)  # archived meanwhile
            if not await self.bodies.includes(draft.working_group_id, proposer):
                raise Refused(NOT_IN_GROUP)
        rules = await self.rules.rules_for(draft.working_group_id)
        async with self.db.session() as session:
            await check_draft_order(session, draft)
            if draft.plan_item_id is not None:
                item = await session.get(PlanItem, draft.plan_item_id)
                if item is None or not item.status.open:
                    raise Refused(NO_SUCH_ITEM)
            cleaned = replace(
                draft,
                title=draft.title.strip()[:TITLE_MAX],
                description=draft.description.strip()[:DESCRIPTION_MAX],
            )
            proposal = cleaned.proposal(proposer.id, rules)
            session.add(proposal)
        return proposal

    async def to_review(
        self, reviewer: PersonView, proposal_id: int, *, submitted: bool = False
    ) -> Proposal:
        """The proposal, if this person may review it; `submitted`: only while it awaits
        review (else the button that asks is stale)."""
        proposal = await self.require(proposal_id)
        if submitted and proposal.state is not ProposalState.SUBMITTED:
            raise Refused(STALE)
        if not await self.bodies.may_review(reviewer, proposal):
            raise Refused(NOT_REVIEWER)
        return proposal

    async def open(
        self, reviewer: PersonView, proposal_id: int, *, days: int = DEFAULT_DECISION_DAYS
    ) -> Proposal:
        """A reviewer opens a submitted proposal for decision until now + `days` (one of
        the periods offered)."""
        await self.to_review(reviewer, proposal_id)
        if days not in REVIEW_DAYS:
            raise Refused(STALE)
        now = self.clock()
        return await self.transition(
            proposal_id,
            ProposalState.SUBMITTED,
            state=ProposalState.OPEN,
            reviewer_id=reviewer.id,
            opened_at=now,
            deadline=now + timedelta(days=days),
        )

    async def send_back(self, reviewer: PersonView, proposal_id: int, comment: str) -> Proposal:
        await self.to_review(reviewer, proposal_id)
        if not comment.strip():
            raise Refused(EMPTY)
        return await self.transition(
            proposal_id,
            ProposalState.SUBMITTED,
            state=ProposalState.RETURNED,
            reviewer_id=reviewer.id,
            review_comment=comment.strip()[:DESCRIPTION_MAX],
        )

    async def transition(
        self, proposal_id: int, expected: ProposalState, **values: object
    ) -> Proposal:
        """Change a proposal only if it is still in `expected` state (else `WRONG_STATE`:
        someone else moved it first)."""
        statement = (
            update(Proposal)
            .where(col(Proposal.id) == proposal_id, col(Proposal.state) == expected)
            .values(**values)
        )
        if not await claim(self.db, statement):
            raise Refused(WRONG_STATE)
        return await self.require(proposal_id)

    # ----- stances ----------------------------------------------------------------------------

    async def may_take_stance(self, person: PersonView, proposal_id: int) -> Proposal:
        """The open proposal, or `Refused` saying why this person cannot take a stance."""
        proposal = await self.require(proposal_id)
        if proposal.state is not ProposalState.OPEN:
            raise Refused(NOT_OPEN)
        assert proposal.deadline is not None
        if self.clock() >= proposal.deadline:
            raise Refused(DEADLINE_PASSED)
        if not await self.bodies.includes(proposal.working_group_id, person):
            raise Refused(NOT_IN_BODY)
        return proposal

    async def take_stance(
        self, person: PersonView, proposal_id: int, kind: StanceKind, reason: str | None = None
    ) -> StanceResult:
        """Record or change a stance; refused outside the body, after the deadline, or when a
        Disagree/Block has no reason. A new Block brings the proposer to tell."""
        proposal = await self.may_take_stance(person, proposal_id)
        cleaned = check_stance(kind, reason)
        async with self.db.session() as session:
            stance = await session.get(Stance, (proposal_id, person.id))
            previous = stance.kind if stance else None
            if stance is None:
                stance = Stance(proposal_id=proposal_id, person_id=person.id, kind=kind)
                session.add(stance)
            stance.kind = kind
            stance.reason = cleaned
            stance.updated_at = self.clock()
        blocked = None
        new_block = kind is StanceKind.BLOCK and previous is not StanceKind.BLOCK
        if new_block and proposal.proposer_id != person.id:
            blocked = await self.bodies.person(proposal.proposer_id)
        return StanceResult(proposal, previous, kind, blocked)

    # ----- discussion: amend or withdraw after a block ----------------------------------------

    async def of_proposer(self, person: PersonView, proposal_id: int) -> Proposal:
        """The open proposal, if this person wrote it and is a member still."""
        proposal = await self.require(proposal_id)
        _check_author(person, proposal)
        if proposal.state is not ProposalState.OPEN:
            raise Refused(NOT_OPEN)
        return proposal

    async def amend(self, person: PersonView, proposal_id: int, description: str) -> Proposal:
        """The proposer rewrites the text; stances are kept (everyone is told and may revise)."""
        proposal = await self.require(proposal_id, ProposalState.OPEN)
        _check_author(person, proposal)
        if not description.strip():
            raise Refused(EMPTY)
        return await self.transition(
            proposal_id,
            ProposalState.OPEN,
            description=description.strip()[:DESCRIPTION_MAX],
            amendments=proposal.amendments + 1,
        )

    async def withdraw(self, person: PersonView, proposal_id: int) -> Proposal:
        proposal = await self.require(proposal_id, ProposalState.OPEN)
        _check_author(person, proposal)
        return await self.close(proposal, ProposalState.WITHDRAWN)

    async def close(self, proposal: Proposal, outcome: ProposalState) -> Proposal:
        """Close an open proposal with `outcome`; the body's size is kept with it."""
        body = await self.bodies.members(proposal.working_group_id)
        return await self.transition(
            proposal.number,
            ProposalState.OPEN,
            state=outcome,
            closed_at=self.clock(),
            body_size=len(body),
        )


def _check_author(person: PersonView, proposal: Proposal) -> None:
    """The author's powers (amend, withdraw) are a member's: they end with the membership."""
    if proposal.proposer_id != person.id:
        raise Refused(NOT_PROPOSER)
    if not person.role.at_least(Role.MEMBER):
        raise Refused(NOT_MEMBER)


async def claim(db: Database, statement: Update) -> bool:
    """Run a conditional UPDATE; True if it changed the one row (the step is this caller's)."""
    async with db.session() as session:
        result = await session.exec(statement)
        return bool(result.rowcount == 1)


async def group_decisions_since(
    db: Database, group_id: int, since: datetime
) -> tuple[list[Proposal], list[Proposal]]:
    """A working group's decisions closed, and opened, after `since` (for its digest)."""
    mine = col(Proposal.working_group_id) == group_id
    async with db.session() as session:
        closed = await session.exec(
            select(Proposal)
            .where(mine, col(Proposal.closed_at) > since)
            .order_by(col(Proposal.closed_at))
        )
        opened = await session.exec(
            select(Proposal)
            .where(mine, col(Proposal.opened_at) > since)
            .order_by(col(Proposal.opened_at))
        )
        return list(closed), list(opened)
