"""How long a private /help waits for its answer while one group is busy: the group sends 60
commands in a minute (Telegram lets the bot answer 20 of them a minute), and then the same
during an announcement to 10,000 members. The figures are ratios to a bare baseline, the same
/help with nothing else going on, measured in the same run.

    python bench/latency.py                     # SQLite in a temporary file, time sped up 3x
    python bench/latency.py --sequential        # updates one at a time, as PTB's default was
    TEST_POSTGRES_URL=postgresql+asyncpg://... python bench/latency.py   # also PostgreSQL

Updates reach the bot as polling hands them over, through the application's update queue;
the local Bot API enforces Telegram's limits (bench/broadcast.py). A /help's latency is from
the moment its update is queued to the moment Telegram accepts the answer, in real seconds;
`--speed N` makes Telegram's limits and the bot's limiter N times faster (not the bot's own
work), so a minute lasts 60/N s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

import bot.app
from bench.broadcast import ORGANISER, TEXT, TelegramLimits, add_members, limiter, rate
from bench.updates import fresh_postgres
from bot.broadcasts.audiences import Audience
from bot.config import Settings
from bot.db import Database
from bot.localapi import LocalTelegram, SimUser
from bot.localapi.session import running_bot
from bot.outbox.content import Draft
from handlers.broadcasts.publishing import publish
from models import AudienceKind

PROBERS = 20  # different people ask, so no private chat gets two answers within a second
GROUP_COMMANDS = 60  # in one minute, from six people
TARGET_P95 = 1.0


class AnswerClock(TelegramLimits):
    """Telegram with its limits, telling when a chat's answer was accepted."""

    def __init__(self, speed: float) -> None:
        super().__init__(speed)
        self.waiting: dict[int, deque[asyncio.Future[float]]] = {}

    def answer_to(self, chat_id: int) -> asyncio.Future[float]:
        answer = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(chat_id, deque()).append(answer)
        return answer

    async def handle(self, method: str, params: dict[str, Any], **kwargs: Any) -> Any:
        result = await super().handle(method, params, **kwargs)
        waiting = self.waiting.get(int(params.get("chat_id", 0)))
        if method == "sendMessage" and waiting:
            waiting.popleft().set_result(time.monotonic())
        return result


@dataclass
class Phase:
    name: str
    latencies: list[float]
    unanswered: int
    broadcast_rate: float | None = None

    def quantile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


class Bench:
    def __init__(
        self, telegram: LocalTelegram, server: AnswerClock, speed: float, probes: int
    ) -> None:
        self.telegram = telegram
        self.server = server
        self.speed = speed
        self.probes = probes
        self.probers = [telegram.user(10 + n, f"P{n}") for n in range(PROBERS)]
        self.talkers = [telegram.user(500 + n, f"T{n}") for n in range(6)]

    async def warm_up(self) -> None:
        """Everyone has talked to the bot before (a running bot), then a second of quiet."""
        for person in (*self.probers, *self.talkers):
            await person.send("/start")
        await asyncio.sleep(1.5 / self.speed)

    async def queue(self, person: SimUser, text: str, chat_id: int | None = None) -> None:
        server, application = self.server, self.telegram.application
        message = server.user_message(person.id, text, chat_id=chat_id)
        update = server.new_update({"message": message})
        await application.update_queue.put(Update.de_json(update, application.bot))

    async def probe(self, person: SimUser, latencies: list[float]) -> bool:
        """One /help; False if it got no answer within two minutes (Telegram's, and ten
        more real seconds for a loaded machine)."""
        answer = self.server.answer_to(person.id)
        asked = time.monotonic()
        await self.queue(person, "/help")
        try:
            latencies.append(await asyncio.wait_for(answer, 120 / self.speed + 10) - asked)
        except TimeoutError:
            return False
        return True

    async def busy_group(self, chat_id: int) -> None:
        """GROUP_COMMANDS /help in the group, evenly over a minute."""
        for number in range(GROUP_COMMANDS):
            await self.queue(self.talkers[number % len(self.talkers)], "/help", chat_id)
            await asyncio.sleep(60 / GROUP_COMMANDS / self.speed)

    async def phase(self, name: str, group: int | None = None) -> Phase:
        """Probe for one minute, with the group busy meanwhile if there is one."""
        busy = asyncio.create_task(self.busy_group(group)) if group else None
        latencies: list[float] = []
        probes = []
        for turn in range(self.probes):
            person = self.probers[turn % PROBERS]
            probes.append(asyncio.create_task(self.probe(person, latencies)))
            await asyncio.sleep(60 / self.probes / self.speed)
        answered = await asyncio.gather(*probes)
        if busy is not None:
            await busy
        return Phase(name, latencies, answered.count(False))

    async def broadcast(self, members: int) -> None:
        application = self.telegram.application
        await add_members(self.telegram, members)
        announcement_id = await application.services.broadcasts.announcements.create(
            author_id=None, draft=Draft(TEXT), audience=Audience(AudienceKind.MEMBERS)
        )
        await publish(application, announcement_id, progress_chat_id=ORGANISER)


@dataclass(frozen=True)
class Options:
    members: int
    speed: float
    probes: int


async def measure(database_url: str, options: Options) -> tuple[list[Phase], int]:
    database = Database(database_url)
    await database.upgrade()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=database_url, bot_organiser_ids=[ORGANISER]
    )
    speed = options.speed
    server = AnswerClock(speed)
    try:
        async with running_bot(
            settings, database=database, server=server, rate_limiter=limiter(speed)
        ) as telegram:
            bench = Bench(telegram, server, speed, options.probes)
            await telegram.user(ORGANISER, "Ольга").send("/start")
            for chat_id in (-1001, -1002):
                telegram.group(chat_id, f"Group {chat_id}")
            await bench.warm_up()
            phases = [await bench.phase("bare: nothing else going on")]
            phases.append(await bench.phase(f"one group sends {GROUP_COMMANDS} a minute", -1001))
            await bench.broadcast(options.members)
            started = len(server.sent_at)
            name = f"the same during a {options.members:,}-member broadcast"
            during = await bench.phase(name, -1002)
            during.broadcast_rate = rate(server.sent_at[started:], speed)
            phases.append(during)
            telegram.application.services.outbox.abort()  # the rest of it is not measured
            await telegram.application.update_queue.join()  # the groups' last answers
    finally:
        await database.dispose()
    return phases, server.too_many


def report(label: str, phases: list[Phase], too_many: int) -> bool:
    """Print one database's figures; False if a /help got no answer."""
    bare = phases[0]
    print(f"  {label}")
    for phase in phases:
        p50, p95 = phase.quantile(0.5), phase.quantile(0.95)
        ratios = f"{p50 / bare.quantile(0.5):5.1f}x / {p95 / bare.quantile(0.95):5.1f}x"
        line = f"    {phase.name:42} p50 {p50:6.3f} s  p95 {p95:6.3f} s   {ratios}"
        if phase.broadcast_rate is not None:
            line += f"   broadcast {phase.broadcast_rate:.1f} msg/s"
        if phase.unanswered:
            line += f"   UNANSWERED {phase.unanswered}"
        print(line)
    worst = max(phase.quantile(0.95) for phase in phases)
    met = "met" if worst <= TARGET_P95 else "MISSED"
    print(f"    target p95 <= {TARGET_P95:g} s: {met}; 429 answers received: {too_many}")
    return not any(phase.unanswered for phase in phases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--speed", type=float, default=3.0, help="time sped up this many times")
    parser.add_argument("--probes", type=int, default=120, help="/help asked per phase")
    parser.add_argument("--sequential", action="store_true", help="one update at a time")
    arguments = parser.parse_args()
    if arguments.sequential:  # PTB's default, before ChatOrderedUpdates
        setattr(bot.app, "ChatOrderedUpdates", lambda: SimpleUpdateProcessor(1))  # noqa: B010
    options = Options(arguments.members, arguments.speed, arguments.probes)
    mode = "one update at a time" if arguments.sequential else "chats concurrently"
    print(
        f"Private /help latency, {options.probes} asked in each phase's minute, {mode}; "
        f"time sped up {options.speed:g}x; ratios to the bare baseline (p50 / p95)"
    )
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{directory}/bench.db"
        ok = report("SQLite", *asyncio.run(measure(url, options)))
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        ok = report("PostgreSQL", *asyncio.run(_on_postgres(server, options))) and ok
    else:
        print("  PostgreSQL  skipped (set TEST_POSTGRES_URL, or run `make bench`)")
    return 0 if ok else 1


async def _on_postgres(server: str, options: Options) -> tuple[list[Phase], int]:
    return await measure(await fresh_postgres(server), options)


if __name__ == "__main__":
    sys.exit(main())
