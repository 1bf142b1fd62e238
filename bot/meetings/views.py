"""What the meetings service hands out: frozen snapshots, safe to keep after the session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.people import PersonView
from bot.outbox.records import DeliveryCounts
from models import Answer, Meeting, MeetingMaterial, MeetingSlot, MeetingStatus, SlotVote


@dataclass(frozen=True)
class MeetingView:
    """A meeting as it was read."""

    id: int
    title: str
    agenda: str
    starts_at: datetime
    duration_minutes: int
    timezone: str
    place: str | None
    online_link: str | None
    capacity: int | None
    registration_deadline: datetime | None
    working_group_id: int | None
    organiser_id: int
    status: MeetingStatus
    updated_at: datetime
    poll_deadline: datetime | None = None
    sequence: int = 0
    cancel_reason: str | None = None
    group_name: str | None = None  # the working group's, for a meeting of one
    group_chat_id: int | None = None
    group_message_id: int | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @classmethod
    def of(cls, meeting: Meeting, group_name: str | None = None) -> MeetingView:
        assert meeting.id is not None
        return cls(
            id=meeting.id,
            title=meeting.title,
            agenda=meeting.agenda,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes,
            timezone=meeting.timezone,
            place=meeting.place,
            online_link=meeting.online_link,
            capacity=meeting.capacity,
            registration_deadline=meeting.registration_deadline,
            working_group_id=meeting.working_group_id,
            organiser_id=meeting.organiser_id,
            status=meeting.status,
            updated_at=meeting.updated_at,
            poll_deadline=meeting.poll_deadline,
            sequence=meeting.sequence,
            cancel_reason=meeting.cancel_reason,
            group_name=group_name,
            group_chat_id=meeting.group_chat_id,
            group_message_id=meeting.group_message_id,
        )


@dataclass(frozen=True)
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
    poll_deadline: datetime | None = None


@dataclass(frozen=True)
class SlotView:
    """A candidate time of a time poll."""

    id: int
    starts_at: datetime

    @classmethod
    def of(cls, slot: MeetingSlot) -> SlotView:
        assert slot.id is not None
        return cls(slot.id, slot.starts_at)


@dataclass(frozen=True)
class SlotTally:
    slot: SlotView
    yes: int
    maybe: int
    no: int

    @property
    def rank(self) -> tuple[int, int, float]:
        """Most Yes, then most Maybe, then the earlier time."""
        return (self.yes, self.maybe, -self.slot.starts_at.timestamp())


@dataclass(frozen=True)
class Feedback:
    count: int
    average: float | None


@dataclass(frozen=True)
class Card:
    """A meeting as one person sees it: their answer (and their place on the waiting list),
    or, in a time poll, their votes; for its organiser, the tallies and the feedback."""

    meeting: MeetingView
    manager: bool
    answer: Answer | None = None
    going: int = 0
    position: int | None = None
    slots: tuple[SlotView, ...] = ()
    votes: Mapping[int, SlotVote] = field(default_factory=dict)
    tallies: tuple[SlotTally, ...] = ()
    feedback: Feedback = Feedback(0, None)


@dataclass(frozen=True)
class Rsvp:
    """An answer as recorded (Going on a full meeting is WAITING), the card after it, the
    people a freed place moved up from the waiting list, and whether anything changed."""

    answer: Answer
    card: Card
    promoted: tuple[PersonView, ...] = ()
    changed: bool = True  # False: Going again while going or waiting


@dataclass(frozen=True)
class Upcoming:
    """/meetings: meetings ahead with one's answer, past ones that have materials."""

    ahead: tuple[tuple[MeetingView, Answer | None], ...]
    past_with_materials: tuple[MeetingView, ...]


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    contact: str | None  # as the person allowed it: "@username", a phone, or None
    answer: Answer
    answered_at: datetime | None
    rating: int | None
    comment: str | None


@dataclass(frozen=True)
class Attendees:
    """Everyone who answered (going first) and how the invitations were delivered."""

    meeting: MeetingView
    lines: tuple[AttendeeLine, ...]
    invitations: DeliveryCounts


@dataclass(frozen=True)
class Material:
    file_id: str | None
    file_name: str | None
    url: str | None

    @classmethod
    def of(cls, row: MeetingMaterial) -> Material:
        return cls(row.file_id, row.file_name, row.url)


@dataclass(frozen=True)
class Materials:
    meeting: MeetingView
    items: tuple[Material, ...]


@dataclass(frozen=True)
class Audiences:
    """Whom a person may invite: all members (organisers) and the groups they coordinate."""

    all_members: bool
    groups: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class JobPlan:
    """The jobs one meeting needs now: its invitations, its reminders (minutes before the
    start, when) and the feedback request."""

    meeting_id: int
    invite: bool = False
    reminders: tuple[tuple[int, datetime], ...] = ()
    feedback_at: datetime | None = None
    poll_reminder_at: datetime | None = None  # to those who have not voted yet
    poll_close_at: datetime | None = None


@dataclass(frozen=True)
class Created:
    meeting: MeetingView
    audience: int
    jobs: JobPlan


@dataclass(frozen=True)
class Changed:
    """A change made: the announcement queued (its notice kind), how many will be told, and
    the meeting's jobs afresh when its time changed."""

    meeting: MeetingView
    announcement: str
    told: int
    jobs: JobPlan | None = None


@dataclass(frozen=True)
class Moved:
    """A new start the organiser wrote, to confirm."""

    meeting: MeetingView
    starts_at: datetime


@dataclass(frozen=True)
class Fixed:
    """A poll's time chosen: the meeting, its jobs, and how many of those who said yes to
    that time were registered as going (and, beyond the capacity, as waiting)."""

    meeting: MeetingView
    jobs: JobPlan
    going: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class Restore:
    """What the jobs must be at start: announcements still to send and every meeting's plan."""

    announcements: tuple[tuple[int, str], ...]
    plans: tuple[JobPlan, ...]


def when_text(meeting: MeetingView) -> str:
    """When a meeting is, in its own time zone: 15.12.2026 18:30–20:00 (Europe/Moscow)."""
    zone = ZoneInfo(meeting.timezone)
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%d.%m.%Y %H:%M}"
    return f"{start:%d.%m.%Y %H:%M}–{end_text} ({meeting.timezone})"
