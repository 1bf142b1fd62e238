"""Notices the bot sends about meetings on its own (invitations, the time poll, reminders,
feedback requests, announcements of changes), from jobs.

A job reads what to say (`invitation`, `reminder`, ...), renders it, and gives the service a
`queue` that puts it in the outbox: the service claims the notice (or records the
invitations) in the same transaction, so each goes out once, even across a crash."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import PersonView
from bot.meetings import queries
from bot.meetings.base import MeetingsBase
from bot.meetings.parsing import MAX_DURATION
from bot.meetings.rules import ANNOUNCE
from bot.meetings.views import Announcement, Invitation, MeetingView, Notice, Restore
from models import Answer, Attendance, Meeting, MeetingNotice, MeetingStatus

Queue = Callable[[AsyncSession], Awaitable[None]]
"""Adds a broadcast to the outbox in the given transaction."""
QueueFor = Callable[[AsyncSession, Sequence[PersonView]], Awaitable[None]]
"""... to these people."""


class Notices(MeetingsBase):
    async def restore(self) -> Restore:
        """At start: the announcements still to send, and the jobs of every meeting that
        matters (not cancelled, not over for more than a day); invitations for those ahead."""
        now = self.clock()
        statement = select(Meeting).where(
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > now - MAX_DURATION - timedelta(days=1),
        )
        pending = select(MeetingNotice).where(col(MeetingNotice.kind).startswith(ANNOUNCE))
        async with self.db.session() as session:
            announcements = tuple((row.meeting_id, row.kind) for row in await session.exec(pending))
            active = [m for m in await session.exec(statement) if m.ends_at > now - timedelta(1)]
            plans = tuple([await self._plan(session, meeting, invite=True) for meeting in active])
        return Restore(announcements, plans)

    async def sent_notices(self, meeting_id: int) -> set[str]:
        """The notices of a meeting sent already ("poll", "remind:60", "feedback")."""
        async with self.db.session() as session:
            return await queries.sent(session, meeting_id)

    async def invitation(self, meeting_id: int) -> Invitation | None:
        """The invitation (or the time poll) and its audience; None when there is nothing to
        send (cancelled, or started already)."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is MeetingStatus.CANCELLED:
                return None
            people = tuple(PersonView.of(p) for p in await self._audience(session, meeting))
            view = MeetingView.of(meeting)
            if meeting.status is MeetingStatus.POLLING:
                return Invitation(view, people, 0, await queries.slots(session, meeting_id))
            if meeting.starts_at <= self.clock():
                return None
            return Invitation(view, people, await queries.count(session, meeting_id, Answer.GOING))

    async def invite(
        self, meeting_id: int, people: Sequence[PersonView], queue: QueueFor
    ) -> list[PersonView]:
        """Record an invitation for each of `people` not invited yet and, in the same
        transaction, `queue` the invitation to them: everyone is invited once, even across a
        crash. Returns who was invited now."""
        async with self.db.session() as session:
            statement = select(Attendance.person_id).where(Attendance.meeting_id == meeting_id)
            invited = set(await session.exec(statement))
            fresh = [person for person in people if person.id not in invited]
            for person in fresh:
                session.add(Attendance(meeting_id=meeting_id, person_id=person.id))
            if fresh:
                await queue(session, fresh)
        return fresh

    async def claim_notice(self, meeting_id: int, kind: str, queue: Queue | None = None) -> bool:
        """True the first time a notice is claimed; later claims (after a restart too) are
        False. `queue` puts the notice in the outbox in the same transaction."""
        async with self.db.session() as session:
            if await session.get(MeetingNotice, (meeting_id, kind)) is not None:
                return False
            session.add(MeetingNotice(meeting_id=meeting_id, kind=kind))
            if queue is not None:
                await queue(session)
        return True

    async def reminder(self, meeting_id: int) -> Notice | None:
        """A reminder to those going, while the meeting is scheduled and ahead."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
                return None
            if meeting.starts_at <= self.clock():
                return None
            return Notice(MeetingView.of(meeting), await queries.going(session, meeting_id))

    async def feedback_request(self, meeting_id: int) -> Notice | None:
        """The request to rate a meeting that took place, to those who went."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
                return None
            if meeting.ends_at > self.clock():
                return None
            return Notice(MeetingView.of(meeting), await queries.going(session, meeting_id))

    async def announcement(self, meeting_id: int) -> Announcement | None:
        """The meeting as it is now and everyone to tell of a change."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None:
                return None
            going = await queries.count(session, meeting_id, Answer.GOING)
            recipients = await queries.recipients(session, meeting_id)
            return Announcement(MeetingView.of(meeting), going, tuple(recipients))

    async def finish_announcement(self, meeting_id: int, kind: str, queue: Queue) -> bool:
        """Take a queued announcement off the list and `queue` it in the outbox, in one
        transaction; False if it was done already."""
        async with self.db.session() as session:
            row = await session.get(MeetingNotice, (meeting_id, kind))
            if row is None:
                return False
            await session.delete(row)
            await queue(session)
        return True
