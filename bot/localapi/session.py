"""Run the real Application against the local Bot API (tests, console, benchmarks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from telegram.ext import Application, BaseRateLimiter

from bot.app import build_application, default_rate_limiter
from bot.config import Settings
from bot.db import Database
from bot.localapi.client import LocalTelegram
from bot.localapi.request import LocalBotRequest
from bot.localapi.server import FakeBotServer


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    database: Database,
    server: FakeBotServer | None = None,
    rate_limiter: BaseRateLimiter | None = None,
    limited: bool = True,
    customise: Callable[[Application], None] | None = None,
) -> AsyncIterator[LocalTelegram]:
    """Start the bot as `run_polling` would (initialise, post_init, start) without polling.

    The database must be migrated; it stays open afterwards (its owner disposes it), so a
    test can stop the bot and start a new one on the same database and server: a restart.
    """
    server = server or FakeBotServer()
    limiter = rate_limiter or (default_rate_limiter() if limited else None)
    application = build_application(
        settings, request=LocalBotRequest(server), database=database, rate_limiter=limiter
    )
    if customise is not None:
        customise(application)  # e.g. a test's extra handler, before persistence loads
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    await application.start()
    try:
        yield LocalTelegram(application, server)
    finally:
        await application.stop()
        await application.shutdown()
