"""Dates as people write them, in Russian and in English, in the community's time zone;
echoed back in words; past dates refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.core.errors import Refused
from bot.db import Database
from bot.meetings.dates import read_moment
from bot.meetings.parsing import parse_start_times
from models import Meeting, Role
from tests.support.harness import BotHarness, make_settings
from tests.support.jobs import pause_jobs
from tests.support.people import member, organiser

MOSCOW, OMSK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Omsk")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday: 12:00 in Moscow, 15:00 in Omsk
RU_DAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]  # fmt: skip
EXAMPLES = [  # (Russian, English, the moment in the zone)
    ("15.12.2026 18:30", "15.12.2026 18:30", (2026, 12, 15, 18, 30)),
    ("15.12 18:30", "15.12 18:30", (2026, 12, 15, 18, 30)),
    ("15 декабря 18:30", "15 December 18:30", (2026, 12, 15, 18, 30)),
    ("завтра в 18:00", "tomorrow at 18:00", (2026, 11, 26, 18, 0)),
    ("в пятницу в 10:00", "on Friday at 10:00", (2026, 11, 27, 10, 0)),
]


@pytest.mark.parametrize("zone", [MOSCOW, OMSK])
@pytest.mark.parametrize(("russian", "english", "expected"), EXAMPLES)
def test_each_example_in_both_languages(
    zone: ZoneInfo, russian: str, english: str, expected: tuple[int, ...]
) -> None:
    moment = datetime(*expected, tzinfo=zone)
    assert read_moment(russian, zone, NOW) == moment
    assert read_moment(english, zone, NOW) == moment


def test_relative_days_count_in_the_zone_and_dates_without_a_year_come_next() -> None:
    late = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # 23:00 in Moscow, already 02:00 in Omsk
    assert read_moment("завтра в 18:00", MOSCOW, late) == datetime(2026, 11, 26, 18, tzinfo=MOSCOW)
    assert read_moment("завтра в 18:00", OMSK, late) == datetime(2026, 11, 27, 18, tzinfo=OMSK)
    after = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
    assert read_moment("15.12 18:30", MOSCOW, after) == datetime(
        2027, 12, 15, 18, 30, tzinfo=MOSCOW
    )
    assert read_moment("29.02 10:00", MOSCOW, NOW) == datetime(2028, 2, 29, 10, tzinfo=MOSCOW)
    for unclear in ["завтра вечером", "в пятницу", "через 2 часа", "31.02 10:00", "скоро"]:
        assert read_moment(unclear, MOSCOW, NOW) is None, unclear


def test_past_moments_are_refused_and_a_zone_may_follow() -> None:
    for past in ["вчера в 10:00", "yesterday at 10:00", "сегодня в 11:00", "01.01.2020 10:00"]:
        with pytest.raises(Refused) as error:
            parse_start_times(past, "Europe/Moscow", NOW)
        assert error.value.values == {"moment": past}
    starts, zone = parse_start_times("завтра в 18:00 Asia/Omsk", "Europe/Moscow", NOW)
    assert (starts, zone) == ([datetime(2026, 11, 26, 18, tzinfo=OMSK)], "Asia/Omsk")
    starts, _zone = parse_start_times("в пятницу в 10:00\n15 декабря 18:30", "Asia/Omsk", NOW)
    assert starts == [
        datetime(2026, 11, 27, 10, tzinfo=OMSK),
        datetime(2026, 12, 15, 18, 30, tzinfo=OMSK),
    ]


async def test_the_start_is_echoed_in_words_in_the_communitys_zone(database: Database) -> None:
    harness = BotHarness(make_settings(database.url, timezone="Asia/Omsk"), database)
    await harness.start()
    try:
        tg = pause_jobs(harness)
        olga = await organiser(tg)
        peter = await member(tg, 5, "Peter", role=Role.ORGANISER, language="en")
        tomorrow = (datetime.now(OMSK) + timedelta(days=1)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        for person in (olga, peter):
            await person.send("/newmeeting")
            await person.send("Годовая встреча")
            await person.send("Итоги")
        assert "(часовой пояс Asia/Omsk;" in olga.last.text
        await olga.send("вчера в 10:00")
        assert olga.last.text.startswith("вчера в 10:00 — это уже прошло.")
        await olga.send("завтра в 18:00")
        day, month = RU_DAYS[tomorrow.weekday()], RU_MONTHS[tomorrow.month - 1]
        assert olga.last.text.startswith(
            f"Начало: {day}, {tomorrow.day} {month} {tomorrow.year}, 18:00 (Asia/Omsk).\n\n"
            "Сколько продлится?"
        )
        await peter.send("tomorrow at 18:00")
        words = f"{tomorrow:%A}, {tomorrow.day} {tomorrow:%B} {tomorrow.year}, 18:00"
        assert peter.last.text.startswith(f"Start: {words} (Asia/Omsk).")
        await olga.press("Исправить время")  # read wrongly: the question again
        assert olga.last.text.startswith("Когда начало?")
        await olga.send("послезавтра в 9:30")
        later = tomorrow + timedelta(days=1)
        assert f"{later.day} {RU_MONTHS[later.month - 1]} {later.year}, 09:30" in olga.last.text
        for answer in ["90", "Омск, Ленина, 1", "-", "-", "-"]:
            await olga.send(answer)
        assert olga.last.text.startswith("Проверьте встречу «Годовая встреча».\nНачало: ")
        await olga.press("Все участники")
        async with database.session() as session:
            meeting = (await session.exec(select(Meeting))).one()
        assert meeting.timezone == "Asia/Omsk"
        assert meeting.starts_at == later.replace(hour=9, minute=30).astimezone(UTC)
    finally:
        await harness.stop()
