"""Answers to an invitation: Going / Maybe / Not going, with a capacity and a waiting list
whose order everyone waiting can see."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import PersonView
from bot.meetings import queries
from bot.meetings.base import MeetingsBase
from bot.meetings.rules import check_open, check_registration
from bot.meetings.views import Rsvp
from models import Answer, Attendance, Meeting, Person


class Answers(MeetingsBase):
    async def rsvp(self, person: PersonView, meeting_id: int, wanted: Answer) -> Rsvp:
        """Record an answer and give the card after it. Going beyond capacity puts the person
        on the waiting list; a place freed by someone who was going goes to the longest
        waiting, who are returned to be told."""
        now = self.clock()
        async with self.db.session() as session:
            # One answer at a time per meeting (people answer at once): the places counted
            # below are still free when this answer takes one. SQLite has one writer anyway.
            await session.get(Meeting, meeting_id, with_for_update=True)
            meeting = await self._visible(session, meeting_id, person)
            check_open(meeting, now)
            row = await session.get(Attendance, (meeting_id, person.id))
            if row is None:
                row = Attendance(meeting_id=meeting_id, person_id=person.id, invited_at=now)
                session.add(row)
            previous = row.answer
            if wanted is Answer.GOING and previous in (Answer.GOING, Answer.WAITING):
                return Rsvp(previous, await self._card(session, meeting, person), changed=False)
            if wanted is Answer.GOING:
                check_registration(meeting, now)
                going = await queries.count(session, meeting_id, Answer.GOING)
                full = meeting.capacity is not None and going >= meeting.capacity
                wanted = Answer.WAITING if full else Answer.GOING
            row.answer = wanted
            row.answered_at = now
            await session.flush()
            promoted: list[PersonView] = []
            if previous is Answer.GOING and wanted is not Answer.GOING:
                promoted = await self._promote(session, meeting)
            return Rsvp(wanted, await self._card(session, meeting, person), tuple(promoted))

    async def _promote(self, session: AsyncSession, meeting: Meeting) -> list[PersonView]:
        """Move the longest waiting up while there are free places."""
        assert meeting.id is not None
        going = await queries.count(session, meeting.id, Answer.GOING)
        free = (meeting.capacity - going) if meeting.capacity is not None else 10**9
        if free <= 0:
            return []
        waiting = await session.exec(
            select(Attendance, Person)
            .join(Person, col(Person.id) == col(Attendance.person_id))
            .where(Attendance.meeting_id == meeting.id, Attendance.answer == Answer.WAITING)
            .order_by(col(Attendance.answered_at), col(Attendance.person_id))
            .limit(free)
        )
        promoted = []
        for row, person in list(waiting):
            row.answer = Answer.GOING
            promoted.append(PersonView.of(person))
        return promoted
