"""Files about a meeting: an iCalendar event (RFC 5545, times in UTC, written by the
`icalendar` library) and the attendee CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, timedelta

from icalendar import Alarm, Calendar, Event

from bot.meetings.views import MeetingView
from models import MeetingStatus, utcnow


def calendar_event(
    meeting: MeetingView, *, domain: str, include_link: bool, alarm_minutes: int
) -> bytes:
    """One VEVENT with an alarm `alarm_minutes` before the start; its SEQUENCE grows with each
    change, so a calendar that has the event updates it. The online link only for people
    registered for the meeting."""
    description = meeting.agenda
    if include_link and meeting.online_link:
        description = f"{description}\n\n{meeting.online_link}".strip()
    location = meeting.place or (meeting.online_link if include_link else None)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//community-bot//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{domain}")
    event.add("dtstamp", utcnow().astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if include_link and meeting.online_link:
        event.add("url", meeting.online_link)
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meeting.title)
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def _cell(value: str) -> str:
    """Text a spreadsheet must not run as a formula (a name like "=HYPERLINK(...)")."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def attendee_csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """A CSV that spreadsheet programs open in UTF-8 (with a byte order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
