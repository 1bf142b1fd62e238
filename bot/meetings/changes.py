"""What changes a meeting after it was created: its organiser moves it, changes its place,
cancels it (with a reason) or attaches materials; everyone invited is told of a change and
their invitations are edited to it. Those who went rate it and comment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import clean
from bot.meetings import refusals
from bot.meetings.base import MeetingsBase
from bot.meetings.parsing import parse_link, parse_one_start, parse_place_or_link, parse_text
from bot.meetings.rules import may_manage
from bot.meetings.views import Changed, MeetingView, Moved
from models import Answer, Attendance, Meeting, MeetingMaterial, MeetingNotice, MeetingStatus


class Changes(MeetingsBase):
    async def managed(self, person: PersonView, meeting_id: int) -> MeetingView:
        """A meeting this person sees and organises (before asking how to change it)."""
        async with self.db.session() as session:
            return MeetingView.of(await self._managed(session, meeting_id, person))

    async def new_time(self, person: PersonView, meeting_id: int, text: str) -> Moved:
        """The new start the organiser wrote, to confirm before anything changes."""
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            if meeting.status is MeetingStatus.POLLING:
                raise Refused(refusals.NOT_FIXED)
            starts = parse_one_start(text, meeting.timezone, self.clock())
            if starts == meeting.starts_at:
                raise Refused(refusals.SAME_TIME)
            return Moved(await self._view(meeting), starts)

    async def change_time(self, person: PersonView, meeting_id: int, starts: datetime) -> Changed:
        """A new start (same length), confirmed by the organiser; the reminders start over
        for the new time and everyone invited is to be told (their invitations show the old
        and the new time)."""
        now = self.clock()
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            if meeting.status is MeetingStatus.POLLING:
                raise Refused(refusals.NOT_FIXED)
            if starts <= now:
                raise Refused(refusals.PAST)
            if starts == meeting.starts_at:
                raise Refused(refusals.SAME_TIME)
            before = meeting.starts_at.isoformat()
            deadline = meeting.registration_deadline
            if deadline is not None and deadline > starts:
                meeting.registration_deadline = starts
            meeting.starts_at = starts
            await session.exec(
                delete(MeetingNotice).where(
                    col(MeetingNotice.meeting_id) == meeting_id,
                    col(MeetingNotice.kind).startswith("remind:"),
                )
            )
            jobs = await self._plan(session, meeting, invite=False)
            kind, told = await self._announce(session, meeting, "time", before)
            return Changed(await self._view(meeting), kind, told, jobs)

    async def change_place(self, person: PersonView, meeting_id: int, text: str) -> Changed:
        """A new address, or a new online link, whichever the organiser sent."""
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            place, link = parse_place_or_link(text)
            before = meeting.place if place is not None else None  # a link is not shown to all
            if place is not None:
                meeting.place = place
            if link is not None:
                meeting.online_link = link
            kind, told = await self._announce(session, meeting, "place", before)
            return Changed(await self._view(meeting), kind, told)

    async def cancel(self, person: PersonView, meeting_id: int, reason: str) -> Changed:
        """Cancelled, with the organiser's reason, which everyone invited is told."""
        why = parse_text(reason, 500)
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            polling = meeting.status is MeetingStatus.POLLING
            meeting.status = MeetingStatus.CANCELLED
            meeting.cancel_reason = why
            before = MeetingStatus.POLLING.value if polling else None
            kind, told = await self._announce(session, meeting, "cancel", before)
            return Changed(await self._view(meeting), kind, told)

    async def add_material(
        self,
        person: PersonView,
        meeting_id: int,
        *,
        file_id: str | None = None,
        file_name: str | None = None,
        text: str | None = None,
    ) -> None:
        """A document, or a link written as `text`, attached by the meeting's organiser (also
        after the meeting)."""
        async with self.db.session() as session:
            meeting = await self._meeting(session, meeting_id)
            if not may_manage(meeting, person):
                raise Refused(refusals.ORGANISER_ONLY)
            if file_id is not None:
                material = MeetingMaterial(
                    meeting_id=meeting_id,
                    file_id=file_id,
                    file_name=clean(file_name) or None,
                )
            elif text is not None:
                material = MeetingMaterial(meeting_id=meeting_id, url=parse_link(text))
            else:
                raise Refused(refusals.FILE_OR_LINK)
            session.add(material)

    async def rate(self, person: PersonView, meeting_id: int, rating: int) -> None:
        """A rating from 1 to 5 by someone who went (changeable)."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            row = await session.get(Attendance, (meeting_id, person.id))
            if meeting is None or row is None or row.answer is not Answer.GOING:
                raise Refused(refusals.ATTENDEES_ONLY)
            if meeting.starts_at > self.clock():
                raise Refused(refusals.NOT_YET)
            if not 1 <= rating <= 5:
                raise Refused(refusals.RATING_RANGE)
            row.rating = rating

    async def comment(self, person: PersonView, meeting_id: int, text: str) -> None:
        """A short comment after the rating."""
        comment = parse_text(text, 2000)
        async with self.db.session() as session:
            row = await session.get(Attendance, (meeting_id, person.id))
            if row is None or row.rating is None:
                raise Refused(refusals.ATTENDEES_ONLY)
            row.comment = comment
