"""Helpers for the meetings tests: members, a paused job queue, a meeting made by dialogue."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import Role
from tests.support.harness import ORGANISER_ID, BotHarness

MOSCOW = ZoneInfo("Europe/Moscow")
LINK = "https://meet.example.org/coordinators"


def pause_jobs(harness: BotHarness) -> LocalTelegram:
    """Jobs run only when a test runs them: deterministic, no background sends."""
    assert harness.telegram is not None
    job_queue = harness.telegram.application.job_queue
    assert job_queue is not None
    job_queue.scheduler.pause()
    return harness.telegram


async def run_jobs(telegram: LocalTelegram, prefix: str) -> list[str]:
    """Run (and remove) every job whose name starts with `prefix`; their names."""
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    names = []
    for job in list(job_queue.jobs()):
        if job.name and job.name.startswith(prefix):
            job.schedule_removal()
            names.append(job.name)
            await job.run(telegram.application)
    return names


async def member(
    telegram: LocalTelegram, user_id: int, name: str, language: str = "ru", role: Role = Role.MEMBER
) -> SimUser:
    person = telegram.user(user_id, name, language_code=language, username=f"user{user_id}")
    await person.send("/start")
    if language == "en":  # notifications follow the language saved with /language
        await person.send("/language")
        await person.press("English")
    await telegram.application.services.people.set_role(  # type: ignore[attr-defined]
        actor=None, telegram_id=user_id, role=role
    )
    return person


async def organiser(telegram: LocalTelegram) -> SimUser:
    person = telegram.user(ORGANISER_ID, "Ольга", username="olga")
    await person.send("/start")
    return person


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
