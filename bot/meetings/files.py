"""Files about a meeting: an iCalendar event (RFC 5545, times in UTC) and the attendee CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.meetings.views import MeetingView
from models import MeetingStatus, utcnow

_ICS_TIME = "%Y%m%dT%H%M%SZ"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_ICS_TIME)


def calendar_event(meeting: MeetingView, *, domain: str, include_link: bool) -> bytes:
    """One VEVENT; the online link only for people registered for the meeting."""
    description = meeting.agenda
    if include_link and meeting.online_link:
        description = f"{description}\n\n{meeting.online_link}".strip()
    location = meeting.place or (meeting.online_link if include_link else None)
    status = "CANCELLED" if meeting.status is MeetingStatus.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//community-bot//meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.id}@{domain}",
        f"DTSTAMP:{_utc(utcnow())}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape(meeting.title)}",
        f"STATUS:{status}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if include_link and meeting.online_link:
        lines.append(f"URL:{meeting.online_link}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


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
