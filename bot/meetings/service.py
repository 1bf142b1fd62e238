"""Meetings: creation, the audience, answers with capacity and a waiting list, candidate
times, changes, notices sent once, feedback and materials. No telegram here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import col, delete, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import ConfigError
from bot.core.people import PersonView
from bot.db import Database
from bot.i18n import N_
from bot.meetings.parsing import MAX_DURATION, InvalidInput
from models import (
    Answer,
    Attendance,
    Meeting,
    MeetingMaterial,
    MeetingNotice,
    MeetingSlot,
    MeetingSlotVote,
    MeetingStatus,
    Person,
    PersonStatus,
    Role,
    SlotVote,
    utcnow,
)

Queue = Callable[[AsyncSession], Awaitable[None]]  # adds a broadcast in the given transaction
QueueFor = Callable[[AsyncSession, Sequence[Person]], Awaitable[None]]  # ... to these people

DEFAULT_REMINDERS = "1440,60"  # minutes before the start
REMINDERS_VARIABLE = "MEETING_REMINDER_MINUTES"
ANSWERED = (Answer.GOING, Answer.WAITING, Answer.MAYBE, Answer.NOT_GOING)


def reminder_offsets(setting: str | None) -> tuple[int, ...]:
    """Minutes before a meeting when those going are reminded, e.g. "1440,60" (configurable
    with MEETING_REMINDER_MINUTES); a wrong value is a configuration error."""
    text = setting or DEFAULT_REMINDERS
    try:
        offsets = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise ConfigError(f"{REMINDERS_VARIABLE}: whole minutes separated by commas") from None
    if not offsets or any(offset <= 0 for offset in offsets):
        raise ConfigError(f"{REMINDERS_VARIABLE}: whole minutes separated by commas")
    return offsets


class WorkingGroups(Protocol):
    """The working groups as meetings need them (bot.groups.GroupDirectory): who coordinates
    which group and who belongs to it. Person ids, group ids and names."""

    async def coordinated_by(self, person_id: int) -> list[tuple[int, str]]: ...

    async def member_ids(self, group_id: int) -> list[int]: ...


@dataclass
class MeetingDraft:
    """Everything /newmeeting collected; `starts` has one time, or several to poll."""

    title: str
    agenda: str
    starts: list[datetime]
    timezone: str
    duration_minutes: int
    place: str | None
    online_link: str | None
    capacity: int | None
    registration_deadline: datetime | None
    working_group_id: int | None


@dataclass
class AnswerResult:
    answer: Answer
    promoted: list[Person] = field(default_factory=list)


@dataclass
class SlotTally:
    slot: MeetingSlot
    yes: int
    maybe: int
    no: int

    @property
    def rank(self) -> tuple[int, int, float]:
        """Most Yes, then most Maybe, then the earlier time."""
        return (self.yes, self.maybe, -self.slot.starts_at.timestamp())


def may_manage(meeting: Meeting, person: PersonView) -> bool:
    """Only the meeting's creator or an organiser changes a meeting."""
    return meeting.organiser_id == person.id or person.role is Role.ORGANISER


MEMBER_ROLES = [role for role in Role if role.at_least(Role.MEMBER)]


async def create(db: Database, draft: MeetingDraft, organiser_id: int) -> Meeting:
    polling = len(draft.starts) > 1
    meeting = Meeting(
        title=draft.title,
        agenda=draft.agenda,
        starts_at=draft.starts[0],
        duration_minutes=draft.duration_minutes,
        timezone=draft.timezone,
        place=draft.place,
        online_link=draft.online_link,
        capacity=draft.capacity,
        registration_deadline=draft.registration_deadline,
        working_group_id=draft.working_group_id,
        organiser_id=organiser_id,
        status=MeetingStatus.POLLING if polling else MeetingStatus.SCHEDULED,
    )
    async with db.session() as session:
        session.add(meeting)
        await session.flush()
        assert meeting.id is not None
        if polling:
            for start in draft.starts:
                session.add(MeetingSlot(meeting_id=meeting.id, starts_at=start))
    return meeting


async def get(db: Database, meeting_id: int) -> Meeting | None:
    async with db.session() as session:
        return await session.get(Meeting, meeting_id)


async def audience(db: Database, meeting: Meeting, groups: WorkingGroups) -> list[Person]:
    """Reachable members the meeting is for: the whole community or one working group."""
    statement = select(Person).where(
        col(Person.role).in_(MEMBER_ROLES), Person.status == PersonStatus.ACTIVE
    )
    if meeting.working_group_id is not None:
        ids = await groups.member_ids(meeting.working_group_id)
        statement = statement.where(col(Person.id).in_(ids))
    async with db.session() as session:
        return list(await session.exec(statement.order_by(col(Person.id))))


async def in_audience(
    db: Database, meeting: Meeting, person: PersonView, groups: WorkingGroups
) -> bool:
    """Whether this person may answer: any member for a community meeting; for a working
    group's meeting, its members and whoever was invited."""
    if not person.role.at_least(Role.MEMBER):
        return False
    if meeting.working_group_id is None or may_manage(meeting, person):
        return True
    async with db.session() as session:
        if await session.get(Attendance, (meeting.id, person.id)) is not None:
            return True
    return person.id in await groups.member_ids(meeting.working_group_id)


async def invite(
    db: Database, meeting_id: int, people: Sequence[Person], queue: QueueFor
) -> list[Person]:
    """Record an invitation for each of `people` not invited yet and, in the same transaction,
    `queue` the invitation to them (in the outbox): everyone is invited once, even across a
    crash. Returns who was invited now."""
    async with db.session() as session:
        statement = select(Attendance.person_id).where(Attendance.meeting_id == meeting_id)
        invited = set(await session.exec(statement))
        fresh = [person for person in people if person.id not in invited]
        for person in fresh:
            assert person.id is not None
            session.add(Attendance(meeting_id=meeting_id, person_id=person.id))
        if fresh:
            await queue(session, fresh)
    return fresh


def _check_open(meeting: Meeting, now: datetime) -> None:
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInput(N_("This meeting has been cancelled."))
    if meeting.status is MeetingStatus.POLLING:
        raise InvalidInput(N_("The time of this meeting is not fixed yet."))
    if meeting.starts_at <= now:
        raise InvalidInput(N_("This meeting has already started."))


async def answer(
    db: Database, meeting_id: int, person_id: int, wanted: Answer, now: datetime
) -> AnswerResult:
    """Record an answer. Going beyond capacity puts the person on the waiting list; a place
    freed by someone who was going goes to the longest waiting, who are returned."""
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput(N_("This meeting no longer exists."))
        _check_open(meeting, now)
        row = await session.get(Attendance, (meeting_id, person_id))
        if row is None:
            row = Attendance(meeting_id=meeting_id, person_id=person_id)
            session.add(row)
        previous = row.answer
        if wanted is Answer.GOING:
            if previous in (Answer.GOING, Answer.WAITING):
                return AnswerResult(previous)
            deadline = meeting.registration_deadline
            if deadline is not None and now > deadline:
                raise InvalidInput(N_("Registration for this meeting is closed."))
            going = await _count(session, meeting_id, Answer.GOING)
            full = meeting.capacity is not None and going >= meeting.capacity
            wanted = Answer.WAITING if full else Answer.GOING
        row.answer = wanted
        row.answered_at = now
        await session.flush()
        promoted = []
        if previous is Answer.GOING and wanted is not Answer.GOING:
            promoted = await _promote(session, meeting)
        return AnswerResult(wanted, promoted)


async def _count(session: AsyncSession, meeting_id: int, answer: Answer) -> int:
    statement = (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.meeting_id == meeting_id, Attendance.answer == answer)
    )
    return int((await session.exec(statement)).one())


async def _promote(session: AsyncSession, meeting: Meeting) -> list[Person]:
    """Move the longest waiting up while there are free places."""
    going = await _count(session, meeting.id, Answer.GOING)
    free = (meeting.capacity - going) if meeting.capacity is not None else 10**9
    if free <= 0:
        return []
    waiting = list(
        await session.exec(
            select(Attendance)
            .where(Attendance.meeting_id == meeting.id, Attendance.answer == Answer.WAITING)
            .order_by(col(Attendance.answered_at))
            .limit(free)
        )
    )
    promoted = []
    for row in waiting:
        row.answer = Answer.GOING
        promoted.append(await session.get(Person, row.person_id))
    return promoted


async def answer_of(db: Database, meeting_id: int, person_id: int) -> Answer | None:
    async with db.session() as session:
        row = await session.get(Attendance, (meeting_id, person_id))
        return None if row is None else row.answer


async def count_going(db: Database, meeting_id: int) -> int:
    async with db.session() as session:
        return await _count(session, meeting_id, Answer.GOING)


async def upcoming_for(
    db: Database, person: PersonView, now: datetime
) -> list[tuple[Meeting, Answer | None]]:
    """Meetings not over yet, soonest first, with this person's answer (whether the person
    is in each one's audience is for `in_audience` to say)."""
    statement = (
        select(Meeting, Attendance)
        .join(
            Attendance,
            (col(Attendance.meeting_id) == col(Meeting.id)) & (Attendance.person_id == person.id),
            isouter=True,
        )
        .where(
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > now - MAX_DURATION,
        )
        .order_by(col(Meeting.starts_at))
    )
    async with db.session() as session:
        rows = list(await session.exec(statement))
    return [
        (meeting, row.answer if row else None) for meeting, row in rows if meeting.ends_at > now
    ]


async def people_with(db: Database, meeting_id: int, answers: Sequence[Answer]) -> list[Person]:
    statement = (
        select(Person)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id, col(Attendance.answer).in_(answers))
        .order_by(col(Attendance.answered_at))
    )
    async with db.session() as session:
        return list(await session.exec(statement))


async def attendees(db: Database, meeting_id: int) -> list[tuple[Person, Attendance]]:
    """Everyone who answered, going first, then waiting, maybe, not going."""
    statement = (
        select(Person, Attendance)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(Attendance.meeting_id == meeting_id, col(Attendance.answer).in_(ANSWERED))
        .order_by(col(Attendance.answered_at))
    )
    async with db.session() as session:
        rows = list(await session.exec(statement))
    return sorted(rows, key=lambda pair: ANSWERED.index(pair[1].answer))


async def change_time(
    db: Database, actor: PersonView, meeting_id: int, starts: datetime, now: datetime
) -> Meeting:
    """A new start (same length); the reminders start over for the new time."""
    async with db.session() as session:
        meeting = await _managed(session, actor, meeting_id, now)
        if meeting.status is MeetingStatus.POLLING:
            raise InvalidInput(N_("The time of this meeting is not fixed yet."))
        if starts <= now:
            raise InvalidInput(N_("The new time is in the past."))
        deadline = meeting.registration_deadline
        if deadline is not None and deadline > starts:
            meeting.registration_deadline = starts
        meeting.starts_at = starts
        meeting.updated_at = now
        await session.exec(
            delete(MeetingNotice).where(
                col(MeetingNotice.meeting_id) == meeting_id,
                col(MeetingNotice.kind).startswith("remind:"),
            )
        )
        return meeting


async def change_place(
    db: Database,
    actor: PersonView,
    meeting_id: int,
    now: datetime,
    *,
    place: str | None,
    link: str | None,
) -> Meeting:
    async with db.session() as session:
        meeting = await _managed(session, actor, meeting_id, now)
        if place is not None:
            meeting.place = place
        if link is not None:
            meeting.online_link = link
        meeting.updated_at = now
        return meeting


async def cancel(db: Database, actor: PersonView, meeting_id: int, now: datetime) -> Meeting:
    async with db.session() as session:
        meeting = await _managed(session, actor, meeting_id, now)
        meeting.status = MeetingStatus.CANCELLED
        meeting.updated_at = now
        return meeting


async def _managed(
    session: AsyncSession, actor: PersonView, meeting_id: int, now: datetime
) -> Meeting:
    """The meeting, if `actor` may change it and it can still change."""
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput(N_("This meeting no longer exists."))
    if not may_manage(meeting, actor):
        raise InvalidInput(N_("Only the meeting's organiser can change it."))
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInput(N_("This meeting has been cancelled."))
    if meeting.ends_at <= now:
        raise InvalidInput(N_("This meeting is already over."))
    return meeting


# ----- candidate times ----------------------------------------------------------------------


async def slots(db: Database, meeting_id: int) -> list[MeetingSlot]:
    async with db.session() as session:
        statement = (
            select(MeetingSlot)
            .where(MeetingSlot.meeting_id == meeting_id)
            .order_by(col(MeetingSlot.starts_at))
        )
        return list(await session.exec(statement))


async def meeting_of_slot(db: Database, slot_id: int) -> Meeting | None:
    async with db.session() as session:
        slot = await session.get(MeetingSlot, slot_id)
        return None if slot is None else await session.get(Meeting, slot.meeting_id)


async def vote(db: Database, slot_id: int, person_id: int, choice: SlotVote) -> Meeting:
    """A Yes / Maybe / No for one candidate time (changeable while the poll is open)."""
    async with db.session() as session:
        slot = await session.get(MeetingSlot, slot_id)
        meeting = None if slot is None else await session.get(Meeting, slot.meeting_id)
        if meeting is None or meeting.status is not MeetingStatus.POLLING:
            raise InvalidInput(N_("This poll is closed."))
        row = await session.get(MeetingSlotVote, (slot_id, person_id))
        if row is None:
            session.add(MeetingSlotVote(slot_id=slot_id, person_id=person_id, vote=choice))
        else:
            row.vote = choice
        return meeting


async def votes_of(db: Database, meeting_id: int, person_id: int) -> dict[int, SlotVote]:
    statement = (
        select(MeetingSlotVote)
        .join(MeetingSlot, col(MeetingSlot.id) == col(MeetingSlotVote.slot_id))
        .where(MeetingSlot.meeting_id == meeting_id, MeetingSlotVote.person_id == person_id)
    )
    async with db.session() as session:
        return {row.slot_id: row.vote for row in await session.exec(statement)}


async def voters(db: Database, meeting_id: int) -> list[Person]:
    """Everyone who voted on the meeting's candidate times."""
    statement = (
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
    async with db.session() as session:
        return list(await session.exec(statement))


async def tally(db: Database, meeting_id: int) -> list[SlotTally]:
    """Votes per candidate time, best first."""
    statement = (
        select(MeetingSlot, MeetingSlotVote.vote, func.count(col(MeetingSlotVote.person_id)))
        .join(MeetingSlotVote, col(MeetingSlotVote.slot_id) == col(MeetingSlot.id), isouter=True)
        .where(MeetingSlot.meeting_id == meeting_id)
        .group_by(col(MeetingSlot.id), col(MeetingSlotVote.vote))
    )
    counts: dict[int, SlotTally] = {}
    async with db.session() as session:
        for slot, choice, number in await session.exec(statement):
            entry = counts.setdefault(slot.id, SlotTally(slot, 0, 0, 0))
            if choice is not None:
                name = {SlotVote.YES: "yes", SlotVote.MAYBE: "maybe", SlotVote.NO: "no"}[choice]
                setattr(entry, name, number)
    return sorted(counts.values(), key=lambda entry: entry.rank, reverse=True)


async def fix_slot(
    db: Database, actor: PersonView, meeting_id: int, slot_id: int, now: datetime
) -> Meeting:
    """The poll ends: the meeting takes place at this candidate time."""
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        slot = await session.get(MeetingSlot, slot_id)
        if meeting is None or meeting.status is not MeetingStatus.POLLING:
            raise InvalidInput(N_("This poll is closed."))
        if not may_manage(meeting, actor):
            raise InvalidInput(N_("Only the meeting's organiser can change it."))
        if slot is None or slot.meeting_id != meeting_id:
            raise InvalidInput(N_("This time is not one of the meeting's candidates."))
        if slot.starts_at <= now:
            raise InvalidInput(N_("The new time is in the past."))
        meeting.starts_at = slot.starts_at
        meeting.status = MeetingStatus.SCHEDULED
        meeting.updated_at = now
        deadline = meeting.registration_deadline
        if deadline is not None and deadline > slot.starts_at:
            meeting.registration_deadline = None
        return meeting


# ----- notices sent once ------------------------------------------------------------------


async def claim_notice(
    db: Database, meeting_id: int, kind: str, queue: Queue | None = None
) -> bool:
    """True the first time a notice is claimed; later claims (after a restart too) are False.
    `queue` puts the notice in the outbox in the same transaction: it goes out exactly once."""
    async with db.session() as session:
        if await session.get(MeetingNotice, (meeting_id, kind)) is not None:
            return False
        session.add(MeetingNotice(meeting_id=meeting_id, kind=kind))
        if queue is not None:
            await queue(session)
    return True


ANNOUNCE = "announce:"


async def queue_announcement(db: Database, meeting_id: int, what: str) -> str:
    """Note that a change ("time", "place", "cancel") is to be announced; its notice kind."""
    kind = f"{ANNOUNCE}{what}:{utcnow():%Y%m%d%H%M%S%f}"
    async with db.session() as session:
        session.add(MeetingNotice(meeting_id=meeting_id, kind=kind))
    return kind


async def pending_announcements(db: Database) -> list[tuple[int, str]]:
    statement = select(MeetingNotice).where(col(MeetingNotice.kind).startswith(ANNOUNCE))
    async with db.session() as session:
        return [(row.meeting_id, row.kind) for row in await session.exec(statement)]


async def finish_announcement(db: Database, meeting_id: int, kind: str, queue: Queue) -> bool:
    """Take a queued announcement off the list and `queue` it in the outbox, in one
    transaction; False if it was done already."""
    async with db.session() as session:
        row = await session.get(MeetingNotice, (meeting_id, kind))
        if row is None:
            return False
        await session.delete(row)
        await queue(session)
    return True


async def recipients_of_changes(
    db: Database, meeting_id: int
) -> list[tuple[Person, Answer | None]]:
    """Everyone who answered, with the answer, and (for a time poll) everyone who voted."""
    answered = [(person, row.answer) for person, row in await attendees(db, meeting_id)]
    known = {person.id for person, _answer in answered}
    return answered + [(p, None) for p in await voters(db, meeting_id) if p.id not in known]


async def sent_notices(db: Database, meeting_id: int) -> set[str]:
    async with db.session() as session:
        statement = select(MeetingNotice.kind).where(MeetingNotice.meeting_id == meeting_id)
        return {kind for kind in await session.exec(statement) if not kind.startswith(ANNOUNCE)}


async def active_meetings(db: Database, now: datetime) -> list[Meeting]:
    """Meetings whose jobs matter: not cancelled, and not over for more than a day."""
    statement = select(Meeting).where(
        Meeting.status != MeetingStatus.CANCELLED,
        Meeting.starts_at > now - MAX_DURATION - timedelta(days=1),
    )
    async with db.session() as session:
        return [m for m in await session.exec(statement) if m.ends_at > now - timedelta(1)]


def reminder_plan(
    meeting: Meeting, sent: set[str], now: datetime, offsets: Sequence[int]
) -> tuple[list[tuple[int, datetime]], list[int]]:
    """Reminders to schedule (offset, when) and overdue ones to drop: of several overdue
    reminders only the one closest to the start is still sent (at once)."""
    upcoming, overdue = [], []
    for offset in sorted(offsets, reverse=True):
        if f"remind:{offset}" in sent or meeting.starts_at <= now:
            continue
        due = meeting.starts_at - timedelta(minutes=offset)
        (upcoming if due > now else overdue).append((offset, due))
    if overdue:
        upcoming.insert(0, (overdue[-1][0], now))
    return upcoming, [offset for offset, _due in overdue[:-1]]


# ----- feedback and materials -------------------------------------------------------------


async def rate(db: Database, meeting_id: int, person_id: int, rating: int, now: datetime) -> None:
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        row = await session.get(Attendance, (meeting_id, person_id))
        if meeting is None or row is None or row.answer is not Answer.GOING:
            raise InvalidInput(N_("Only people who attended can rate the meeting."))
        if meeting.starts_at > now:
            raise InvalidInput(N_("The meeting has not taken place yet."))
        if not 1 <= rating <= 5:
            raise InvalidInput(N_("Choose a rating from 1 to 5."))
        row.rating = rating


async def comment(db: Database, meeting_id: int, person_id: int, text: str) -> None:
    async with db.session() as session:
        row = await session.get(Attendance, (meeting_id, person_id))
        if row is None or row.rating is None:
            raise InvalidInput(N_("Only people who attended can rate the meeting."))
        row.comment = text


async def feedback_summary(db: Database, meeting_id: int) -> tuple[int, float | None]:
    statement = select(func.count(), func.avg(Attendance.rating)).where(
        Attendance.meeting_id == meeting_id, col(Attendance.rating).is_not(None)
    )
    async with db.session() as session:
        count, average = (await session.exec(statement)).one()
    return int(count), None if average is None else float(average)


async def add_material(
    db: Database,
    actor: PersonView,
    meeting_id: int,
    *,
    file_id: str | None = None,
    file_name: str | None = None,
    url: str | None = None,
) -> MeetingMaterial:
    """Materials are attached by the meeting's organiser, also after the meeting."""
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput(N_("This meeting no longer exists."))
        if not may_manage(meeting, actor):
            raise InvalidInput(N_("Only the meeting's organiser can change it."))
        material = MeetingMaterial(
            meeting_id=meeting_id, file_id=file_id, file_name=file_name, url=url
        )
        session.add(material)
    return material


async def materials(db: Database, meeting_id: int) -> list[MeetingMaterial]:
    statement = (
        select(MeetingMaterial)
        .where(MeetingMaterial.meeting_id == meeting_id)
        .order_by(col(MeetingMaterial.id))
    )
    async with db.session() as session:
        return list(await session.exec(statement))


async def with_materials(db: Database) -> list[Meeting]:
    """Meetings that have materials, newest first (to find them after the meeting)."""
    statement = (
        select(Meeting)
        .where(col(Meeting.id).in_(select(MeetingMaterial.meeting_id)))
        .order_by(col(Meeting.starts_at).desc())
        .limit(20)
    )
    async with db.session() as session:
        return list(await session.exec(statement))


async def personal_data(db: Database, person_id: int) -> dict[str, object]:
    """/mydata: meetings organised, answers with feedback, and votes on candidate times."""
    async with db.session() as session:
        organised = list(
            await session.exec(
                select(Meeting.title, Meeting.starts_at).where(Meeting.organiser_id == person_id)
            )
        )
        answers = list(
            await session.exec(
                select(Meeting.title, Attendance)
                .join(Attendance, col(Attendance.meeting_id) == col(Meeting.id))
                .where(Attendance.person_id == person_id)
            )
        )
        votes = list(
            await session.exec(
                select(Meeting.title, MeetingSlot.starts_at, MeetingSlotVote.vote)
                .join(MeetingSlot, col(MeetingSlot.meeting_id) == col(Meeting.id))
                .join(MeetingSlotVote, col(MeetingSlotVote.slot_id) == col(MeetingSlot.id))
                .where(MeetingSlotVote.person_id == person_id)
            )
        )
    return {
        "meetings_organised": [
            {"title": title, "starts_at": starts.isoformat()} for title, starts in organised
        ],
        "invitations": [
            {
                "meeting": title,
                "answer": row.answer.value,
                "rating": row.rating,
                "comment": row.comment,
            }
            for title, row in answers
        ],
        "time_votes": [
            {"meeting": title, "time": starts.isoformat(), "vote": vote.value}
            for title, starts, vote in votes
        ],
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: votes on times and invitations to meetings still ahead are deleted; for a
    meeting that took place the answer and rating stay as anonymous counts, the comment goes.
    Meetings they organised stay (the community's record), without their name."""
    now = utcnow()
    async with db.session() as session:
        await session.exec(
            delete(MeetingSlotVote).where(col(MeetingSlotVote.person_id) == person_id)
        )
        ahead = select(Meeting.id).where(
            or_(col(Meeting.starts_at) > now, col(Meeting.status) == MeetingStatus.POLLING)
        )
        await session.exec(
            delete(Attendance).where(
                col(Attendance.person_id) == person_id, col(Attendance.meeting_id).in_(ahead)
            )
        )
        for row in await session.exec(select(Attendance).where(Attendance.person_id == person_id)):
            row.comment = None


async def upcoming_of_group(db: Database, group_id: int, now: datetime) -> list[Meeting]:
    """A working group's meetings still ahead (and its time polls), soonest first."""
    statement = (
        select(Meeting)
        .where(
            col(Meeting.working_group_id) == group_id,
            or_(
                col(Meeting.status) == MeetingStatus.POLLING,
                (col(Meeting.status) == MeetingStatus.SCHEDULED) & (col(Meeting.starts_at) > now),
            ),
        )
        .order_by(col(Meeting.starts_at))
    )
    async with db.session() as session:
        return list(await session.exec(statement))
