"""SQL statements, commits and database sessions per update, for the updates people send most:
a returning /start, a stance press, an RSVP and a questionnaire answer.

    python bench/statements.py            # SQLite in a temporary file
    TEST_POSTGRES_URL=postgresql+asyncpg://... python bench/statements.py   # also PostgreSQL

Counted are the statements that the update's own task sends to the database (background
jobs it starts are not), from the engine's own events; "flush" is PTB's persistence write
that follows the update. The figures are exact counts, not timings: they do not drift with
the machine's load.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.updates import fresh_postgres
from bot.db import Database
from bot.localapi import LocalTelegram, SimUser
from bot.localapi.session import running_bot
from tests.support.harness import ORGANISER_ID, make_settings, test_rate_limiter
from tests.support.meetings import create_meeting, moscow, text_of
from tests.support.people import member

PEOPLE = int(os.environ.get("BENCH_STATEMENT_PEOPLE", "10"))


@dataclass
class Counts:
    statements: int = 0
    commits: int = 0
    sessions: int = 0

    def per(self, updates: int) -> tuple[float, float, float]:
        return (self.statements / updates, self.commits / updates, self.sessions / updates)


class Counter:
    """Counts what one asyncio task sends to the database."""

    def __init__(self, database: Database) -> None:
        self.task: asyncio.Task[Any] | None = None
        self.every_task = False
        self.counts = Counts()
        engine = database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine.pool, "checkout", self._checkout)

    def _mine(self) -> bool:
        if self.every_task:
            return True
        try:
            return self.task is not None and asyncio.current_task() is self.task
        except RuntimeError:
            return False

    def _statement(self, *_args: Any) -> None:
        if self._mine():
            self.counts.statements += 1

    def _commit(self, *_args: Any) -> None:
        if self._mine():
            self.counts.commits += 1

    def _checkout(self, *_args: Any) -> None:
        if self._mine():
            self.counts.sessions += 1

    async def measure(
        self, action: Callable[[], Awaitable[object]], *, every_task: bool = False
    ) -> Counts:
        """What `action` sends; `every_task`: of every task (PTB's persistence writes from
        tasks of its own)."""
        before = Counts(**vars(self.counts))
        self.task = asyncio.current_task()
        self.every_task = every_task
        try:
            await action()
        finally:
            self.task = None
            self.every_task = False
        return Counts(
            self.counts.statements - before.statements,
            self.counts.commits - before.commits,
            self.counts.sessions - before.sessions,
        )


async def settle() -> None:
    """Let background jobs (outbox, card refreshes) finish before the next measurement."""
    await asyncio.sleep(0.3)


Scenario = Callable[[LocalTelegram, Counter], Awaitable[tuple[Counts, Counts]]]


async def each(
    counter: Counter, telegram: LocalTelegram, actions: list[Callable[[], Awaitable[object]]]
) -> tuple[Counts, Counts]:
    """Run each action as one measured update, then measure the persistence flush."""
    update, flush = Counts(), Counts()
    for action in actions:
        got = await counter.measure(action)
        await asyncio.sleep(0.05)  # background work the update started is not its own
        flushed = await counter.measure(telegram.application.update_persistence, every_task=True)
        for total, part in ((update, got), (flush, flushed)):
            total.statements += part.statements
            total.commits += part.commits
            total.sessions += part.sessions
    return update, flush


async def members(telegram: LocalTelegram, first: int = 1) -> list[SimUser]:
    people = []
    for n in range(PEOPLE):
        people.append(await member(telegram, first + n, f"Участник {n}"))
    return people


async def returning_start(telegram: LocalTelegram, counter: Counter) -> tuple[Counts, Counts]:
    people = await members(telegram, 1000)
    await settle()
    return await each(counter, telegram, [lambda p=p: p.send("/start") for p in people])


async def stance_press(telegram: LocalTelegram, counter: Counter) -> tuple[Counts, Counts]:
    olga = await member(telegram, ORGANISER_ID, "Ольга")
    community = telegram.group(-500, "Сообщество")
    await olga.send("/setcommunitychat", chat=community)
    people = await members(telegram, 2000)
    author = people[0]
    await author.send("/propose")
    await author.press("правило или норма")
    await author.send("Тихие часы")
    await author.send("Не писать после 22:00")
    await author.press("Пропустить")
    await author.press("Пропустить")
    await author.press("Отправить на рассмотрение")
    await olga.press("Открыть на 7 дней")
    await settle()
    card = community.last_with_buttons()
    return await each(
        counter, telegram, [lambda p=p: p.press("Согласен", card) for p in people[1:]]
    )


async def rsvp(telegram: LocalTelegram, counter: Counter) -> tuple[Counts, Counts]:
    olga = await member(telegram, ORGANISER_ID, "Ольга")
    people = await members(telegram, 3000)
    await create_meeting(olga, text_of(moscow(days=5)))
    for _ in range(200):
        if all(p.messages and "Пойду" in str(p.last.buttons) for p in people):
            break
        await asyncio.sleep(0.05)
    await settle()
    return await each(counter, telegram, [lambda p=p: p.press("Пойду", p.last) for p in people])


async def questionnaire_answer(telegram: LocalTelegram, counter: Counter) -> tuple[Counts, Counts]:
    people = [telegram.user(4000 + n, f"Заявитель {n}") for n in range(PEOPLE)]
    for person in people:
        await person.send("/apply")
    await settle()
    return await each(counter, telegram, [lambda p=p: p.send("Анна Петрова") for p in people])


SCENARIOS: dict[str, Scenario] = {
    "returning /start": returning_start,
    "stance press": stance_press,
    "RSVP": rsvp,
    "questionnaire answer": questionnaire_answer,
}


# Measured by this benchmark on 810ea59 (2026-12-02), before each update had one unit of
# work: statements, commits and sessions of the update; statements and commits of the flush.
# The same on SQLite and PostgreSQL.
BEFORE = {
    "returning /start": (0.0, 0.0, 0.0, 3.8, 3.8),
    "stance press": (3.8, 2.8, 2.8, 4.4, 4.4),
    "RSVP": (8.0, 5.0, 5.0, 4.0, 4.0),
    "questionnaire answer": (0.0, 0.0, 0.0, 5.7, 5.7),
}


def report(label: str, results: dict[str, tuple[Counts, Counts]]) -> None:
    print(f"  {label}: before → now")
    print("    update                 statements     commits    sessions | flush: statements")
    for name, (update, flush) in results.items():
        updates = PEOPLE - 1 if name == "stance press" else PEOPLE
        now = (*update.per(updates), *flush.per(updates)[:2])
        was = BEFORE[name]
        cells = [f"{was[i]:4.1f} → {now[i]:4.1f}" for i in range(5)]
        print(f"    {name:22} {cells[0]:>12} {cells[1]:>11} {cells[2]:>11} | {cells[3]:>16}")


async def main() -> None:
    print(f"Database work per update ({PEOPLE} people each, averages)")
    with tempfile.TemporaryDirectory() as directory:
        counter = 0

        def url() -> str:
            nonlocal counter
            counter += 1
            return f"sqlite+aiosqlite:///{directory}/bench{counter}.db"

        report("SQLite", {name: await measure_one(url(), run) for name, run in SCENARIOS.items()})
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        results = {
            name: await measure_one(await fresh_postgres(server), run)
            for name, run in SCENARIOS.items()
        }
        report("PostgreSQL", results)
    else:
        print("  PostgreSQL  skipped (set TEST_POSTGRES_URL, or run `make bench`)")


async def measure_one(database_url: str, scenario: Scenario) -> tuple[Counts, Counts]:
    database = Database(database_url)
    await database.upgrade()
    settings = make_settings(database_url)
    try:
        limiter = test_rate_limiter()  # as in production: the update commits before replies
        async with running_bot(settings, database=database, rate_limiter=limiter) as telegram:
            return await scenario(telegram, Counter(database))
    finally:
        await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
