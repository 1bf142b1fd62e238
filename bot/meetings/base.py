"""What every part of the meetings service shares: what it is built with, and the steps its
methods take inside their one session (a meeting the person may see or change, the card, the
jobs a meeting needs, a change to announce)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.meetings import queries, refusals
from bot.meetings.rules import (
    ANNOUNCE,
    MEMBER_ROLES,
    check_changeable,
    invitations_kind,
    may_manage,
    poll_kind,
    poll_plan,
    reminder_plan,
)
from bot.meetings.views import (
    Card,
    Feedback,
    JobPlan,
    MeetingView,
)
from bot.outbox.records import DeliveryCounts
from models import (
    Answer,
    Attendance,
    Meeting,
    MeetingNotice,
    MeetingStatus,
    Person,
    PersonStatus,
    Role,
    utcnow,
)

Clock = Callable[[], datetime]


class GroupInfo(Protocol):
    """A working group as a meeting names it: its name and its linked chat."""

    @property
    def name(self) -> str: ...
    @property
    def chat_id(self) -> int | None: ...


class WorkingGroups(Protocol):
    """The working groups as meetings need them (`Services.groups`): who coordinates which
    group, who belongs to it, its name and chat. Person ids, group ids and names."""

    async def coordinated_by(self, person_id: int) -> list[tuple[int, str]]: ...

    async def member_ids(self, group_id: int) -> list[int]: ...

    async def group(self, group_id: int) -> GroupInfo | None: ...


class DeliveryReports(Protocol):
    """How the outbox delivered the broadcasts of one kind, and the messages it sent
    (`Services.outbox`)."""

    async def counts_of_kind(self, kind: str) -> DeliveryCounts: ...

    async def messages_of_kind(self, kind: str) -> dict[int, int]: ...


class MeetingsBase:
    """The state of the meetings service and the steps its methods share."""

    def __init__(
        self,
        db: Database,
        *,
        groups: WorkingGroups,
        outbox: DeliveryReports,
        reminder_minutes: Sequence[int],
        clock: Clock = utcnow,
    ) -> None:
        self.db = db
        self.groups = groups
        self.outbox = outbox
        self.reminder_minutes = tuple(sorted(reminder_minutes))
        self.clock = clock

    # ----- a meeting the person may see or change ---------------------------------------

    async def _meeting(self, session: AsyncSession, meeting_id: int) -> Meeting:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise Refused(refusals.GONE)
        return meeting

    async def _in_audience(
        self, session: AsyncSession, meeting: Meeting, person: PersonView
    ) -> bool:
        """Whether this person may see and answer: any member for a community meeting; for a
        working group's meeting, its members and whoever was invited."""
        if not person.role.at_least(Role.MEMBER):
            return False
        if meeting.working_group_id is None or may_manage(meeting, person):
            return True
        if await session.get(Attendance, (meeting.id, person.id)) is not None:
            return True
        return person.id in await self.groups.member_ids(meeting.working_group_id)

    async def _visible(self, session: AsyncSession, meeting_id: int, person: PersonView) -> Meeting:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None or not await self._in_audience(session, meeting, person):
            raise Refused(refusals.NOT_YOURS)
        return meeting

    async def _managed(self, session: AsyncSession, meeting_id: int, person: PersonView) -> Meeting:
        """A meeting this person sees and organises."""
        meeting = await self._visible(session, meeting_id, person)
        if not may_manage(meeting, person):
            raise Refused(refusals.ORGANISER_ONLY)
        return meeting

    async def _changeable(
        self, session: AsyncSession, meeting_id: int, person: PersonView
    ) -> Meeting:
        """A meeting this person organises and that can still change."""
        meeting = await self._meeting(session, meeting_id)
        check_changeable(meeting, person, self.clock())
        return meeting

    async def _audience(self, session: AsyncSession, meeting: Meeting) -> list[Person]:
        """Reachable members the meeting is for: the whole community or one working group."""
        statement = select(Person).where(
            col(Person.role).in_(MEMBER_ROLES), Person.status == PersonStatus.ACTIVE
        )
        if meeting.working_group_id is not None:
            ids = await self.groups.member_ids(meeting.working_group_id)
            statement = statement.where(col(Person.id).in_(ids))
        return list(await session.exec(statement.order_by(col(Person.id))))

    # ----- what is shown ----------------------------------------------------------------

    async def _group(self, meeting: Meeting) -> GroupInfo | None:
        if meeting.working_group_id is None:
            return None
        return await self.groups.group(meeting.working_group_id)

    async def _view(self, meeting: Meeting) -> MeetingView:
        """The meeting as it is shown: with its working group's name."""
        group = await self._group(meeting)
        return MeetingView.of(meeting, None if group is None else group.name)

    async def _card(self, session: AsyncSession, meeting: Meeting, person: PersonView) -> Card:
        """The meeting as this person sees it now."""
        assert meeting.id is not None
        view, manager = await self._view(meeting), may_manage(meeting, person)
        if meeting.status is MeetingStatus.POLLING:
            return Card(
                view,
                manager,
                slots=await queries.slots(session, meeting.id),
                votes=await queries.votes_of(session, meeting.id, person.id),
                tallies=await queries.tally(session, meeting.id) if manager else (),
            )
        row = await session.get(Attendance, (meeting.id, person.id))
        feedback = Feedback(0, None)
        if manager and meeting.status is not MeetingStatus.CANCELLED:
            feedback = await queries.feedback(session, meeting.id)
        waiting = row is not None and row.answer is Answer.WAITING
        return Card(
            view,
            manager,
            answer=None if row is None else row.answer,
            going=await queries.count(session, meeting.id, Answer.GOING),
            position=await queries.position(session, row) if row and waiting else None,
            feedback=feedback,
        )

    # ----- jobs and announcements -------------------------------------------------------

    async def _plan(self, session: AsyncSession, meeting: Meeting, *, invite: bool) -> JobPlan:
        """The jobs the meeting needs from now on; overdue old reminders are dropped (noted as
        sent), and `invite` asks for its invitations too while it is ahead."""
        assert meeting.id is not None
        now = self.clock()
        sent = await queries.sent(session, meeting.id)
        upcoming, dropped = reminder_plan(meeting, sent, now, self.reminder_minutes)
        for offset in dropped:
            session.add(MeetingNotice(meeting_id=meeting.id, kind=f"remind:{offset}"))
        ahead = meeting.status is not MeetingStatus.CANCELLED and meeting.starts_at > now
        if meeting.status is MeetingStatus.POLLING and meeting.poll_deadline is not None:
            remind, close = poll_plan(meeting.created_at, meeting.poll_deadline, sent, now)
            return JobPlan(meeting.id, invite=invite, poll_reminder_at=remind, poll_close_at=close)
        if meeting.status is not MeetingStatus.SCHEDULED:
            return JobPlan(meeting.id, invite=invite and ahead)
        feedback_at = None if "feedback" in sent else max(meeting.ends_at, now)
        return JobPlan(
            meeting.id,
            invite=invite and ahead,
            reminders=tuple((offset, max(due, now)) for offset, due in upcoming),
            feedback_at=feedback_at,
        )

    async def _announce(
        self, session: AsyncSession, meeting: Meeting, what: str, before: str | None = None
    ) -> tuple[str, int]:
        """Note that a change ("time", "place", "cancel") is to be announced, with what it
        replaced: its notice kind and how many people will be told. The calendar file's
        SEQUENCE grows."""
        assert meeting.id is not None
        meeting.sequence += 1
        meeting.updated_at = self.clock()
        kind = f"{ANNOUNCE}{what}:{utcnow():%Y%m%d%H%M%S%f}"
        session.add(MeetingNotice(meeting_id=meeting.id, kind=kind, detail=before))
        _messages, recipients = await self._recipients(session, meeting, what)
        return kind, len(recipients)

    async def _recipients(
        self, session: AsyncSession, meeting: Meeting, what: str
    ) -> tuple[dict[int, int], list[tuple[PersonView, Answer | None]]]:
        """Who is told of a change: everyone invited (with the answer), who received the
        time poll, who voted; and the messages to edit (person id → message id): the
        invitations, and for a cancellation the time poll too."""
        assert meeting.id is not None
        polls = await self.outbox.messages_of_kind(poll_kind(meeting.id))
        invitations = await self.outbox.messages_of_kind(invitations_kind(meeting.id))
        messages = polls | invitations if what == "cancel" else invitations
        people = await queries.recipients(session, meeting.id, set(polls) | set(invitations))
        return messages, people
