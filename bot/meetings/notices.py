"""Notices the bot sends about meetings on its own (invitations, the time poll, reminders,
feedback requests, announcements of changes), from jobs.

A job reads what to say (`invitation`, `reminder`, ...), renders it, and gives the service a
`queue` that puts it in the outbox: the service claims the notice (or records the
invitations) in the same transaction, so each goes out once, even across a crash."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import PersonView
from bot.meetings import queries
from bot.meetings.base import MeetingsBase
from bot.meetings.outgoing import Announcement, Invitation, Notice
from bot.meetings.parsing import MAX_DURATION
from bot.meetings.rules import ANNOUNCE, GROUP_CARD
from bot.meetings.views import MeetingView, Restore
from models import Answer, Attendance, Meeting, MeetingNotice, MeetingStatus

Queue = Callable[[AsyncSession], Awaitable[None]]
"""Adds a broadcast to the outbox in the given transaction."""
QueueFor = Callable[[AsyncSession, Sequence[PersonView], Mapping[int, Answer]], Awaitable[None]]
"""... to these people, each with their answer (by person id)."""


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
        """The invitation (or the time poll) and its audience, and the working group's chat
        if its card is still to be posted there; None when there is nothing to send
        (cancelled, or started already)."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is MeetingStatus.CANCELLED:
                return None
            people = tuple(PersonView.of(p) for p in await self._audience(session, meeting))
            view = await self._view(meeting)
            if meeting.status is MeetingStatus.POLLING:
                return Invitation(view, people, 0, await queries.slots(session, meeting_id))
            if meeting.starts_at <= self.clock():
                return None
            group = await self._group(meeting)
            posted = GROUP_CARD in await queries.sent(session, meeting_id)
            chat = None if group is None or posted else group.chat_id
            going = await queries.count(session, meeting_id, Answer.GOING)
            return Invitation(view, people, going, group_chat=chat)

    async def invite(
        self, meeting_id: int, people: Sequence[PersonView], queue: QueueFor
    ) -> list[PersonView]:
        """Record an invitation for each of `people` not invited yet (also those a time poll
        registered) and, in the same transaction, `queue` the invitation to them: everyone
        is invited once, even across a crash. Returns who was invited now."""
        now = self.clock()
        async with self.db.session() as session:
            statement = select(Attendance).where(Attendance.meeting_id == meeting_id)
            rows = {row.person_id: row for row in await session.exec(statement)}
            fresh = [p for p in people if p.id not in rows or rows[p.id].invited_at is None]
            for person in fresh:
                row = rows.get(person.id) or Attendance(meeting_id=meeting_id, person_id=person.id)
                row.invited_at = now  # also for those a time poll registered
                session.add(row)
                rows[person.id] = row
            if fresh:
                await queue(session, fresh, {p.id: rows[p.id].answer for p in fresh})
        return fresh

    async def group_card(self, meeting_id: int) -> tuple[MeetingView, int] | None:
        """The meeting as its card in the working group's chat shows it, with how many are
        going; None if no card was posted."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.group_message_id is None:
                return None
            going = await queries.count(session, meeting_id, Answer.GOING)
            return await self._view(meeting), going

    async def posted_group_card(self, meeting_id: int, chat_id: int, message_id: int) -> None:
        """The card was posted in the group's chat (claimed as sent before posting)."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is not None:
                meeting.group_chat_id, meeting.group_message_id = chat_id, message_id

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
            return Notice(await self._view(meeting), await queries.going(session, meeting_id))

    async def feedback_request(self, meeting_id: int) -> Notice | None:
        """The request to rate a meeting that took place, to those who went."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
                return None
            if meeting.ends_at > self.clock():
                return None
            return Notice(MeetingView.of(meeting), await queries.going(session, meeting_id))

    async def announcement(self, meeting_id: int, kind: str) -> Announcement | None:
        """The meeting as it is now, what the change replaced, everyone to tell of it and
        the messages to edit."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            notice = await session.get(MeetingNotice, (meeting_id, kind))
            if meeting is None or notice is None:
                return None
            what = kind.removeprefix(ANNOUNCE).split(":")[0]
            messages, recipients = await self._recipients(session, meeting, what)
            return Announcement(
                await self._view(meeting),
                what,
                notice.detail,
                await queries.count(session, meeting_id, Answer.GOING),
                tuple(recipients),
                messages,
            )

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
