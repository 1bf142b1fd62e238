"""What the meetings jobs send, as frozen snapshots: an invitation or a time poll, a notice to
those going, a time poll's reminder or close, a change to announce."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.people import PersonView
from bot.meetings.views import MeetingView, SlotTally, SlotView
from models import Answer


@dataclass(frozen=True)
class Invitation:
    """What the invitation (or the time poll) says and to whom it goes; `group_chat` is the
    working group's chat when its card is still to be posted there."""

    meeting: MeetingView
    people: tuple[PersonView, ...]
    going: int
    slots: tuple[SlotView, ...] = ()
    group_chat: int | None = None


@dataclass(frozen=True)
class Notice:
    """A notice to those going (a reminder, the feedback request)."""

    meeting: MeetingView
    people: tuple[PersonView, ...]


@dataclass(frozen=True)
class Announcement:
    """A change to announce ("time", "place", "cancel") to everyone invited (with their
    answer) and every voter; `before` is the time (ISO) or place it replaced, `messages` the
    invitations (or polls) to edit, person id → message id."""

    meeting: MeetingView
    what: str
    before: str | None
    going: int
    recipients: tuple[tuple[PersonView, Answer | None], ...]
    messages: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PollNotice:
    """A time poll's reminder to those who have not voted, or its close to the organiser."""

    meeting: MeetingView
    slots: tuple[SlotView, ...]
    people: tuple[PersonView, ...]
    tallies: tuple[SlotTally, ...] = ()
