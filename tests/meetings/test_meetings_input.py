"""Reading meeting input and writing calendar files (no bot needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.config import load_settings
from bot.core.errors import Refused
from bot.meetings.files import attendee_csv, calendar_event
from bot.meetings.parsing import (
    parse_capacity,
    parse_deadline,
    parse_end,
    parse_link,
    parse_start_times,
)
from bot.meetings.rules import reminder_plan
from bot.meetings.views import MeetingView
from models import Meeting

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MOSCOW = ZoneInfo("Europe/Moscow")


def test_start_times_in_several_formats_and_zones() -> None:
    starts, zone = parse_start_times("2026-12-15 18:30", "Europe/Moscow", NOW)
    assert (starts, zone) == ([datetime(2026, 12, 15, 18, 30, tzinfo=MOSCOW)], "Europe/Moscow")
    starts, zone = parse_start_times("15.12.26 18:30 UTC\n14.12.2026 09:00", "Europe/Moscow", NOW)
    assert zone == "UTC"
    assert starts == [
        datetime(2026, 12, 14, 9, 0, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 12, 15, 18, 30, tzinfo=ZoneInfo("UTC")),
    ]
    too_many = "\n".join(f"{day:02}.12.2026 10:00" for day in range(1, 10))
    with pytest.raises(Refused) as error:
        parse_start_times(too_many, "Europe/Moscow", NOW)
    assert error.value.values == {"n": 8}
    with pytest.raises(Refused):
        parse_start_times("  \n ", "Europe/Moscow", NOW)


def test_length_link_capacity_deadline() -> None:
    start = datetime(2026, 12, 15, 18, 30, tzinfo=MOSCOW)
    assert parse_end("90", start) == 90
    assert parse_end("16.12.2026 10:00", start) == 930
    for bad in ["0", "20000", "18:30", "25:99"]:
        with pytest.raises(Refused):
            parse_end(bad, start)
    assert parse_link(" https://meet.example.org/x?a=1 ") == "https://meet.example.org/x?a=1"
    for bad in ["ftp://example.org", "https://localhost", "https://a b.org", "example.org"]:
        with pytest.raises(Refused):
            parse_link(bad)
    assert parse_capacity(" 30 ") == 30
    for bad in ["0", "-3", "2.5", "100001"]:
        with pytest.raises(Refused):
            parse_capacity(bad)
    assert parse_deadline("14.12.2026 12:00", start, NOW) < start
    with pytest.raises(Refused):
        parse_deadline("14.11.2026 12:00", start, NOW)


def reminder_offsets(monkeypatch: pytest.MonkeyPatch, setting: str | None) -> tuple[int, ...]:
    """MEETING_REMINDER_MINUTES as the settings read it."""
    if setting is None:
        monkeypatch.delenv("MEETING_REMINDER_MINUTES", raising=False)
    else:
        monkeypatch.setenv("MEETING_REMINDER_MINUTES", setting)
    return load_settings(_env_file=None).meeting_reminder_minutes


def test_reminder_offsets_are_configurable_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reminder_offsets(monkeypatch, None) == (60, 1440)
    assert reminder_offsets(monkeypatch, "30, 180") == (30, 180)
    for bad in ["soon", "0", "-5,60", ","]:
        with pytest.raises(ValueError, match="MEETING_REMINDER_MINUTES"):
            reminder_offsets(monkeypatch, bad)


def test_only_the_latest_overdue_reminder_is_still_sent() -> None:
    meeting = Meeting(
        id=1, title="t", starts_at=NOW + timedelta(minutes=30), duration_minutes=60, organiser_id=1
    )
    upcoming, dropped = reminder_plan(meeting, set(), NOW, (1440, 60, 10))
    assert upcoming == [(60, NOW), (10, NOW + timedelta(minutes=20))]
    assert dropped == [1440]
    upcoming, dropped = reminder_plan(meeting, {"remind:60", "remind:1440"}, NOW, (1440, 60))
    assert (upcoming, dropped) == ([], [])


def test_calendar_lines_are_folded_and_escaped() -> None:
    meeting = Meeting(
        id=7,
        title="Очень длинное название встречи, чтобы строка точно была длиннее 75 октетов",
        agenda="Первое; второе,\nтретье \\ четвёртое",
        starts_at=datetime(2026, 12, 15, 15, 30, tzinfo=UTC),
        duration_minutes=90,
        online_link="https://meet.example.org/x",
        organiser_id=1,
        updated_at=NOW,
    )
    content = calendar_event(
        MeetingView.of(meeting), domain="bot", include_link=False, alarm_minutes=60
    )
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 0
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1) and str(alarm["ACTION"]) == "DISPLAY"
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["DESCRIPTION"]) == meeting.agenda
    assert "LOCATION" not in event  # the link only for those registered
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 17, 0, tzinfo=UTC)


def test_csv_cells_are_never_formulas() -> None:
    content = attendee_csv(["Name"], [["=HYPERLINK(1)"], ["Анна"], ["@x"]]).decode("utf-8-sig")
    assert content.splitlines() == ["Name", "'=HYPERLINK(1)", "Анна", "'@x"]
