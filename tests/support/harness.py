"""A running bot on a test database, with restarts (stop and start on the same data)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from telegram.ext import Application, BaseRateLimiter

from bot.config import Settings
from bot.db import Database
from bot.localapi import FakeBotServer, LocalTelegram
from bot.localapi.session import running_bot
from bot.ratelimit import PriorityRateLimiter

ORGANISER_ID = 100


async def until(condition: Callable[[], Awaitable[object]], *, seconds: float = 15) -> object:
    """Wait for background work (a job) until `condition` gives something truthy."""
    async with asyncio.timeout(seconds):
        while not (result := await condition()):  # noqa: ASYNC110  (polls outside state)
            await asyncio.sleep(0.01)
    return result


def test_rate_limiter() -> PriorityRateLimiter:
    """The production limiter at a faster pace, so a test's dozens of messages do not wait
    ~35 ms each, nor a second between two notices in the outbox to one person; the per-group
    and flood-control rules stay as they are (tests/test_ratelimit.py and the tests marked
    `production_pacing` check the pacing itself)."""
    return PriorityRateLimiter(overall_rate=1000, bulk_chat_interval=0.05)


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "telegram_bot_token": None,
        "bot_organiser_ids": [ORGANISER_ID],
        "default_locale": "ru",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class BotHarness:
    """Starts the real Application against a FakeBotServer; restart() keeps server and data."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        *,
        customise: Callable[[Application], None] | None = None,
        rate_limiter: Callable[[], BaseRateLimiter] | None = None,
    ) -> None:
        self.customise = customise
        self.rate_limiter = rate_limiter or test_rate_limiter
        self.settings = settings
        self.database = database
        self.server = FakeBotServer()
        self.telegram: LocalTelegram | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> LocalTelegram:
        self._stack = AsyncExitStack()
        fresh = await self._stack.enter_async_context(
            running_bot(
                self.settings,
                database=self.database,
                server=self.server,
                customise=self.customise,
                rate_limiter=self.rate_limiter(),
            )
        )
        if self.telegram is None:
            self.telegram = fresh
        else:
            self.telegram.application = fresh.application
        return self.telegram

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def restart(self) -> LocalTelegram:
        await self.stop()
        return await self.start()
