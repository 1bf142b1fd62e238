"""The meetings service: creation, what a person sees (cards, /meetings, the calendar file,
attendees, materials). Answers, time polls, changes and notices are its other parts
(`answers`, `polls`, `changes`, `notices`); every method checks the rules and writes in one
session. No telegram here."""

from __future__ import annotations

from sqlmodel import col, or_, select

from bot.core.errors import STALE, Refused
from bot.core.people import PersonView
from bot.meetings import queries, refusals
from bot.meetings.answers import Answers
from bot.meetings.changes import Changes
from bot.meetings.files import calendar_event
from bot.meetings.notices import Notices
from bot.meetings.parsing import MAX_DURATION, default_poll_deadline
from bot.meetings.polls import TimePolls
from bot.meetings.rules import invitations_kind, may_manage
from bot.meetings.views import (
    AttendeeLine,
    Attendees,
    Audiences,
    Card,
    Created,
    Material,
    Materials,
    MeetingDraft,
    MeetingView,
    Upcoming,
)
from bot.membership.contacts import allowed_contacts
from models import (
    Answer,
    Attendance,
    Meeting,
    MeetingMaterial,
    MeetingSlot,
    MeetingStatus,
    Role,
)


class Meetings(Answers, TimePolls, Changes, Notices):
    """Meetings of the community and of its working groups, built once (`Services.meetings`)
    with the working groups, the outbox's delivery reports and the reminder minutes."""

    # ----- creating -----------------------------------------------------------------------

    async def audiences(self, person: PersonView) -> Audiences:
        """Whom this person may invite: all members (an organiser), the groups they
        coordinate; none at all is refused."""
        groups = tuple(await self.groups.coordinated_by(person.id))
        if person.role is not Role.ORGANISER and not groups:
            raise Refused(refusals.NO_GROUPS)
        return Audiences(person.role is Role.ORGANISER, groups)

    async def check_group(self, person: PersonView, group_id: int) -> None:
        """A meeting of this group may be created by this person (its coordinator)."""
        if group_id not in dict(await self.groups.coordinated_by(person.id)):
            raise Refused(STALE)

    async def create(self, person: PersonView, draft: MeetingDraft) -> Created:
        """The meeting (or its time poll), if this person may invite its audience."""
        if draft.working_group_id is not None:
            await self.check_group(person, draft.working_group_id)
        elif person.role is not Role.ORGANISER:
            raise Refused(STALE)
        polling, now = len(draft.starts) > 1, self.clock()
        meeting = Meeting(
            title=draft.title,
            agenda=draft.agenda,
            starts_at=draft.starts[0],
            duration_minutes=draft.duration_minutes,
            timezone=draft.timezone,
            place=draft.place,
            online_link=draft.online_link,
            capacity=draft.capacity,
            registration_deadline=None if polling else draft.registration_deadline,
            working_group_id=draft.working_group_id,
            organiser_id=person.id,
            status=MeetingStatus.POLLING if polling else MeetingStatus.SCHEDULED,
            poll_deadline=(draft.poll_deadline or default_poll_deadline(draft.starts[0], now))
            if polling
            else None,
            created_at=now,
        )
        async with self.db.session() as session:
            session.add(meeting)
            await session.flush()
            assert meeting.id is not None
            if polling:
                for start in draft.starts:
                    session.add(MeetingSlot(meeting_id=meeting.id, starts_at=start))
            audience = await self._audience(session, meeting)
            jobs = await self._plan(session, meeting, invite=True)
            return Created(await self._view(meeting), len(audience), jobs)

    # ----- what a person sees -------------------------------------------------------------

    async def card(self, person: PersonView, meeting_id: int) -> Card:
        async with self.db.session() as session:
            meeting = await self._visible(session, meeting_id, person)
            return await self._card(session, meeting, person)

    async def upcoming(self, person: PersonView) -> Upcoming:
        """Meetings of this person's audience not over yet, soonest first, with the person's
        answer; and past meetings that have materials, newest first."""
        now = self.clock()
        statement = (
            select(Meeting, Attendance)
            .join(
                Attendance,
                (col(Attendance.meeting_id) == col(Meeting.id))
                & (Attendance.person_id == person.id),
                isouter=True,
            )
            .where(
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at > now - MAX_DURATION,
            )
            .order_by(col(Meeting.starts_at))
        )
        with_materials = (
            select(Meeting)
            .where(col(Meeting.id).in_(select(MeetingMaterial.meeting_id)))
            .order_by(col(Meeting.starts_at).desc())
            .limit(20)
        )
        async with self.db.session() as session:
            ahead = [
                (MeetingView.of(meeting), row.answer if row else None)
                for meeting, row in list(await session.exec(statement))
                if meeting.ends_at > now and await self._in_audience(session, meeting, person)
            ]
            past = [
                MeetingView.of(meeting)
                for meeting in list(await session.exec(with_materials))
                if meeting.ends_at <= now and await self._in_audience(session, meeting, person)
            ]
        return Upcoming(tuple(ahead), tuple(past))

    async def calendar(self, person: PersonView, meeting_id: int, *, domain: str) -> bytes:
        """The meeting as an .ics file; the online link inside only for those registered."""
        async with self.db.session() as session:
            meeting = await self._visible(session, meeting_id, person)
            if meeting.status is MeetingStatus.POLLING:
                raise Refused(refusals.NOT_FIXED)
            row = await session.get(Attendance, (meeting_id, person.id))
            registered = (row is not None and row.answer is Answer.GOING) or may_manage(
                meeting, person
            )
            return calendar_event(
                await self._view(meeting),
                domain=domain,
                include_link=registered,
                alarm_minutes=self.reminder_minutes[0] if self.reminder_minutes else 60,
            )

    async def attendees(self, person: PersonView, meeting_id: int) -> Attendees:
        """For the meeting's organiser: everyone who answered (with the contact each allowed
        to show) and the invitations' delivery."""
        async with self.db.session() as session:
            meeting = await self._managed(session, meeting_id, person)
            rows = await queries.answered(session, meeting_id)
            contacts = await allowed_contacts(session, (person.id for person, _row in rows))
        lines = tuple(
            AttendeeLine(
                person.display_name,
                contacts.get(person.id) if person.id is not None else None,
                row.answer,
                row.answered_at,
                row.rating,
                row.comment,
            )
            for person, row in rows
        )
        counts = await self.outbox.counts_of_kind(invitations_kind(meeting_id))
        return Attendees(MeetingView.of(meeting), lines, counts)

    async def materials(self, person: PersonView, meeting_id: int) -> Materials:
        """Links and files attached to a meeting, for its audience."""
        statement = (
            select(MeetingMaterial)
            .where(MeetingMaterial.meeting_id == meeting_id)
            .order_by(col(MeetingMaterial.id))
        )
        async with self.db.session() as session:
            meeting = await self._visible(session, meeting_id, person)
            items = tuple(Material.of(row) for row in await session.exec(statement))
            return Materials(MeetingView.of(meeting), items)

    async def upcoming_of_group(self, group_id: int) -> list[MeetingView]:
        """A working group's meetings still ahead (and its time polls), soonest first."""
        statement = (
            select(Meeting)
            .where(
                col(Meeting.working_group_id) == group_id,
                or_(
                    col(Meeting.status) == MeetingStatus.POLLING,
                    (col(Meeting.status) == MeetingStatus.SCHEDULED)
                    & (col(Meeting.starts_at) > self.clock()),
                ),
            )
            .order_by(col(Meeting.starts_at))
        )
        async with self.db.session() as session:
            return [MeetingView.of(meeting) for meeting in await session.exec(statement)]
