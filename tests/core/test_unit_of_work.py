"""One unit of work per update: what a person is told is already stored, a failing update
keeps nothing, a refusal keeps what came before it, and work after the commit sees it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select
from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.db import Database, current_unit_of_work
from bot.localapi import LocalTelegram
from bot.localapi.server import Call
from models import Person
from tests.support.harness import BotHarness, make_settings


def _sqlite_path(database: Database) -> Path:
    return Path(database.url.split("///", 1)[1])


async def test_what_a_person_is_told_is_already_stored(telegram: LocalTelegram, database):
    """Anna and Boris choose their languages in turns; at the moment each is answered, the
    choice can already be read by anyone else (another connection)."""
    if not database.is_sqlite:
        pytest.skip("read with a second sqlite3 connection at the moment of the answer")
    seen: list[tuple[int, str | None]] = []
    path = _sqlite_path(database)

    def observe(call: Call) -> None:
        if call.method != "answerCallbackQuery":
            return
        with sqlite3.connect(path) as connection:
            rows = connection.execute("SELECT telegram_id, language FROM person").fetchall()
        seen.append(tuple(sorted(rows)))  # type: ignore[arg-type]  # rows of two columns

    anna, boris = telegram.user(1, "Анна"), telegram.user(2, "Борис")
    await anna.send("/language")
    await boris.send("/language")
    telegram.server.on_call = observe
    await boris.press("Русский")
    await anna.press("English")
    telegram.server.on_call = None
    assert seen == [((1, None), (2, "ru")), ((1, "en"), (2, "ru"))]


async def test_a_failing_update_keeps_nothing_and_others_go_on(
    database: Database,
) -> None:
    """An update whose handler fails after writing is rolled back (and the people cache
    keeps the old snapshot); the next person's update is not touched by it."""

    async def explode(update: Update, context: BotContext) -> None:
        await context.services.people.set_language(context.me.telegram_id, "en")
        raise RuntimeError("a bug after the write")

    def customise(application: Application) -> None:
        application.add_handler(CommandHandler("explode", explode), group=1)

    harness = BotHarness(make_settings(database.url), database, customise=customise)
    telegram = await harness.start()
    try:
        anna, boris = telegram.user(1, "Анна"), telegram.user(2, "Борис")
        await anna.send("/start")
        await boris.send("/start")
        await anna.send("/explode")
        assert anna.last.text.startswith("Извините, у нас что-то пошло не так")
        await boris.send("/language")
        await boris.press("English")
        async with database.session() as session:
            languages = dict(
                (await session.exec(select(Person.telegram_id, Person.language))).all()
            )
        assert languages == {1: None, 2: "en"}
        person = await telegram.application.services.people.get(1)
        assert person is not None and person.language is None
    finally:
        await harness.stop()


async def test_refusal_keeps_earlier_writes_and_an_error_drops_them(database: Database) -> None:
    async def count() -> int:
        async with database.session() as session:
            return len((await session.exec(select(Person))).all())

    async with database.unit_of_work():
        async with database.session() as session:
            session.add(Person(telegram_id=11, first_name="Анна"))
        with pytest.raises(Refused):
            async with database.session():
                raise Refused("No.")
    assert await count() == 1

    async with database.unit_of_work():
        async with database.session() as session:
            session.add(Person(telegram_id=12, first_name="Борис"))
        with pytest.raises(ValueError):
            async with database.session():
                raise ValueError("a bug, caught by the caller")
    assert await count() == 1  # Борис was not kept: the transaction failed


async def test_after_commit_runs_once_committed_and_never_after_a_rollback(
    database: Database,
) -> None:
    ran: list[str] = []
    async with database.unit_of_work() as unit:
        async with database.session() as session:
            session.add(Person(telegram_id=21, first_name="Вера"))
        database.after_commit(lambda: ran.append("first"))
        assert ran == []
        await unit.commit()
        assert ran == ["first"]
        database.after_commit(lambda: ran.append("rolled back"))
        await unit.rollback()
        database.after_commit(lambda: ran.append("at the end"))
    assert ran == ["first", "at the end"]
    database.after_commit(lambda: ran.append("outside"))
    assert ran[-1] == "outside"


async def test_tasks_started_in_an_update_work_apart(database: Database) -> None:
    """A task the update starts (a job, a gather) gets its own sessions: it never shares the
    update's session, which would break on PostgreSQL."""
    async with database.unit_of_work() as unit:
        assert current_unit_of_work() is unit

        async def child() -> bool:
            return current_unit_of_work() is None

        assert await asyncio.create_task(child())
    assert current_unit_of_work() is None
