"""The end of a decision and what follows: the reminder before the deadline, the deadline
(extended once without quorum, else closed), closing early, the written outcome, and the
review date that brings the question back.

Jobs and people may race for these steps: each is a conditional UPDATE, so it happens once
even after a restart or with two callers at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.plan import Plan
from bot.decisions.refusals import (
    EMPTY,
    NO_CONSENSUS_YET,
    NOT_CLOSED,
    NOT_COORDINATOR,
    PAST_DATE,
    STANCES_MISSING,
    WRONG_STATE,
)
from bot.decisions.rules import (
    DEFAULT_DECISION_DAYS,
    DESCRIPTION_MAX,
    EXTENSION,
    DeadlineStep,
    at_deadline,
    rules_of,
    verdict,
)
from bot.decisions.service import Proposals, claim
from bot.decisions.stances import Stances
from bot.decisions.views import AuthorLeft, Closed, DeadlineResult, Draft
from models import Proposal, ProposalState, Role, utcnow

UNOPENED = (ProposalState.SUBMITTED, ProposalState.RETURNED)


class Closing:
    """How proposals close, and come back on their review date."""

    def __init__(
        self,
        db: Database,
        proposals: Proposals,
        stances: Stances,
        plan: Plan,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.proposals = proposals
        self.stances = stances
        self.bodies: Bodies = proposals.bodies
        self.plan = plan
        self.clock = clock

    async def mark_reminded(self, proposal_id: int, deadline: datetime) -> bool:
        """True once per deadline: the reminder for it is ours to send."""
        return await claim(
            self.db,
            update(Proposal)
            .where(
                col(Proposal.id) == proposal_id,
                col(Proposal.state) == ProposalState.OPEN,
                col(Proposal.deadline) == deadline,
                (col(Proposal.reminded_for).is_(None)) | (col(Proposal.reminded_for) != deadline),
            )
            .values(reminded_for=deadline),
        )

    async def deadline_reached(self, proposal_id: int) -> DeadlineResult | None:
        """At the deadline: extend once without quorum, else close. None if not (yet) due or
        already handled — so a job that runs twice does nothing the second time."""
        proposal = await self.proposals.get(proposal_id)
        if proposal is None or proposal.state is not ProposalState.OPEN:
            return None
        assert proposal.deadline is not None
        if self.clock() < proposal.deadline:
            return None
        tally = await self.stances.tally(proposal)
        rules = rules_of(proposal)
        step = at_deadline(tally, rules, extended=proposal.extended)
        if step is DeadlineStep.EXTEND:
            extended = await claim(
                self.db,
                update(Proposal)
                .where(
                    col(Proposal.id) == proposal_id,
                    col(Proposal.state) == ProposalState.OPEN,
                    col(Proposal.extended).is_(False),
                )
                .values(extended=True, deadline=proposal.deadline + EXTENSION),
            )
            if not extended:
                return None
            again = await self.proposals.require(proposal_id)
            return DeadlineResult(again, step, tally, await self.stances.missing(again))
        try:
            closed = await self.proposals.close(proposal, verdict(tally, rules))
        except Refused as refused:
            if refused.reason != WRONG_STATE:
                raise
            return None  # closed meanwhile, by someone else
        return DeadlineResult(closed, step, tally, [])

    async def close_early(self, coordinator: PersonView, proposal_id: int) -> Proposal:
        """Allowed only once every member of the body has taken a stance and it would be
        accepted; for those who review the proposal (a group's coordinator for the group's
        own). Anything else closes at its deadline."""
        proposal = await self.proposals.require(proposal_id, ProposalState.OPEN)
        if not await self.bodies.may_review(coordinator, proposal):
            raise Refused(NOT_COORDINATOR)
        tally = await self.stances.tally(proposal)
        if not tally.everyone_took_a_stance():
            raise Refused(STANCES_MISSING)
        if verdict(tally, rules_of(proposal)) is not ProposalState.ACCEPTED:
            raise Refused(NO_CONSENSUS_YET)
        return await self.proposals.close(proposal, ProposalState.ACCEPTED)

    async def may_close_early(self, proposal: Proposal) -> bool:
        """Whether *Close now* would be accepted: everyone took a stance, consensus reached."""
        tally = await self.stances.tally(proposal)
        accepted = verdict(tally, rules_of(proposal)) is ProposalState.ACCEPTED
        return proposal.state is ProposalState.OPEN and tally.everyone_took_a_stance() and accepted

    async def author_left(self, person_id: int) -> AuthorLeft:
        """Someone is no longer a member (a hook of `MembershipEnd`): their proposals are
        withdrawn. An open one closes as withdrawn: nobody could amend it or answer a block
        any more, and a member may propose it again; one not opened yet ends unseen."""
        mine = select(Proposal).where(
            Proposal.proposer_id == person_id,
            col(Proposal.state).in_([ProposalState.OPEN, *UNOPENED]),
        )
        async with self.db.session() as session:
            proposals = list(await session.exec(mine.order_by(col(Proposal.id))))
        opened = []
        for proposal in proposals:
            with suppress(Refused):  # moved on meanwhile: closed by its deadline, for one
                if proposal.state is ProposalState.OPEN:
                    opened.append(await self.proposals.close(proposal, ProposalState.WITHDRAWN))
                else:
                    await self.proposals.transition(
                        proposal.number,
                        proposal.state,
                        state=ProposalState.WITHDRAWN,
                        closed_at=self.clock(),
                    )
        return AuthorLeft(opened)

    async def closed(self, proposal: Proposal) -> Closed:
        """After closing: an accepted plan proposal is applied to the plan (once); who is
        told (the author while a member), and the card to show them."""
        applied = await self.plan.apply_accepted(proposal)
        proposer = await self.bodies.person(proposal.proposer_id)
        return Closed(
            card=await self.stances.card(proposal),
            chat_id=await self.bodies.chat_of(proposal),
            proposer=proposer if proposer and proposer.role.at_least(Role.MEMBER) else None,
            coordinators=await self.bodies.coordinators(),
            applied=applied,
        )

    async def may_write_outcome(self, coordinator: PersonView, proposal_id: int) -> Proposal:
        """The closed proposal, if this person reviews it."""
        proposal = await self.proposals.require(proposal_id)
        if not await self.bodies.may_review(coordinator, proposal):
            raise Refused(NOT_COORDINATOR)
        if not proposal.state.closed:
            raise Refused(NOT_CLOSED)
        return proposal

    async def record_outcome(
        self,
        coordinator: PersonView,
        proposal_id: int,
        text: str,
        review_at: datetime | None = None,
    ) -> Proposal:
        """The coordinator's short written outcome and an optional review date (by those who
        review the proposal)."""
        proposal = await self.may_write_outcome(coordinator, proposal_id)
        if not text.strip():
            raise Refused(EMPTY)
        if review_at is not None and review_at <= self.clock():
            raise Refused(PAST_DATE)
        async with self.db.session() as session:
            stored = await session.get(Proposal, proposal.number)
            assert stored is not None
            stored.outcome = text.strip()[:DESCRIPTION_MAX]
            stored.review_at = review_at
            audit.record(
                session, actor_id=coordinator.id, action="decision.outcome", proposal=proposal_id
            )
        return await self.proposals.require(proposal_id)

    async def reviews_scheduled(self) -> list[Proposal]:
        statement = select(Proposal).where(
            col(Proposal.review_at).is_not(None), col(Proposal.reopened_as_id).is_(None)
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    async def reopen_for_review(self, proposal_id: int) -> Proposal | None:
        """On the review date: a review of the decision, linked to it, to the same body
        (once); it never adds or changes a plan item. None when it is not due yet, or was
        re-opened already."""
        original = await self.proposals.get(proposal_id)
        if original is None or original.review_at is None or original.reopened_as_id is not None:
            return None
        now = self.clock()
        if now < original.review_at:
            return None
        again = _again(original, now)
        async with self.db.session() as session:
            session.add(again)
            await session.flush()
            result = await session.exec(
                update(Proposal)
                .where(col(Proposal.id) == proposal_id, col(Proposal.reopened_as_id).is_(None))
                .values(reopened_as_id=again.id)
            )
            if result.rowcount != 1:
                await session.delete(again)  # re-opened meanwhile by another caller: undo ours
                return None
        return again


def _again(original: Proposal, now: datetime) -> Proposal:
    """A new open review of `original`, with its body and rules."""
    return Draft.review_of(original).proposal(
        original.proposer_id,
        rules_of(original),
        state=ProposalState.OPEN,
        opened_at=now,
        deadline=now + timedelta(days=DEFAULT_DECISION_DAYS),
        reopens_id=original.number,
    )
