"""Time polls: members vote Yes / Maybe / No on candidate times until the poll's deadline
(those who have not voted are reminded); the organiser fixes any of the times, and those who
said Yes to it are registered as going."""

from __future__ import annotations

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.meetings import queries, refusals
from bot.meetings.base import MeetingsBase
from bot.meetings.outgoing import PollNotice
from bot.meetings.rules import check_voting, may_manage
from bot.meetings.views import Card, Fixed
from models import (
    Answer,
    Attendance,
    Meeting,
    MeetingSlot,
    MeetingSlotVote,
    MeetingStatus,
    Person,
    SlotVote,
)


class TimePolls(MeetingsBase):
    async def vote(self, person: PersonView, slot_id: int, choice: SlotVote) -> Card:
        """A vote for one candidate time (changeable while the poll is open); the poll as the
        person sees it after."""
        now = self.clock()
        async with self.db.session() as session:
            slot = await session.get(MeetingSlot, slot_id)
            meeting = None if slot is None else await session.get(Meeting, slot.meeting_id)
            if meeting is None or not await self._in_audience(session, meeting, person):
                raise Refused(refusals.NOT_YOURS)
            check_voting(meeting, meeting.poll_deadline, now)
            row = await session.get(MeetingSlotVote, (slot_id, person.id))
            if row is None:
                row = MeetingSlotVote(slot_id=slot_id, person_id=person.id, vote=choice)
                session.add(row)
            elif row.vote is not choice:
                row.vote = choice
            row.voted_at = now  # a Yes given earlier comes first for the places
            await session.flush()
            return await self._card(session, meeting, person)

    async def fix_time(self, person: PersonView, meeting_id: int, slot_id: int) -> Fixed:
        """The poll ends: the meeting takes place at this candidate time (any of them, also
        after the deadline); those who said Yes to it are going (the earliest first, up to
        the capacity; then waiting); invitations and reminders are to be scheduled."""
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
            audience = {member.id for member in await self._audience(session, meeting)}
            going = waiting = 0
            for person_id, voted_at in await queries.yes_to(session, slot_id):
                if person_id not in audience:
                    continue
                full = meeting.capacity is not None and going >= meeting.capacity
                answer = Answer.WAITING if full else Answer.GOING
                going, waiting = (going, waiting + 1) if full else (going + 1, waiting)
                session.add(
                    Attendance(
                        meeting_id=meeting_id,
                        person_id=person_id,
                        answer=answer,
                        answered_at=voted_at or now,
                        invited_at=None,  # the invitation job invites them too
                    )
                )
            jobs = await self._plan(session, meeting, invite=True)
            return Fixed(await self._view(meeting), jobs, going, waiting)

    async def poll_reminder(self, meeting_id: int) -> PollNotice | None:
        """The reminder to vote, for the audience who have not voted, while the poll is open."""
        now = self.clock()
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is not MeetingStatus.POLLING:
                return None
            deadline = meeting.poll_deadline
            if deadline is not None and deadline <= now:
                return None
            voted = await queries.voter_ids(session, meeting_id)
            people = tuple(
                PersonView.of(member)
                for member in await self._audience(session, meeting)
                if member.id not in voted
            )
            slots = await queries.slots(session, meeting_id)
            return PollNotice(await self._view(meeting), slots, people)

    async def poll_closing(self, meeting_id: int) -> PollNotice | None:
        """At the deadline: the votes, for the organiser to fix a time."""
        async with self.db.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            if meeting is None or meeting.status is not MeetingStatus.POLLING:
                return None
            organiser = await session.get(Person, meeting.organiser_id)
            return PollNotice(
                await self._view(meeting),
                await queries.slots(session, meeting_id),
                () if organiser is None else (PersonView.of(organiser),),
                await queries.tally(session, meeting_id),
            )
