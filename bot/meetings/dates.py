"""Dates and times as people write them, in Russian or English: "15.12.2026 18:30",
"15.12 18:30", "15 декабря 18:30", "завтра в 18:00", "в пятницу в 10:00", "tomorrow at 18:00",
"Friday 10:00". Pure: the zone and the present moment are given.

The numeric forms are read here (a date without a year is the next one to come); everything
else goes to `dateparser`. A clock time (18:30) is always needed, so "завтра вечером" or
"через 2 часа" are not guessed at.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import dateparser  # type: ignore[import-untyped]  # the library ships no type hints

_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M", "%Y-%m-%d %H:%M")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_DAY_MONTH = re.compile(r"(\d{1,2})[./](\d{1,2})\.?\s+(?:в\s+|at\s+)?(\d{1,2}):(\d{2})", re.I)
_ZONE = re.compile(r"(?:[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC|GMT)")
LANGUAGES = ["ru", "en"]


def split_zone(text: str) -> tuple[str, str | None]:
    """The text without a trailing time zone name ("… Asia/Omsk"), and that name."""
    words = text.split()
    if len(words) > 1 and _ZONE.fullmatch(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), None


def _day_month(match: re.Match[str], zone: ZoneInfo, now: datetime) -> datetime | None:
    """A day without a year ("15.12 18:30"): the next such day to come."""
    day, month, hour, minute = (int(part) for part in match.groups())
    year = now.astimezone(zone).year
    for candidate in range(year, year + 5):  # a 29.02 comes within four years
        try:
            moment = datetime(candidate, month, day, hour, minute, tzinfo=zone)
        except ValueError:
            continue
        if moment > now:
            return moment
    return None


def read_moment(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The moment `text` names, aware in `zone`; None when it names no date and time. Words
    relative to today ("завтра", "в пятницу") count from `now` in that zone."""
    cleaned = " ".join(text.split())
    if not _CLOCK.search(cleaned):
        return None
    for pattern in _FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    match = _DAY_MONTH.fullmatch(cleaned)
    if match:
        return _day_month(match, zone, now)
    parsed = dateparser.parse(
        cleaned,
        languages=LANGUAGES,
        settings={
            "TIMEZONE": str(zone),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
        },
    )
    return None if parsed is None else parsed.replace(tzinfo=zone)
