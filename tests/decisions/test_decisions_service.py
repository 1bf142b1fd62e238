"""The decisions service on a real database: states, stances, deadlines, outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from bot.core.errors import Refused
from bot.core.people import People, PersonView
from bot.db import Database
from bot.decisions import DecisionServices
from bot.decisions.refusals import (
    DEADLINE_PASSED,
    NOT_IN_BODY,
    NOT_MEMBER,
    NOT_REVIEWER,
    STANCES_MISSING,
)
from bot.decisions.rules import DeadlineStep, Rules
from bot.decisions.views import Draft
from models import ProposalKind, ProposalState, Role, StanceKind

START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


async def make_people(db: Database, count: int, role: Role = Role.MEMBER) -> list[PersonView]:
    people = People(db, organiser_ids=[])
    made = []
    for number in range(1, count + 1):
        await people.identify(telegram_id=number, first_name=f"P{number}")
        made.append(await people.set_role(actor=None, telegram_id=number, role=role))
    return made


async def opened(decisions: DecisionServices, proposer: PersonView, coordinator: PersonView):
    draft = Draft(kind=ProposalKind.RULE, title="Тишина", description="После 22:00 не пишем")
    submitted = await decisions.proposals.submit(proposer, draft)
    assert submitted.state is ProposalState.SUBMITTED
    return await decisions.proposals.open(coordinator, submitted.id, days=7)


async def test_consensus_with_change_of_stance(database: Database) -> None:
    clock = Clock()
    decisions = DecisionServices.build(database, clock=clock)
    members = await make_people(database, 4)
    coordinator = await People(database, organiser_ids=[]).set_role(
        actor=None, telegram_id=1, role=Role.COORDINATOR
    )
    members[0] = coordinator
    proposal = await opened(decisions, members[1], coordinator)
    assert proposal.deadline == START + timedelta(days=7)
    await decisions.proposals.take_stance(members[0], proposal.id, StanceKind.DISAGREE, "дорого")
    await decisions.proposals.take_stance(members[1], proposal.id, StanceKind.AGREE)
    await decisions.proposals.take_stance(members[2], proposal.id, StanceKind.AGREE)
    changed = await decisions.proposals.take_stance(members[0], proposal.id, StanceKind.AGREE)
    assert changed.previous is StanceKind.DISAGREE
    with pytest.raises(Refused) as refused:
        await decisions.closing.close_early(coordinator, proposal.id)
    assert refused.value.reason == STANCES_MISSING
    assert [p.id for p in await decisions.listing.pending_for(members[3])] == [proposal.id]
    await decisions.proposals.take_stance(members[3], proposal.id, StanceKind.ABSTAIN)
    assert await decisions.listing.pending_for(members[3]) == []
    closed = await decisions.closing.close_early(coordinator, proposal.id)
    assert closed.state is ProposalState.ACCEPTED
    assert closed.body_size == 4
    with pytest.raises(Refused):
        await decisions.proposals.take_stance(members[3], proposal.id, StanceKind.AGREE)


async def test_refusals(database: Database) -> None:
    clock = Clock()
    decisions = DecisionServices.build(database, clock=clock)
    members = await make_people(database, 2)
    people = People(database, organiser_ids=[])
    outsider = await people.identify(telegram_id=50, first_name="Гость")
    with pytest.raises(Refused) as error:
        await decisions.proposals.submit(outsider, Draft(ProposalKind.RULE, "t", "d"))
    assert error.value.reason == NOT_MEMBER
    submitted = await decisions.proposals.submit(members[0], Draft(ProposalKind.RULE, "t", "d"))
    with pytest.raises(Refused) as error:
        await decisions.proposals.open(members[1], submitted.id)
    assert error.value.reason == NOT_REVIEWER
    boss = await people.set_role(actor=None, telegram_id=2, role=Role.COORDINATOR)
    returned = await decisions.proposals.send_back(boss, submitted.id, "уточните")
    assert returned.state is ProposalState.RETURNED
    with pytest.raises(Refused):
        await decisions.proposals.open(boss, submitted.id)  # returned: no longer to review
    proposal = await opened(decisions, members[0], boss)
    with pytest.raises(Refused) as error:
        await decisions.proposals.take_stance(outsider, proposal.id, StanceKind.AGREE)
    assert error.value.reason == NOT_IN_BODY
    with pytest.raises(Refused):
        await decisions.proposals.take_stance(members[0], proposal.id, StanceKind.BLOCK, "")
    assert (await decisions.stances.tally(proposal)).total == 0
    clock.now = proposal.deadline
    with pytest.raises(Refused) as error:
        await decisions.proposals.take_stance(members[0], proposal.id, StanceKind.AGREE)
    assert error.value.reason == DEADLINE_PASSED


async def test_block_amend_and_withdraw(database: Database) -> None:
    decisions = DecisionServices.build(database, clock=Clock())
    members = await make_people(database, 3)
    boss = await People(database, organiser_ids=[]).set_role(
        actor=None, telegram_id=3, role=Role.COORDINATOR
    )
    proposal = await opened(decisions, members[0], boss)
    await decisions.proposals.take_stance(
        members[1], proposal.id, StanceKind.BLOCK, "нарушает устав"
    )
    with pytest.raises(Refused):
        await decisions.proposals.amend(members[1], proposal.id, "чужая правка")
    amended = await decisions.proposals.amend(members[0], proposal.id, "После 23:00 не пишем")
    assert amended.amendments == 1 and amended.description == "После 23:00 не пишем"
    lines = await decisions.stances.of(amended)
    assert [(line.kind, line.reason) for line in lines] == [(StanceKind.BLOCK, "нарушает устав")]
    withdrawn = await decisions.proposals.withdraw(members[0], proposal.id)
    assert withdrawn.state is ProposalState.WITHDRAWN


async def test_no_quorum_extension_then_no_quorum_and_review(database: Database) -> None:
    clock = Clock()
    decisions = DecisionServices.build(database, clock=clock)
    members = await make_people(database, 4)
    boss = await People(database, organiser_ids=[]).set_role(
        actor=None, telegram_id=4, role=Role.COORDINATOR
    )
    proposal = await opened(decisions, members[0], boss)
    await decisions.proposals.take_stance(members[0], proposal.id, StanceKind.AGREE)
    assert await decisions.closing.deadline_reached(proposal.id) is None  # not yet due
    clock.now = proposal.deadline
    assert await decisions.closing.mark_reminded(proposal.id, proposal.deadline)
    assert not await decisions.closing.mark_reminded(proposal.id, proposal.deadline)
    result = await decisions.closing.deadline_reached(proposal.id)
    assert result is not None and result.step is DeadlineStep.EXTEND
    assert [p.telegram_id for p in result.to_remind] == [2, 3, 4]
    assert result.proposal.deadline == proposal.deadline + timedelta(days=3)
    assert (
        await decisions.closing.deadline_reached(proposal.id) is None
    )  # same moment: done already
    clock.now = result.proposal.deadline
    final = await decisions.closing.deadline_reached(proposal.id)
    assert final is not None and final.step is DeadlineStep.CLOSE
    assert final.proposal.state is ProposalState.NO_QUORUM
    assert await decisions.closing.deadline_reached(proposal.id) is None  # closed exactly once
    with pytest.raises(Refused):
        await decisions.closing.record_outcome(members[0], proposal.id, "итог")
    review = clock.now + timedelta(days=30)
    noted = await decisions.closing.record_outcome(boss, proposal.id, "Вернёмся позже", review)
    assert noted.outcome == "Вернёмся позже"
    assert [p.id for p in await decisions.closing.reviews_scheduled()] == [proposal.id]
    assert await decisions.closing.reopen_for_review(proposal.id) is None  # too early
    clock.now = review
    again = await decisions.closing.reopen_for_review(proposal.id)
    assert again is not None and again.state is ProposalState.OPEN
    assert again.reopens_id == proposal.id and again.title == proposal.title
    assert await decisions.closing.reopen_for_review(proposal.id) is None  # once
    assert await decisions.closing.reviews_scheduled() == []


async def test_working_group_body_through_the_seam(database: Database) -> None:
    members = await make_people(database, 3)

    async def group_members(group_id: int) -> list[int]:
        return [members[0].id, members[1].id] if group_id == 7 else []

    decisions = DecisionServices.build(database, clock=Clock(), group_members=group_members)
    boss = await People(database, organiser_ids=[]).set_role(
        actor=None, telegram_id=1, role=Role.COORDINATOR
    )
    draft = Draft(ProposalKind.PLAN_ADD, "Сайт", "Сделать сайт", working_group_id=7)
    proposal = await decisions.proposals.open(
        boss, (await decisions.proposals.submit(members[0], draft)).id
    )
    with pytest.raises(Refused):
        await decisions.proposals.take_stance(members[2], proposal.id, StanceKind.AGREE)
    await decisions.proposals.take_stance(members[1], proposal.id, StanceKind.AGREE)
    assert (await decisions.stances.tally(proposal)).body_size == 2


async def test_rules_are_stored_with_the_proposal(database: Database) -> None:
    """A body with a lower threshold: 1 of 2 agreeing is enough; the old proposal keeps its."""
    members = await make_people(database, 2)
    boss = await People(database, organiser_ids=[]).set_role(
        actor=None, telegram_id=1, role=Role.COORDINATOR
    )
    strict = DecisionServices.build(database, clock=Clock())
    first = await opened(strict, members[1], boss)
    lenient = DecisionServices.build(database, clock=Clock(), rules=Rules(threshold=Fraction(1, 2)))
    second = await opened(lenient, members[1], boss)
    for proposal in (first, second):
        await lenient.proposals.take_stance(boss, proposal.id, StanceKind.AGREE)
        await lenient.proposals.take_stance(
            members[1], proposal.id, StanceKind.DISAGREE, "не сейчас"
        )
    with pytest.raises(Refused):  # 1 of 2 is short of its 2/3: it would not be accepted
        await lenient.closing.close_early(boss, first.id)
    assert (await lenient.closing.close_early(boss, second.id)).state is ProposalState.ACCEPTED
