"""What /newmeeting has collected so far: a JSON-safe dict in the person's user data (so a
restart loses nothing), each step's answer read and stored, and the finished `MeetingDraft`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.meetings.parsing import (
    is_none,
    parse_capacity,
    parse_deadline,
    parse_end,
    parse_online_link,
    parse_poll_deadline,
    parse_start_times,
    parse_text,
)
from bot.meetings.views import MeetingDraft
from models import utcnow

Draft = dict[str, Any]
Store = Callable[[Draft, str], None]


def starts(draft: Draft) -> list[datetime]:
    zone = ZoneInfo(draft["timezone"])
    return [datetime.fromisoformat(text).astimezone(zone) for text in draft["starts"]]


def is_poll(draft: Draft) -> bool:
    return len(draft.get("starts") or ()) > 1


def _moment(draft: Draft, key: str) -> datetime | None:
    value = draft.get(key)
    return datetime.fromisoformat(value).astimezone(ZoneInfo(draft["timezone"])) if value else None


def store_title(draft: Draft, text: str) -> None:
    draft["title"] = parse_text(text, 200)


def store_agenda(draft: Draft, text: str) -> None:
    draft["agenda"] = parse_text(text, 3000)


def store_when(draft: Draft, text: str) -> None:
    found, zone = parse_start_times(text, draft.get("default_zone", "Europe/Moscow"), utcnow())
    draft["starts"] = [start.isoformat() for start in found]
    draft["timezone"] = zone


def store_length(draft: Draft, text: str) -> None:
    draft["minutes"] = parse_end(text, starts(draft)[0])


def store_place(draft: Draft, text: str) -> None:
    draft["place"] = None if is_none(text) else parse_text(text, 500)


def store_link(draft: Draft, text: str) -> None:
    draft["link"] = parse_online_link(text, has_place=draft.get("place") is not None)


def store_capacity(draft: Draft, text: str) -> None:
    draft["capacity"] = None if is_none(text) else parse_capacity(text)


def store_deadline(draft: Draft, text: str) -> None:
    """The registration deadline of a meeting; the end of the vote for a time poll."""
    first, now = starts(draft)[0], utcnow()
    if is_poll(draft):
        draft["deadline"] = parse_poll_deadline(text, first, now).isoformat()
    elif is_none(text):
        draft["deadline"] = None
    else:
        draft["deadline"] = parse_deadline(text, first, now).isoformat()


def deadline(draft: Draft) -> datetime | None:
    return _moment(draft, "deadline")


def meeting_draft(draft: Draft, group_id: int | None) -> MeetingDraft:
    poll = is_poll(draft)
    return MeetingDraft(
        title=draft["title"],
        agenda=draft["agenda"],
        starts=starts(draft),
        timezone=draft["timezone"],
        duration_minutes=draft["minutes"],
        place=draft.get("place"),
        online_link=draft.get("link"),
        capacity=draft.get("capacity"),
        registration_deadline=None if poll else deadline(draft),
        working_group_id=group_id,
        poll_deadline=deadline(draft) if poll else None,
    )
