"""Time polls: members vote Yes / Maybe / No on candidate times; the organiser fixes one."""

from __future__ import annotations

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.meetings import refusals
from bot.meetings.base import MeetingsBase
from bot.meetings.rules import may_manage
from bot.meetings.views import Card, Fixed, MeetingView
from models import Meeting, MeetingSlot, MeetingSlotVote, MeetingStatus, SlotVote


class TimePolls(MeetingsBase):
    async def vote(self, person: PersonView, slot_id: int, choice: SlotVote) -> Card:
        """A vote for one candidate time (changeable while the poll is open); the poll as the
        person sees it after."""
        async with self.db.session() as session:
            slot = await session.get(MeetingSlot, slot_id)
            meeting = None if slot is None else await session.get(Meeting, slot.meeting_id)
            if meeting is None or not await self._in_audience(session, meeting, person):
                raise Refused(refusals.NOT_YOURS)
            if meeting.status is not MeetingStatus.POLLING:
                raise Refused(refusals.POLL_CLOSED)
            row = await session.get(MeetingSlotVote, (slot_id, person.id))
            if row is None:
                session.add(MeetingSlotVote(slot_id=slot_id, person_id=person.id, vote=choice))
            else:
                row.vote = choice
            await session.flush()
            return await self._card(session, meeting, person)

    async def fix_time(self, person: PersonView, meeting_id: int, slot_id: int) -> Fixed:
        """The poll ends: the meeting takes place at this candidate time; its invitations and
        reminders are to be scheduled."""
        now = self.clock()
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            slot = await session.get(MeetingSlot, slot_id)
            if meeting is None or meeting.status is not MeetingStatus.POLLING:
                raise Refused(refusals.POLL_CLOSED)
            if not may_manage(meeting, person):
                raise Refused(refusals.ORGANISER_ONLY)
            if slot is None or slot.meeting_id != meeting_id:
                raise Refused(refusals.NOT_A_CANDIDATE)
            if slot.starts_at <= now:
                raise Refused(refusals.PAST)
            meeting.starts_at = slot.starts_at
            meeting.status = MeetingStatus.SCHEDULED
            meeting.updated_at = now
            deadline = meeting.registration_deadline
            if deadline is not None and deadline > slot.starts_at:
                meeting.registration_deadline = None
            jobs = await self._plan(session, meeting, invite=True)
            return Fixed(MeetingView.of(meeting), jobs)
