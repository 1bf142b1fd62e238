"""Test databases: a migrated SQLite template copied per test, and PostgreSQL (when
TEST_POSTGRES_URL points at a server) migrated once and truncated per test."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.db import Database

POSTGRES_URL_VARIABLE = "TEST_POSTGRES_URL"
TEST_DATABASE_NAME = "community_test"


def postgres_server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def postgres_test_url(server_url: str) -> str:
    base, _sep, _name = server_url.rpartition("/")
    return f"{base}/{TEST_DATABASE_NAME}"


async def _recreate_postgres(server_url: str) -> str:
    connection = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{TEST_DATABASE_NAME}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{TEST_DATABASE_NAME}"')
    finally:
        await connection.close()
    url = postgres_test_url(server_url)
    database = Database(url)
    await database.upgrade()
    await database.dispose()
    return url


def prepare_postgres(server_url: str) -> str:
    """A fresh, migrated test database on the server; returns its URL."""
    return asyncio.run(_recreate_postgres(server_url))


def prepare_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    database = Database(f"sqlite+aiosqlite:///{path}")

    async def migrate() -> None:
        await database.upgrade()
        await database.dispose()

    asyncio.run(migrate())
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "test.db"
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


async def truncate_all(database: Database) -> None:
    names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    async with database.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
