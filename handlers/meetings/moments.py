"""A meeting's moments as its readers see them: short in cards and lists, in words to confirm
what the bot understood."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.i18n import current_locale
from bot.meetings.views import MeetingView


def local_time(meeting: MeetingView, moment: datetime) -> str:
    return f"{moment.astimezone(ZoneInfo(meeting.timezone)):%d.%m.%Y %H:%M}"


def in_words(moment: datetime, zone: str) -> str:
    """A moment as people say it, in the reader's language, to confirm what the bot
    understood: "пятница, 27 ноября 2026, 10:00 (Europe/Moscow)"."""
    local = moment.astimezone(ZoneInfo(zone))
    words = format_datetime(local, "EEEE, d MMMM y, HH:mm", locale=current_locale())
    return f"{words} ({zone})"
