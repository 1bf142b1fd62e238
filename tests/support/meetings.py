"""Helpers for the meetings tests: moments in Moscow, a meeting made by dialogue."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.localapi.client import SimUser

MOSCOW = ZoneInfo("Europe/Moscow")
LINK = "https://meet.example.org/coordinators"


def moscow(days: float = 3, hours: float = 0) -> datetime:
    """A future moment in Moscow, whole minutes."""
    moment = datetime.now(MOSCOW) + timedelta(days=days, hours=hours)
    return moment.replace(second=0, microsecond=0)


def text_of(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y %H:%M}"


async def create_meeting(
    org: SimUser,
    when: str,
    *,
    title: str = "Встреча координаторов",
    length: str = "90",
    place: str = "Москва, Тверская, 1",
    link: str = LINK,
    capacity: str = "-",
    deadline: str = "-",
) -> int:
    """Walk through /newmeeting for all members; the new meeting's number."""
    for answer in ["/newmeeting", title, "Планы на год", when, length, place, link, capacity]:
        await org.send(answer)
    await org.send(deadline)
    await org.press("Все участники")
    text = org.last.text
    assert "(№" in text, text
    return int(text.split("(№")[1].split(")")[0])
