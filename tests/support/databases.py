"""Test databases: migrated once into a template, copied for every test (a SQLite file copy,
or a PostgreSQL `CREATE DATABASE ... TEMPLATE` when TEST_POSTGRES_URL points at a server)."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg

from bot.db import Database

POSTGRES_URL_VARIABLE = "TEST_POSTGRES_URL"
# One template per pytest-xdist worker: `CREATE DATABASE ... TEMPLATE` wants nobody else on it.
TEMPLATE_NAME = f"community_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
_copies = itertools.count(1)


def postgres_server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _with_database(server_url: str, name: str) -> str:
    base, _sep, _name = server_url.rpartition("/")
    return f"{base}/{name}"


async def _admin(server_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def _prepare_template(server_url: str) -> None:
    await _admin(
        server_url,
        f'DROP DATABASE IF EXISTS "{TEMPLATE_NAME}" WITH (FORCE)',
        f'CREATE DATABASE "{TEMPLATE_NAME}"',
    )
    database = Database(_with_database(server_url, TEMPLATE_NAME))
    await database.upgrade()
    await database.dispose()


def _run_aside(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine to the end on its own loop in another thread (the fixtures that call
    this may be reached from inside a running loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def prepare_postgres_template(server_url: str) -> str:
    """A migrated template database on the server (seed data included)."""
    _run_aside(_prepare_template(server_url))
    return server_url


async def postgres_copy(server_url: str) -> str:
    """A fresh database for one test, copied from the template; returns its URL."""
    name = f"community_test_{os.getpid()}_{next(_copies)}"
    await _admin(
        server_url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_NAME}"',
    )
    return _with_database(server_url, name)


async def drop_postgres_copy(server_url: str, url: str) -> None:
    name = url.rpartition("/")[2]
    await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    database = Database(f"sqlite+aiosqlite:///{path}")

    async def migrate() -> None:
        await database.upgrade()
        await database.dispose()

    _run_aside(migrate())
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "test.db"
    shutil.copy(template, target)  # its mode too: 0600, as the bot creates it
    return f"sqlite+aiosqlite:///{target}"
