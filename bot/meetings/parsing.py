"""Reading what an organiser types about a meeting: times with time zones, durations, links,
capacity. Pure functions; every rejection is a `Refused` with a message id to translate."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.i18n import N_
from bot.meetings.dates import read_moment, split_zone

NONE_MARKERS = {"-", "—", "нет", "no", "none"}
MAX_SLOTS = 8
MAX_DURATION = timedelta(days=7)
POLL_LEAD = timedelta(days=1)


def is_none(text: str) -> bool:
    return text.strip().lower() in NONE_MARKERS


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise Refused(
            N_("Unknown time zone {zone}. Use a name like Europe/Moscow or Asia/Novosibirsk."),
            zone=name,
        ) from error


def parse_moment(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """A date and time as people write them (see `bot.meetings.dates`), in `zone`."""
    moment = read_moment(text, zone, now)
    if moment is None:
        raise Refused(
            N_(
                "I could not read the date and time. Write them like 15.12.2026 18:30, "
                "15 December 18:30 or tomorrow at 18:00, optionally followed by a time zone "
                "such as Asia/Yekaterinburg."
            )
        )
    return moment


def _future(moment: datetime, text: str, now: datetime) -> datetime:
    if moment <= now:
        raise Refused(
            N_("{moment} is in the past. Please give a future date and time."),
            moment=text.strip(),
        )
    return moment


def parse_start_times(text: str, default_zone: str, now: datetime) -> tuple[list[datetime], str]:
    """One start time, or several (one per line) to poll the members; all in the future.

    A line may end with a time zone name; the zone of the first line holds for all.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise Refused(N_("Please send the date and time."))
    if len(lines) > MAX_SLOTS:
        raise Refused(N_("Please offer at most {n} candidate times."), n=MAX_SLOTS)
    zone_name = default_zone
    moments = []
    for index, line in enumerate(lines):
        when, zone = split_zone(line)
        if zone is not None:
            zone_of(zone)
            if index == 0:
                zone_name = zone
        moments.append(_future(parse_moment(when, zone_of(zone_name), now), when, now))
    if len(set(moments)) != len(moments):
        raise Refused(N_("The same time is offered twice."))
    return sorted(moments), zone_name


def parse_end(text: str, start: datetime) -> int:
    """The length in minutes from `90` (minutes) or an end time `20:00` / `15.12.2026 20:00`."""
    cleaned = text.strip()
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    if cleaned.isdigit():
        minutes = int(cleaned)
        if minutes <= 0:
            raise Refused(N_("The meeting must last at least one minute."))
    else:
        if re.fullmatch(r"\d{1,2}:\d{2}", cleaned):
            cleaned = f"{start:%d.%m.%Y} {cleaned}"
        try:
            end = parse_moment(cleaned, zone, start)
        except Refused as error:
            raise Refused(
                N_(
                    "Write the length in minutes (like 90) or the end time (like 20:00 or "
                    "15.12.2026 20:00)."
                )
            ) from error
        if end <= start:
            raise Refused(
                N_("The end ({end}) is not after the start ({start}). Please give a later end."),
                end=f"{end:%d.%m.%Y %H:%M}",
                start=f"{start:%d.%m.%Y %H:%M}",
            )
        minutes = int((end - start).total_seconds() // 60)
    if timedelta(minutes=minutes) > MAX_DURATION:
        raise Refused(N_("A meeting can last at most seven days."))
    return minutes


def parse_link(text: str) -> str:
    """A web address (http or https with a host name)."""
    candidate = text.strip()
    parsed = urlparse(candidate)
    host = parsed.hostname or ""
    if (
        parsed.scheme not in ("http", "https")
        or "." not in host
        or any(char.isspace() for char in candidate)
        or len(candidate) > 500
    ):
        raise Refused(
            N_(
                "This does not look like a link. Send a web address starting with https:// "
                "(or http://), or - for none."
            )
        )
    return candidate


def parse_capacity(text: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit() or not 0 < int(cleaned) <= 100_000:
        raise Refused(
            N_("The capacity must be a whole number of places, like 30, or - for no limit.")
        )
    return int(cleaned)


def parse_deadline(text: str, start: datetime, now: datetime) -> datetime:
    """Until when people may register: a future moment, not after the start."""
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    deadline = _future(parse_moment(text, zone, now), text, now)
    if deadline > start:
        raise Refused(N_("Registration must close before the meeting starts."))
    return deadline


def default_poll_deadline(first: datetime, now: datetime) -> datetime:
    """A day before the first candidate time, or, if that is too soon, half the time left."""
    default = first - POLL_LEAD
    return default if default > now + timedelta(hours=1) else now + (first - now) / 2


def parse_poll_deadline(text: str, first: datetime, now: datetime) -> datetime:
    """Until when a time poll takes votes: a future moment before its first candidate time,
    or "-" for the default."""
    if is_none(text):
        return default_poll_deadline(first, now)
    zone = first.tzinfo
    assert isinstance(zone, ZoneInfo)
    deadline = _future(parse_moment(text, zone, now), text, now)
    if deadline >= first:
        raise Refused(N_("The vote must close before the first candidate time."))
    return deadline


def parse_text(text: str, limit: int) -> str:
    """Typed text others will read: without bidirectional controls, 1 to `limit`
    characters as Telegram counts them."""
    cleaned = clean(text)
    if not cleaned:
        raise Refused(N_("Please send some text."))
    if length(cleaned) > limit:
        raise Refused(N_("This is too long: at most {n} characters, please."), n=limit)
    return cleaned


def parse_one_start(text: str, zone: str, now: datetime) -> datetime:
    """A new start for a scheduled meeting: one future date and time."""
    starts, _zone = parse_start_times(text, zone, now)
    if len(starts) != 1:
        raise Refused(N_("Please send one date and time."))
    return starts[0]


def parse_place_or_link(text: str) -> tuple[str | None, str | None]:
    """A new place (an address) or a new online link, whichever was sent."""
    cleaned = text.strip()
    if cleaned.lower().startswith(("http://", "https://")):
        return None, parse_link(cleaned)
    return parse_text(cleaned, 500), None


def parse_online_link(text: str, *, has_place: bool) -> str | None:
    """The online link of a new meeting, or None ("-") when it has a place."""
    if not is_none(text):
        return parse_link(text)
    if not has_place:
        raise Refused(N_("A meeting needs a place or an online link. Send the link."))
    return None
