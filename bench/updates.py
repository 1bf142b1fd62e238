"""How many /start updates per second the real Application processes through the local Bot
API: first contact (the person is created) and returning people (read from the cache), each
update awaited before the next; then returning people all at once, as polling hands over a
backlog (updates of different chats run concurrently).

    python bench/updates.py            # SQLite in a temporary file
    TEST_POSTGRES_URL=postgresql+asyncpg://... python bench/updates.py   # also PostgreSQL

The rate limiter is off, so this measures the bot, not Telegram's limits.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
from telegram import Update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.db import Database
from bot.localapi.session import running_bot

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "2000"))


async def measure(database_url: str) -> tuple[float, float, float]:
    database = Database(database_url)
    await database.upgrade()
    settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
    try:
        async with running_bot(settings, database=database, limited=False) as telegram:
            people = [telegram.user(1000 + n, f"Person {n}") for n in range(PEOPLE)]
            rates = []
            for _round in range(2):
                started = time.perf_counter()
                for person in people:
                    await person.send("/start")
                rates.append(PEOPLE / (time.perf_counter() - started))
            application = telegram.application
            started = time.perf_counter()
            for person in people:
                message = telegram.server.user_message(person.id, "/start")
                update = telegram.server.new_update({"message": message})
                await application.update_queue.put(Update.de_json(update, application.bot))
            await application.update_queue.join()
            rates.append(PEOPLE / (time.perf_counter() - started))
            assert len(telegram.server.calls_to("sendMessage")) == 3 * PEOPLE
    finally:
        await database.dispose()
    return rates[0], rates[1], rates[2]


async def fresh_postgres(server_url: str) -> str:
    dsn = server_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute('DROP DATABASE IF EXISTS "bench_updates" WITH (FORCE)')
        await connection.execute('CREATE DATABASE "bench_updates"')
    finally:
        await connection.close()
    return server_url.rpartition("/")[0] + "/bench_updates"


async def main() -> None:
    print(f"/start updates per second, {PEOPLE} people")
    with tempfile.TemporaryDirectory() as directory:
        rates = await measure(f"sqlite+aiosqlite:///{directory}/bench.db")
    print(_line("SQLite", *rates))
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        print(_line("PostgreSQL", *await measure(await fresh_postgres(server))))
    else:
        print("  PostgreSQL  skipped (set TEST_POSTGRES_URL, or run `make bench`)")


def _line(label: str, first: float, again: float, at_once: float) -> str:
    return (
        f"  {label:11} first contact {first:7.0f}/s   returning {again:7.0f}/s   "
        f"returning, all at once {at_once:7.0f}/s"
    )


if __name__ == "__main__":
    asyncio.run(main())
