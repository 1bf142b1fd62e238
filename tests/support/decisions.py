"""Helpers for the decisions tests: a bot whose decisions clock the test moves, members,
the community chat, a proposal written through /propose, and running named jobs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from telegram.ext import Application, CallbackContext

from bot import membership
from bot.db import Database
from bot.localapi import LocalTelegram, SimChat, SimUser
from handlers.decisions.lifecycle import RESTORE_JOB, restore
from handlers.decisions.runtime import runtime
from models import Role
from tests.support.harness import ORGANISER_ID, BotHarness, make_settings

START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
COMMUNITY_CHAT = -1001


class Clock:
    """The decisions service's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def decisions_bot(
    database: Database, clock: Clock, *, card_interval: float = 0.0, locale: str = "en"
) -> AsyncIterator[BotHarness]:
    """A running bot with the test's clock, the community speaking `locale`; card edits are
    unpaced unless `card_interval`."""

    def customise(application: Application) -> None:
        runtime(application).service.clock = clock
        runtime(application).plan.clock = clock
        runtime(application).card_interval = card_interval

    harness = BotHarness(
        make_settings(database.url, default_locale=locale), database, customise=customise
    )
    telegram = await harness.start()
    telegram.group(COMMUNITY_CHAT, "Community")
    await membership.set_chat_setting(
        database, membership.COMMUNITY_CHAT, COMMUNITY_CHAT, actor_id=None
    )
    try:
        yield harness
    finally:
        await harness.stop()


def community(telegram: LocalTelegram) -> SimChat:
    return SimChat(telegram, COMMUNITY_CHAT)


async def member(
    telegram: LocalTelegram, user_id: int, name: str, role: Role = Role.MEMBER, lang: str = "en"
) -> SimUser:
    user = telegram.user(user_id, name, language_code=lang)
    await user.send("/start")
    if lang == "en":  # saved, so notifications to them are in English too
        await user.send("/language")
        await user.press("English")
    if role is not Role.APPLICANT and user_id != ORGANISER_ID:
        await telegram.application.services.people.set_role(  # type: ignore[attr-defined]
            actor=None, telegram_id=user_id, role=role
        )
    return user


async def propose(
    author: SimUser,
    title: str = "Quiet hours",
    text: str = "No messages after 22:00",
    kind: str = "a rule or norm",
) -> None:
    await author.send("/propose")
    await author.press(kind)
    await author.send(title)
    await author.send(text)
    await author.press("Skip")
    await author.press("Skip")
    await author.press("Submit for review")


async def open_proposal(author: SimUser, organiser: SimUser, **kwargs: str) -> None:
    await propose(author, **kwargs)
    await organiser.press("Open for 7 days")


async def run_jobs(telegram: LocalTelegram, name: str) -> int:
    """Run the jobs of that name now (as if their time came) and drop them; how many ran."""
    application = telegram.application
    assert application.job_queue is not None
    jobs = application.job_queue.get_jobs_by_name(name)
    for job in jobs:
        job.schedule_removal()
        await job.run(application)
    return len(jobs)


async def restored(telegram: LocalTelegram) -> None:
    """Let the start's restore job run, then restore once more (it must be idempotent)."""
    for _attempt in range(100):
        if not job_count(telegram, RESTORE_JOB):
            break
        await asyncio.sleep(0.01)
    await restore(CallbackContext(telegram.application))


def job_count(telegram: LocalTelegram, name: str) -> int:
    assert telegram.application.job_queue is not None
    return len(telegram.application.job_queue.get_jobs_by_name(name))
