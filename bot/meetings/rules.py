"""The meetings rules that need no database: who changes a meeting, when answers are
accepted, which reminders are still due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.meetings import refusals
from models import Answer, MeetingStatus, Role

ANSWERED = (Answer.GOING, Answer.WAITING, Answer.MAYBE, Answer.NOT_GOING)
"""Answers in the order of the attendee list."""
MEMBER_ROLES = [role for role in Role if role.at_least(Role.MEMBER)]
ANNOUNCE = "announce:"
"""The notice kinds of changes still to announce ("announce:time:<stamp>")."""
POLL_REMIND, POLL_CLOSED, GROUP_CARD = "poll_remind", "poll_closed", "group_card"
"""Notices sent once: the reminder to vote, the poll's close, the card in the group's chat."""
POLL_REMINDER_LEAD = timedelta(days=1)


class Timed(Protocol):
    """A meeting as the rules read it (a stored `Meeting` or a `MeetingView`)."""

    @property
    def organiser_id(self) -> int: ...
    @property
    def status(self) -> MeetingStatus: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def registration_deadline(self) -> datetime | None: ...


def invitations_kind(meeting_id: int) -> str:
    """The broadcasts of one meeting's invitations (their delivery is shown to its organiser)."""
    return f"meeting_invite:{meeting_id}"


def poll_kind(meeting_id: int) -> str:
    """The broadcast of one meeting's time poll (its messages are edited if it is cancelled)."""
    return f"meeting_poll:{meeting_id}"


def may_manage(meeting: Timed, person: PersonView) -> bool:
    """Only the meeting's creator or an organiser changes a meeting."""
    return meeting.organiser_id == person.id or person.role is Role.ORGANISER


def check_open(meeting: Timed, now: datetime) -> None:
    """Answers are taken while the meeting is scheduled and has not started."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise Refused(refusals.CANCELLED)
    if meeting.status is MeetingStatus.POLLING:
        raise Refused(refusals.NOT_FIXED)
    if meeting.starts_at <= now:
        raise Refused(refusals.STARTED)


def check_registration(meeting: Timed, now: datetime) -> None:
    """Going is possible until the registration deadline (declining always is)."""
    deadline = meeting.registration_deadline
    if deadline is not None and now > deadline:
        raise Refused(refusals.REGISTRATION_CLOSED)


def check_voting(meeting: Timed, deadline: datetime | None, now: datetime) -> None:
    """Votes on candidate times are taken while the poll is open, until its deadline."""
    if meeting.status is not MeetingStatus.POLLING or (deadline is not None and now >= deadline):
        raise Refused(refusals.POLL_CLOSED)


def poll_plan(
    created: datetime, deadline: datetime, sent: set[str], now: datetime
) -> tuple[datetime | None, datetime | None]:
    """When a time poll reminds those who have not voted (a day before its deadline, or
    halfway for a shorter poll) and when it closes; None once done."""
    lead = min(POLL_REMINDER_LEAD, (deadline - created) / 2)
    remind = None if POLL_REMIND in sent or deadline <= now else max(deadline - lead, now)
    return remind, None if POLL_CLOSED in sent else max(deadline, now)


def check_changeable(meeting: Timed, person: PersonView, now: datetime) -> None:
    """The organiser changes a meeting until it is over, unless it was cancelled."""
    if not may_manage(meeting, person):
        raise Refused(refusals.ORGANISER_ONLY)
    if meeting.status is MeetingStatus.CANCELLED:
        raise Refused(refusals.CANCELLED)
    if meeting.ends_at <= now:
        raise Refused(refusals.OVER)


def reminder_plan(
    meeting: Timed, sent: set[str], now: datetime, offsets: Sequence[int]
) -> tuple[list[tuple[int, datetime]], list[int]]:
    """Reminders to schedule (offset, when) and overdue ones to drop: of several overdue
    reminders only the one closest to the start is still sent (at once)."""
    upcoming: list[tuple[int, datetime]] = []
    overdue: list[tuple[int, datetime]] = []
    for offset in sorted(offsets, reverse=True):
        if f"remind:{offset}" in sent or meeting.starts_at <= now:
            continue
        due = meeting.starts_at - timedelta(minutes=offset)
        (upcoming if due > now else overdue).append((offset, due))
    if overdue:
        upcoming.insert(0, (overdue[-1][0], now))
    return upcoming, [offset for offset, _due in overdue[:-1]]
