"""What changes a meeting after it was created: its organiser moves it, changes its place,
cancels it or attaches materials (everyone who answered is told of a change); those who went
rate it and comment."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import clean
from bot.meetings import refusals
from bot.meetings.base import MeetingsBase
from bot.meetings.parsing import parse_link, parse_one_start, parse_place_or_link, parse_text
from bot.meetings.rules import may_manage
from bot.meetings.views import Changed, MeetingView
from models import Answer, Attendance, Meeting, MeetingMaterial, MeetingNotice, MeetingStatus


class Changes(MeetingsBase):
    async def managed(self, person: PersonView, meeting_id: int) -> MeetingView:
        """A meeting this person sees and organises (before asking how to change it)."""
        async with self.db.session() as session:
            return MeetingView.of(await self._managed(session, meeting_id, person))

    async def change_time(self, person: PersonView, meeting_id: int, text: str) -> Changed:
        """A new start (same length) from what the organiser wrote; the reminders start over
        for the new time and everyone who answered is to be told."""
        now = self.clock()
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            starts = parse_one_start(text, meeting.timezone, now)
            if meeting.status is MeetingStatus.POLLING:
                raise Refused(refusals.NOT_FIXED)
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
            jobs = await self._plan(session, meeting, invite=False)
            kind, told = await self._announce(session, meeting, "time")
            return Changed(MeetingView.of(meeting), kind, told, jobs)

    async def change_place(self, person: PersonView, meeting_id: int, text: str) -> Changed:
        """A new address, or a new online link, whichever the organiser sent."""
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            place, link = parse_place_or_link(text)
            if place is not None:
                meeting.place = place
            if link is not None:
                meeting.online_link = link
            meeting.updated_at = self.clock()
            kind, told = await self._announce(session, meeting, "place")
            return Changed(MeetingView.of(meeting), kind, told)

    async def cancel(self, person: PersonView, meeting_id: int) -> Changed:
        async with self.db.session() as session:
            meeting = await self._changeable(session, meeting_id, person)
            meeting.status = MeetingStatus.CANCELLED
            meeting.updated_at = self.clock()
            kind, told = await self._announce(session, meeting, "cancel")
            return Changed(MeetingView.of(meeting), kind, told)

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
