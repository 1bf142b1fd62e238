"""Fixtures: every test that uses `database` runs on SQLite and, when TEST_POSTGRES_URL is
set, on PostgreSQL too."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import default_rate_limiter
from bot.db import Database
from bot.i18n import set_locale
from bot.localapi import LocalTelegram
from tests.support.databases import (
    POSTGRES_URL_VARIABLE,
    drop_postgres_copy,
    postgres_copy,
    postgres_server_url,
    prepare_postgres_template,
    prepare_sqlite_template,
    sqlite_copy,
)
from tests.support.harness import BotHarness, make_settings
from tests.support.jobs import pause_jobs

# Keep the developer's .env and environment out of the tests.
for _variable in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_BASE_URL", "WEBHOOK_URL"):
    os.environ.pop(_variable, None)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_server() -> str:
    server = postgres_server_url()
    if server is None:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_URL_VARIABLE} to run these")
    return prepare_postgres_template(server)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    server = request.getfixturevalue("postgres_server")
    url = await postgres_copy(server)
    yield url
    await drop_postgres_copy(server, url)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


@pytest.fixture
async def harness(database: Database, request: pytest.FixtureRequest) -> AsyncIterator[BotHarness]:
    set_locale("ru")
    production = request.node.get_closest_marker("production_pacing") is not None
    limiter = default_rate_limiter if production else None
    bot = BotHarness(make_settings(database.url), database, rate_limiter=limiter)
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture
def telegram(harness: BotHarness) -> LocalTelegram:
    assert harness.telegram is not None
    return harness.telegram


@pytest.fixture
def tg(harness: BotHarness) -> LocalTelegram:
    """The bot's Telegram with its job queue paused: jobs run only when a test runs them."""
    return pause_jobs(harness)
