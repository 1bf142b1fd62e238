"""Proposals, stances and outcomes: the decisions service (the rules live in `rules`).

Every operation opens one short session. Transitions that jobs and people may race for (closing
at the deadline, reminding, re-opening on the review date) are conditional UPDATEs, so each
happens exactly once even after a restart or with two callers at the same moment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from sqlalchemy import update
from sqlmodel import col, select

from bot.core import audit, state
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.rules import (
    DEFAULT_DECISION_DAYS,
    EXTENSION,
    DeadlineStep,
    Rules,
    Tally,
    at_deadline,
    check_stance,
    verdict,
)
from bot.groups import GroupDirectory, GroupView
from bot.membership.chats import COMMUNITY_CHAT, chat_setting
from models import (
    Person,
    PlanItem,
    Proposal,
    ProposalCard,
    ProposalKind,
    ProposalState,
    Role,
    Stance,
    StanceKind,
    utcnow,
)

GroupMembers = Callable[[int], Awaitable[list[int]]]
FOLLOWERS_KIND = "decisions.followers"
RULES_KIND = "decisions.rules"
COMMUNITY_KEY = "community"
TITLE_MAX = 200
DESCRIPTION_MAX = 3000
ITEM_MAX = 200


class DecisionError(Refused):
    """An action the rules refuse; `code` tells the handler which explanation to give."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Draft:
    kind: ProposalKind
    title: str
    description: str
    changes_item: str | None = None
    responsible: str | None = None
    due_date: date | None = None
    working_group_id: int | None = None
    plan_item_id: int | None = None


@dataclass(frozen=True)
class StanceLine:
    person_id: int
    name: str
    kind: StanceKind
    reason: str | None


@dataclass(frozen=True)
class StanceResult:
    proposal: Proposal
    previous: StanceKind | None
    kind: StanceKind


@dataclass(frozen=True)
class DeadlineResult:
    """What the deadline did: extended (remind these people) or closed with a state."""

    proposal: Proposal
    step: DeadlineStep
    tally: Tally
    to_remind: list[PersonView]


def rules_of(proposal: Proposal) -> Rules:
    return Rules(
        quorum=Fraction(proposal.quorum_numerator, proposal.quorum_denominator),
        threshold=Fraction(proposal.threshold_numerator, proposal.threshold_denominator),
    )


def _rules_key(group_id: int | None) -> str:
    return COMMUNITY_KEY if group_id is None else f"group.{group_id}"


def _stored_rules(value: object, default: Rules) -> Rules:
    """Rules kept in StoredState as {"quorum": [n, d], "threshold": [n, d]}."""
    if not isinstance(value, dict):
        return default
    return Rules(
        quorum=Fraction(*value["quorum"]) if "quorum" in value else default.quorum,
        threshold=Fraction(*value["threshold"]) if "threshold" in value else default.threshold,
    )


class Decisions:
    """Proposals decided by a body: the community, or one working group (`groups`)."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        group_members: GroupMembers | None = None,
        groups: GroupDirectory | None = None,
        rules: Rules | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.groups = groups
        self.group_members = group_members or (groups.member_ids if groups else None)
        self.rules = rules or Rules()

    # ----- the body ---------------------------------------------------------------------------

    async def body_members(self, proposal: Proposal) -> list[PersonView]:
        """The people who decide: members of the community, or of the working group."""
        statement = select(Person)
        if proposal.working_group_id is None:
            admitted = [role for role in Role if role.at_least(Role.MEMBER)]
            statement = statement.where(col(Person.role).in_(admitted))
        else:
            ids = await self.group_members(proposal.working_group_id) if self.group_members else []
            statement = statement.where(col(Person.id).in_(ids))
        async with self.db.session() as session:
            people = await session.exec(statement.order_by(col(Person.id)))
            return [PersonView.of(person) for person in people]

    async def in_body(self, proposal: Proposal, person: PersonView) -> bool:
        return await self.in_group(proposal.working_group_id, person)

    async def in_group(self, group_id: int | None, person: PersonView) -> bool:
        """A member of that body: of the community (None), or of the working group."""
        if not person.role.at_least(Role.MEMBER):
            return False
        if group_id is None:
            return True
        return person.id in (await self.group_members(group_id) if self.group_members else [])

    async def group(self, group_id: int | None) -> GroupView | None:
        """The working group (active) that decides, if any."""
        if group_id is None or self.groups is None:
            return None
        return await self.groups.group(group_id)

    async def groups_of(self, person: PersonView) -> list[GroupView]:
        """The working groups a person may propose for."""
        return await self.groups.groups_of(person.id) if self.groups else []

    async def visible_to(self, proposal: Proposal, person: PersonView) -> bool:
        """A group's proposals are shown to its members and to the community's coordinators."""
        if proposal.working_group_id is None or person.role.at_least(Role.COORDINATOR):
            return person.role.at_least(Role.MEMBER)
        return await self.in_body(proposal, person)

    async def may_review(self, reviewer: PersonView, proposal: Proposal) -> bool:
        """Coordinators and organisers of the community review every proposal; a group's
        coordinator reviews that group's proposals."""
        if reviewer.role.at_least(Role.COORDINATOR):
            return True
        group = await self.group(proposal.working_group_id)
        return (
            group is not None
            and group.coordinator_id == reviewer.id
            and reviewer.role.at_least(Role.MEMBER)
        )

    async def reviewers(self, proposal: Proposal) -> list[PersonView]:
        """Who is asked to review: the community's coordinators and the group's coordinator."""
        people = await self.coordinators()
        group = await self.group(proposal.working_group_id)
        known = {person.id for person in people}
        if group is not None and group.coordinator_id is not None:
            coordinator = await self.person(group.coordinator_id)
            if coordinator is not None and coordinator.id not in known:
                people.append(coordinator)
        return people

    # ----- the rules of each body -------------------------------------------------------------

    async def rules_for(self, group_id: int | None) -> Rules:
        """The quorum and threshold of a body: as set by /consensus, else the defaults."""
        stored = await state.load(self.db, RULES_KIND, _rules_key(group_id))
        return _stored_rules(stored, self.rules)

    async def may_set_rules(self, person: PersonView, group_id: int | None) -> bool:
        """Organisers set the community's rules (and any group's); a coordinator their group's."""
        if person.role.at_least(Role.ORGANISER):
            return True
        group = await self.group(group_id)
        return (
            group is not None
            and group.coordinator_id == person.id
            and person.role.at_least(Role.MEMBER)
        )

    async def set_rules(
        self,
        person: PersonView,
        group_id: int | None,
        *,
        quorum: Fraction | None = None,
        threshold: Fraction | None = None,
    ) -> Rules:
        """Change a body's quorum and/or threshold; new proposals of that body get them."""
        if group_id is not None and await self.group(group_id) is None:
            raise DecisionError("unknown_group")
        if not await self.may_set_rules(person, group_id):
            raise DecisionError("not_rule_setter")
        for value in (quorum, threshold):
            if value is not None and not 0 < value <= 1:
                raise DecisionError("bad_share")
        current = await self.rules_for(group_id)
        rules = Rules(quorum=quorum or current.quorum, threshold=threshold or current.threshold)
        stored = {
            "quorum": [rules.quorum.numerator, rules.quorum.denominator],
            "threshold": [rules.threshold.numerator, rules.threshold.denominator],
        }
        await state.save(self.db, RULES_KIND, _rules_key(group_id), stored)
        async with self.db.session() as session:
            audit.record(
                session,
                actor_id=person.id,
                action="decision.rules",
                group=group_id,
                quorum=stored["quorum"],
                threshold=stored["threshold"],
            )
        return rules

    # ----- proposals --------------------------------------------------------------------------

    async def submit(self, proposer: PersonView, draft: Draft) -> Proposal:
        if not proposer.role.at_least(Role.MEMBER):
            raise DecisionError("not_member")
        if not draft.title.strip() or not draft.description.strip():
            raise DecisionError("empty")
        if draft.working_group_id is not None:
            if self.groups is not None and await self.group(draft.working_group_id) is None:
                raise DecisionError("unknown_group")  # archived meanwhile
            if not await self.in_group(draft.working_group_id, proposer):
                raise DecisionError("not_in_group")
        rules = await self.rules_for(draft.working_group_id)
        proposal = Proposal(
            kind=draft.kind,
            title=draft.title.strip()[:TITLE_MAX],
            description=draft.description.strip()[:DESCRIPTION_MAX],
            changes_item=draft.changes_item,
            plan_item_id=draft.plan_item_id,
            responsible=draft.responsible,
            due_date=draft.due_date,
            proposer_id=proposer.id,
            working_group_id=draft.working_group_id,
            quorum_numerator=rules.quorum.numerator,
            quorum_denominator=rules.quorum.denominator,
            threshold_numerator=rules.threshold.numerator,
            threshold_denominator=rules.threshold.denominator,
        )
        async with self.db.session() as session:
            if draft.plan_item_id is not None:
                item = await session.get(PlanItem, draft.plan_item_id)
                if item is None or not item.status.open:
                    raise DecisionError("unknown_item")
            session.add(proposal)
        return proposal

    async def get(self, proposal_id: int) -> Proposal | None:
        async with self.db.session() as session:
            return await session.get(Proposal, proposal_id)

    async def _require(self, proposal_id: int, *states: ProposalState) -> Proposal:
        proposal = await self.get(proposal_id)
        if proposal is None:
            raise DecisionError("unknown")
        if states and proposal.state not in states:
            raise DecisionError("wrong_state")
        return proposal

    async def open(
        self, reviewer: PersonView, proposal_id: int, *, days: int = DEFAULT_DECISION_DAYS
    ) -> Proposal:
        """A coordinator opens a submitted proposal for decision until now + `days`."""
        await self._check_reviewer(reviewer, proposal_id)
        if not 1 <= days <= 60:
            raise DecisionError("bad_days")
        now = self.clock()
        changed = await self._transition(
            proposal_id,
            ProposalState.SUBMITTED,
            state=ProposalState.OPEN,
            reviewer_id=reviewer.id,
            opened_at=now,
            deadline=now + timedelta(days=days),
        )
        if not changed:
            raise DecisionError("wrong_state")
        return await self._require(proposal_id)

    async def send_back(self, reviewer: PersonView, proposal_id: int, comment: str) -> Proposal:
        await self._check_reviewer(reviewer, proposal_id)
        if not comment.strip():
            raise DecisionError("empty")
        changed = await self._transition(
            proposal_id,
            ProposalState.SUBMITTED,
            state=ProposalState.RETURNED,
            reviewer_id=reviewer.id,
            review_comment=comment.strip()[:DESCRIPTION_MAX],
        )
        if not changed:
            raise DecisionError("wrong_state")
        return await self._require(proposal_id)

    async def _check_reviewer(self, reviewer: PersonView, proposal_id: int) -> None:
        if not await self.may_review(reviewer, await self._require(proposal_id)):
            raise DecisionError("not_reviewer")

    async def _transition(
        self, proposal_id: int, expected: ProposalState, **values: object
    ) -> bool:
        """Change a proposal only if it is still in `expected` state; True if this call did."""
        statement = (
            update(Proposal)
            .where(col(Proposal.id) == proposal_id, col(Proposal.state) == expected)
            .values(**values)
        )
        async with self.db.session() as session:
            result = await session.exec(statement)  # type: ignore[call-overload]
            return bool(result.rowcount == 1)

    async def listing(self, states: Sequence[ProposalState], *, limit: int = 20) -> list[Proposal]:
        statement = (
            select(Proposal)
            .where(col(Proposal.state).in_(list(states)))
            .order_by(col(Proposal.id).desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    # ----- stances ----------------------------------------------------------------------------

    async def take_stance(
        self, person: PersonView, proposal_id: int, kind: StanceKind, reason: str | None = None
    ) -> StanceResult:
        """Record or change a stance; refused outside the body, after the deadline, or when a
        Disagree/Block has no reason."""
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
        return StanceResult(proposal=proposal, previous=previous, kind=kind)

    async def may_take_stance(self, person: PersonView, proposal_id: int) -> Proposal:
        """The open proposal, or DecisionError saying why this person cannot take a stance."""
        proposal = await self._require(proposal_id)
        if proposal.state is not ProposalState.OPEN:
            raise DecisionError("not_open")
        assert proposal.deadline is not None
        if self.clock() >= proposal.deadline:
            raise DecisionError("deadline_passed")
        if not await self.in_body(proposal, person):
            raise DecisionError("not_in_body")
        return proposal

    async def stances(self, proposal: Proposal) -> list[StanceLine]:
        """The stances of the current body members, in the order they were taken."""
        members = {member.id: member for member in await self.body_members(proposal)}
        statement = (
            select(Stance)
            .where(Stance.proposal_id == proposal.id)
            .order_by(col(Stance.updated_at), col(Stance.person_id))
        )
        async with self.db.session() as session:
            rows = list(await session.exec(statement))
        return [
            StanceLine(row.person_id, members[row.person_id].display_name, row.kind, row.reason)
            for row in rows
            if row.person_id in members
        ]

    async def tally(self, proposal: Proposal) -> Tally:
        body = await self.body_members(proposal)
        lines = await self.stances(proposal)
        return Tally.of((line.kind for line in lines), len(body))

    async def without_stance(self, proposal: Proposal) -> list[PersonView]:
        taken = {line.person_id for line in await self.stances(proposal)}
        return [member for member in await self.body_members(proposal) if member.id not in taken]

    async def pending_for(self, person: PersonView) -> list[Proposal]:
        """Open proposals of bodies the person belongs to that await their stance."""
        waiting = []
        for proposal in await self.listing([ProposalState.OPEN], limit=200):
            if not await self.in_body(proposal, person):
                continue
            async with self.db.session() as session:
                taken = await session.get(Stance, (proposal.id, person.id))
            if taken is None:
                waiting.append(proposal)
        return waiting

    # ----- discussion: amend or withdraw after a block ----------------------------------------

    async def amend(self, person: PersonView, proposal_id: int, description: str) -> Proposal:
        """The proposer rewrites the text; stances are kept (everyone is told and may revise)."""
        proposal = await self._require(proposal_id, ProposalState.OPEN)
        if proposal.proposer_id != person.id:
            raise DecisionError("not_proposer")
        if not description.strip():
            raise DecisionError("empty")
        changed = await self._transition(
            proposal_id,
            ProposalState.OPEN,
            description=description.strip()[:DESCRIPTION_MAX],
            amendments=proposal.amendments + 1,
        )
        if not changed:
            raise DecisionError("wrong_state")
        return await self._require(proposal_id)

    async def withdraw(self, person: PersonView, proposal_id: int) -> Proposal:
        proposal = await self._require(proposal_id, ProposalState.OPEN)
        if proposal.proposer_id != person.id:
            raise DecisionError("not_proposer")
        return await self._close(proposal, ProposalState.WITHDRAWN)

    # ----- closing ----------------------------------------------------------------------------

    async def _close(self, proposal: Proposal, outcome: ProposalState) -> Proposal:
        body = await self.body_members(proposal)
        changed = await self._transition(
            proposal.number,
            ProposalState.OPEN,
            state=outcome,
            closed_at=self.clock(),
            body_size=len(body),
        )
        if not changed:
            raise DecisionError("wrong_state")
        return await self._require(proposal.number)

    async def deadline_reached(self, proposal_id: int) -> DeadlineResult | None:
        """At the deadline: extend once without quorum, else close. None if not (yet) due or
        already handled — so a job that runs twice does nothing the second time."""
        proposal = await self.get(proposal_id)
        if proposal is None or proposal.state is not ProposalState.OPEN:
            return None
        assert proposal.deadline is not None
        if self.clock() < proposal.deadline:
            return None
        tally = await self.tally(proposal)
        rules = rules_of(proposal)
        step = at_deadline(tally, rules, extended=proposal.extended)
        if step is DeadlineStep.EXTEND:
            statement = (
                update(Proposal)
                .where(
                    col(Proposal.id) == proposal_id,
                    col(Proposal.state) == ProposalState.OPEN,
                    col(Proposal.extended).is_(False),
                )
                .values(extended=True, deadline=proposal.deadline + EXTENSION)
            )
            async with self.db.session() as session:
                result = await session.exec(statement)  # type: ignore[call-overload]
                if result.rowcount != 1:
                    return None
            extended = await self._require(proposal_id)
            return DeadlineResult(extended, step, tally, await self.without_stance(extended))
        try:
            closed = await self._close(proposal, verdict(tally, rules))
        except DecisionError:
            return None
        return DeadlineResult(closed, step, tally, [])

    async def close_early(self, coordinator: PersonView, proposal_id: int) -> Proposal:
        """Allowed only once every member of the body has taken a stance; for those who review
        the proposal (a group's coordinator for the group's own)."""
        proposal = await self._require(proposal_id, ProposalState.OPEN)
        if not await self.may_review(coordinator, proposal):
            raise DecisionError("not_coordinator")
        tally = await self.tally(proposal)
        if not tally.everyone_took_a_stance():
            raise DecisionError("stances_missing")
        return await self._close(proposal, verdict(tally, rules_of(proposal)))

    async def record_outcome(
        self,
        coordinator: PersonView,
        proposal_id: int,
        text: str,
        review_at: datetime | None = None,
    ) -> Proposal:
        """The coordinator's short written outcome and an optional review date (by those who
        review the proposal)."""
        proposal = await self._require(proposal_id)
        if not await self.may_review(coordinator, proposal):
            raise DecisionError("not_coordinator")
        if not proposal.state.closed:
            raise DecisionError("not_closed")
        if not text.strip():
            raise DecisionError("empty")
        if review_at is not None and review_at <= self.clock():
            raise DecisionError("past_date")
        async with self.db.session() as session:
            stored = await session.get(Proposal, proposal_id)
            assert stored is not None
            stored.outcome = text.strip()[:DESCRIPTION_MAX]
            stored.review_at = review_at
            audit.record(
                session, actor_id=coordinator.id, action="decision.outcome", proposal=proposal_id
            )
        return await self._require(proposal_id)

    async def reopen_for_review(self, proposal_id: int) -> Proposal | None:
        """On the review date: the same question again, to the same body (once)."""
        original = await self.get(proposal_id)
        if original is None or original.review_at is None or original.reopened_as_id is not None:
            return None
        if self.clock() < original.review_at:
            return None
        now = self.clock()
        async with self.db.session() as session:
            again = Proposal(
                kind=original.kind,
                title=original.title,
                description=original.description,
                changes_item=original.changes_item,
                plan_item_id=(
                    original.plan_item_id if original.kind is ProposalKind.PLAN_CHANGE else None
                ),
                responsible=original.responsible,
                due_date=original.due_date,
                proposer_id=original.proposer_id,
                working_group_id=original.working_group_id,
                state=ProposalState.OPEN,
                quorum_numerator=original.quorum_numerator,
                quorum_denominator=original.quorum_denominator,
                threshold_numerator=original.threshold_numerator,
                threshold_denominator=original.threshold_denominator,
                opened_at=now,
                deadline=now + timedelta(days=DEFAULT_DECISION_DAYS),
                reopens_id=proposal_id,
            )
            session.add(again)
            await session.flush()
            result = await session.exec(
                update(Proposal)  # type: ignore[call-overload]
                .where(col(Proposal.id) == proposal_id, col(Proposal.reopened_as_id).is_(None))
                .values(reopened_as_id=again.id)
            )
            if result.rowcount != 1:
                await session.rollback()
                return None
        return again

    async def mark_reminded(self, proposal_id: int, deadline: datetime) -> bool:
        """True once per deadline: the reminder for it is ours to send."""
        statement = (
            update(Proposal)
            .where(
                col(Proposal.id) == proposal_id,
                col(Proposal.state) == ProposalState.OPEN,
                col(Proposal.deadline) == deadline,
                (col(Proposal.reminded_for).is_(None)) | (col(Proposal.reminded_for) != deadline),
            )
            .values(reminded_for=deadline)
        )
        async with self.db.session() as session:
            result = await session.exec(statement)  # type: ignore[call-overload]
            return bool(result.rowcount == 1)

    async def reviews_scheduled(self) -> list[Proposal]:
        statement = select(Proposal).where(
            col(Proposal.review_at).is_not(None), col(Proposal.reopened_as_id).is_(None)
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    # ----- cards, followers and the community chat --------------------------------------------

    async def cards(self, proposal_id: int) -> list[ProposalCard]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(ProposalCard).where(ProposalCard.proposal_id == proposal_id)
            )
            return list(rows)

    async def save_card(self, proposal_id: int, chat_id: int, message_id: int, locale: str) -> None:
        """One live card per chat: a newer one replaces the older."""
        async with self.db.session() as session:
            card = await session.get(ProposalCard, (proposal_id, chat_id))
            if card is None:
                session.add(
                    ProposalCard(
                        proposal_id=proposal_id,
                        chat_id=chat_id,
                        message_id=message_id,
                        locale=locale,
                    )
                )
            else:
                card.message_id = message_id
                card.locale = locale

    async def community_chat_id(self) -> int | None:
        """The community chat that /setcommunitychat (membership) chose."""
        return await chat_setting(self.db, COMMUNITY_CHAT)

    async def chat_of(self, proposal: Proposal) -> int | None:
        """Where the body talks: the group's linked chat, or the community chat."""
        if proposal.working_group_id is None:
            return await self.community_chat_id()
        group = await self.group(proposal.working_group_id)
        return None if group is None else group.chat_id

    async def group_name(self, proposal: Proposal) -> str | None:
        group = await self.group(proposal.working_group_id)
        return None if group is None else group.name

    async def set_following(self, person: PersonView, following: bool) -> None:
        await state.save(self.db, FOLLOWERS_KIND, str(person.id), True if following else None)

    async def is_following(self, person: PersonView) -> bool:
        return bool(await state.load(self.db, FOLLOWERS_KIND, str(person.id)))

    async def followers(self, proposal: Proposal) -> list[PersonView]:
        """Body members who asked to get every new card privately."""
        wanted = {int(key) for key in await state.load_all(self.db, FOLLOWERS_KIND)}
        return [member for member in await self.body_members(proposal) if member.id in wanted]

    async def person(self, person_id: int) -> PersonView | None:
        async with self.db.session() as session:
            found = await session.get(Person, person_id)
            return None if found is None else PersonView.of(found)

    async def coordinators(self) -> list[PersonView]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(Person).where(col(Person.role).in_([Role.COORDINATOR, Role.ORGANISER]))
            )
            return [PersonView.of(person) for person in rows]


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
