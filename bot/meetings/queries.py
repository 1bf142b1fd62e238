"""The reads the meetings service makes inside its sessions (no rules, no writes)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

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


def _voters(meeting_id: int) -> SelectOfScalar[int]:
    return (
        select(MeetingSlotVote.person_id)
        .join(MeetingSlot, col(MeetingSlot.id) == col(MeetingSlotVote.slot_id))
        .where(MeetingSlot.meeting_id == meeting_id)
    )


async def recipients(
    session: AsyncSession, meeting_id: int, also: set[int]
) -> list[tuple[PersonView, Answer | None]]:
    """Everyone invited, with the answer (None: none yet), then everyone who voted on its
    times or is among the person ids `also` (who received its time poll)."""
    rows = await session.exec(
        select(Person, Attendance)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id)
        .order_by(col(Person.id))
    )
    people: list[tuple[PersonView, Answer | None]] = [
        (PersonView.of(person), None if row.answer is Answer.INVITED else row.answer)
        for person, row in rows
    ]
    known = {person.id for person, _answer in people}
    others = await session.exec(
        select(Person)
        .where(or_(col(Person.id).in_(_voters(meeting_id)), col(Person.id).in_(also)))
        .order_by(col(Person.id))
    )
    return people + [(PersonView.of(p), None) for p in others if p.id not in known]


async def voter_ids(session: AsyncSession, meeting_id: int) -> set[int]:
    return set(await session.exec(_voters(meeting_id)))


async def position(session: AsyncSession, row: Attendance) -> int:
    """A waiting person's place in the queue (1: next to move up)."""
    ahead = select(func.count()).where(
        Attendance.meeting_id == row.meeting_id,
        Attendance.answer == Answer.WAITING,
        or_(
            col(Attendance.answered_at) < row.answered_at,
            (col(Attendance.answered_at) == row.answered_at)
            & (col(Attendance.person_id) < row.person_id),
        ),
    )
    return int((await session.exec(ahead)).one()) + 1


async def yes_to(session: AsyncSession, slot_id: int) -> list[tuple[int, datetime | None]]:
    """Who said Yes to a candidate time, and when, earliest first."""
    statement = (
        select(MeetingSlotVote.person_id, MeetingSlotVote.voted_at)
        .where(MeetingSlotVote.slot_id == slot_id, MeetingSlotVote.vote == SlotVote.YES)
        .order_by(col(MeetingSlotVote.voted_at), col(MeetingSlotVote.person_id))
    )
    return [(person_id, voted_at) for person_id, voted_at in await session.exec(statement)]


async def going(session: AsyncSession, meeting_id: int) -> tuple[PersonView, ...]:
    statement = (
        select(Person)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id, Attendance.answer == Answer.GOING)
        .order_by(col(Attendance.answered_at))
    )
    return tuple(PersonView.of(person) for person in await session.exec(statement))
