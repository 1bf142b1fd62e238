"""The reads the meetings service makes inside its sessions (no rules, no writes)."""

from __future__ import annotations

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import PersonView
from bot.meetings.rules import ANNOUNCE, ANSWERED
from bot.meetings.views import Feedback, SlotTally, SlotView
from models import Answer, Attendance, MeetingNotice, MeetingSlot, MeetingSlotVote, Person, SlotVote


async def count(session: AsyncSession, meeting_id: int, answer: Answer) -> int:
    statement = (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.meeting_id == meeting_id, Attendance.answer == answer)
    )
    return int((await session.exec(statement)).one())


async def slots(session: AsyncSession, meeting_id: int) -> tuple[SlotView, ...]:
    statement = (
        select(MeetingSlot)
        .where(MeetingSlot.meeting_id == meeting_id)
        .order_by(col(MeetingSlot.starts_at))
    )
    return tuple(SlotView.of(slot) for slot in await session.exec(statement))


async def votes_of(session: AsyncSession, meeting_id: int, person_id: int) -> dict[int, SlotVote]:
    """One person's votes on a meeting's candidate times, by slot."""
    statement = (
        select(MeetingSlotVote)
        .join(MeetingSlot, col(MeetingSlot.id) == col(MeetingSlotVote.slot_id))
        .where(MeetingSlot.meeting_id == meeting_id, MeetingSlotVote.person_id == person_id)
    )
    return {row.slot_id: row.vote for row in await session.exec(statement)}


async def tally(session: AsyncSession, meeting_id: int) -> tuple[SlotTally, ...]:
    """Votes per candidate time, best first."""
    statement = (
        select(MeetingSlot, MeetingSlotVote.vote, func.count(col(MeetingSlotVote.person_id)))
        .join(MeetingSlotVote, col(MeetingSlotVote.slot_id) == col(MeetingSlot.id), isouter=True)
        .where(MeetingSlot.meeting_id == meeting_id)
        .group_by(col(MeetingSlot.id), col(MeetingSlotVote.vote))
    )
    counts: dict[int, dict[SlotVote, int]] = {}
    views: dict[int, SlotView] = {}
    for slot, choice, number in await session.exec(statement):
        view = SlotView.of(slot)
        views[view.id] = view
        entry = counts.setdefault(view.id, {})
        if choice is not None:
            entry[SlotVote(choice)] = int(number)
    tallies = [
        SlotTally(
            views[slot_id],
            entry.get(SlotVote.YES, 0),
            entry.get(SlotVote.MAYBE, 0),
            entry.get(SlotVote.NO, 0),
        )
        for slot_id, entry in counts.items()
    ]
    return tuple(sorted(tallies, key=lambda tally: tally.rank, reverse=True))


async def feedback(session: AsyncSession, meeting_id: int) -> Feedback:
    statement = select(func.count(), func.avg(Attendance.rating)).where(
        Attendance.meeting_id == meeting_id, col(Attendance.rating).is_not(None)
    )
    count, average = (await session.exec(statement)).one()
    return Feedback(int(count), None if average is None else float(average))


async def answered(session: AsyncSession, meeting_id: int) -> list[tuple[Person, Attendance]]:
    """Everyone who answered, going first, then waiting, maybe, not going."""
    statement = (
        select(Person, Attendance)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id, col(Attendance.answer).in_(ANSWERED))
        .order_by(col(Attendance.answered_at))
    )
    rows = list(await session.exec(statement))
    return sorted(rows, key=lambda pair: ANSWERED.index(pair[1].answer))


async def sent(session: AsyncSession, meeting_id: int) -> set[str]:
    statement = select(MeetingNotice.kind).where(MeetingNotice.meeting_id == meeting_id)
    return {kind for kind in await session.exec(statement) if not kind.startswith(ANNOUNCE)}


async def recipients(
    session: AsyncSession, meeting_id: int
) -> list[tuple[PersonView, Answer | None]]:
    """Everyone who answered, with the answer, and (for a time poll) everyone who voted."""
    people: list[tuple[PersonView, Answer | None]] = [
        (PersonView.of(person), row.answer) for person, row in await answered(session, meeting_id)
    ]
    known = {person.id for person, _answer in people}
    voters = await session.exec(
        select(Person)
        .where(
            col(Person.id).in_(
                select(MeetingSlotVote.person_id)
                .join(MeetingSlot, col(MeetingSlot.id) == col(MeetingSlotVote.slot_id))
                .where(MeetingSlot.meeting_id == meeting_id)
            )
        )
        .order_by(col(Person.id))
    )
    return people + [(PersonView.of(p), None) for p in voters if p.id not in known]


async def going(session: AsyncSession, meeting_id: int) -> tuple[PersonView, ...]:
    statement = (
        select(Person)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id, Attendance.answer == Answer.GOING)
        .order_by(col(Attendance.answered_at))
    )
    return tuple(PersonView.of(person) for person in await session.exec(statement))
