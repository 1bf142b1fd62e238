"""Helpers for the decisions tests: a bot whose decisions clock the test moves, members,
the community chat, a proposal written through /propose, the start's restore."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from telegram.ext import Application

from bot.context import BotContext, CommunityApplication
from bot.db import Database
from bot.localapi import LocalTelegram, SimChat, SimUser
from bot.membership import chats
from handlers.decisions.lifecycle import RESTORE_JOB, restore
from tests.support.harness import ORGANISER_ID, BotHarness, make_settings
from tests.support.jobs import wait_for_job
from tests.support.people import member

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
        assert isinstance(application, CommunityApplication)
        decisions = application.services.decisions
        decisions.clock = clock
        decisions.pacing.interval = card_interval

    harness = BotHarness(
        make_settings(database.url, default_locale=locale), database, customise=customise
    )
    telegram = await harness.start()
    telegram.group(COMMUNITY_CHAT, "Community")
    await telegram.application.services.membership.chats.set(  # type: ignore[attr-defined]
        chats.COMMUNITY_CHAT, COMMUNITY_CHAT, actor_id=None
    )
    try:
        yield harness
    finally:
        await harness.stop()


def community(telegram: LocalTelegram) -> SimChat:
    return SimChat(telegram, COMMUNITY_CHAT)


def bot_and_community(harness: BotHarness) -> tuple[LocalTelegram, SimChat]:
    """The running bot's Telegram and the community chat in it."""
    assert harness.telegram is not None
    return harness.telegram, community(harness.telegram)


async def organiser_and_members(telegram: LocalTelegram, count: int) -> list[SimUser]:
    """Olga, the organiser, then `count` English-speaking members: Anna (1), Boris (2), Vera (3)."""
    people = [await member(telegram, ORGANISER_ID, "Olga", language="en")]
    for user_id, name in enumerate(["Anna", "Boris", "Vera"][:count], start=1):
        people.append(await member(telegram, user_id, name, language="en"))
    return people


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


async def add_item(author: SimUser, title: str, *choose: str) -> None:
    """Propose to add a plan item with the members `choose` (their buttons) responsible."""
    await author.send("/propose")
    await author.press("add a plan item")
    await author.send(title)
    await author.send("For the whole neighbourhood")
    for who in choose:
        await author.press(who)
    await author.press("Done" if choose else "Skip")
    await author.press("Skip")
    await author.press("Submit for review")


async def open_proposal(author: SimUser, organiser: SimUser, **kwargs: str) -> None:
    await propose(author, **kwargs)
    await organiser.press("Open for 7 days")


async def restored(telegram: LocalTelegram) -> None:
    """Let the start's restore job run, then restore once more (it must be idempotent)."""
    await wait_for_job(telegram, RESTORE_JOB, gone=True)
    await restore(BotContext(telegram.application))
