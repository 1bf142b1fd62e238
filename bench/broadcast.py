"""Benchmark: one announcement to 10,000 members through the local Bot API, which enforces
Telegram's limits (it answers 429 when a bot sends more than 30 messages in a second, or two
messages to one private chat within a second). In the middle the bot "crashes" (every
delivery worker is cancelled at once, as a killed process would stop) and starts again on
the same database. Meanwhile members send /help and the latency of the answers is measured.

    .venv/bin/python bench/broadcast.py                 # 10,000 members, time sped up 3x
    .venv/bin/python bench/broadcast.py --speed 1       # Telegram's real clock (~6 minutes)
    DATABASE_URL=postgresql+asyncpg://... .venv/bin/python bench/broadcast.py

`--speed N` shrinks time: the server's limits and the bot's limiter are both N times faster
(30·N messages per 1/N s window...), so the same logic runs N times quicker; rates are printed
in Telegram's clock (divided by N) and latencies in real seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bot.broadcasts.audiences import Audience
from bot.config import Settings
from bot.db import Database
from bot.localapi import FakeBotServer, LocalTelegram
from bot.localapi.server import BotApiError
from bot.localapi.session import running_bot
from bot.outbox.content import Draft
from bot.ratelimit import PriorityRateLimiter
from handlers.broadcasts.publishing import publish
from models import AudienceKind, BroadcastStatus, DeliveryState, Person, Role

ORGANISER = 100
TEXT = "Общее собрание сообщества — в пятницу в 18:00."
FIRST_MEMBER = 1_000_000
PROBERS = 60  # different people send /help, so no chat gets two answers within a second
_SENDING = ("send", "copy", "forward", "edit")


class TelegramLimits(FakeBotServer):
    """The local Bot API with Telegram's flood control switched on: at most 30 requests that
    send or edit messages in any second, one new message per second to a private chat, and
    20 a minute to a group."""

    def __init__(self, speed: float) -> None:
        super().__init__()
        self.window = 1.0 / speed
        self.per_chat = 1.0 / speed
        self.group_minute = 60.0 / speed
        self.accepted: deque[float] = deque()
        self.last_to_chat: dict[int, float] = {}
        self.to_group: dict[int, deque[float]] = {}
        self.too_many = 0
        self.sent_at: list[float] = []  # moments of accepted broadcast messages
        self.all_at: list[float] = []  # moments of every accepted message (replies too)

    async def handle(self, method: str, params: dict[str, Any], **kwargs: Any) -> Any:
        if method.startswith(_SENDING) and "chat_id" in params:
            now = time.monotonic()
            while self.accepted and self.accepted[0] <= now - self.window:
                self.accepted.popleft()
            chat_id = int(params["chat_id"])
            new_message = not method.startswith("edit")  # edits count only in the overall limit
            if len(self.accepted) >= 30 or (new_message and self._chat_is_full(chat_id, now)):
                self.too_many += 1
                raise BotApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
            self.accepted.append(now)
            self.all_at.append(now)
            if new_message and chat_id < 0:
                self.to_group.setdefault(chat_id, deque()).append(now)
            elif new_message:
                self.last_to_chat[chat_id] = now
            if params.get("text") == TEXT:
                self.sent_at.append(now)
        return await super().handle(method, params, **kwargs)

    def _chat_is_full(self, chat_id: int, now: float) -> bool:
        if chat_id < 0:
            sent = self.to_group.setdefault(chat_id, deque())
            while sent and sent[0] <= now - self.group_minute:
                sent.popleft()
            return len(sent) >= 20
        last = self.last_to_chat.get(chat_id)
        return last is not None and now - last < self.per_chat

    def deliveries(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for (chat_id, _message_id), message in self.messages.items():
            if message.get("text") == TEXT and message.get("from", {}).get("is_bot"):
                counts[chat_id] = counts.get(chat_id, 0) + 1
        return counts


def limiter(speed: float) -> PriorityRateLimiter:
    default = PriorityRateLimiter()
    return PriorityRateLimiter(
        overall_rate=round(default.period / default.interval),
        period=default.period / speed,
        bulk_chat_interval=default.bulk_chat_interval / speed,
        group_period=default.group_period / speed,
    )


async def add_members(telegram: LocalTelegram, count: int) -> list[int]:
    ids = list(range(FIRST_MEMBER, FIRST_MEMBER + count))
    for user_id in ids:
        telegram.server.add_user(user_id, f"M{user_id}")
    rows = [{"telegram_id": i, "first_name": f"M{i}", "role": Role.MEMBER} for i in ids]
    async with telegram.application.services.db.session() as session:
        await session.exec(insert(Person), params=rows)  # type: ignore[call-overload]
    return ids


async def probe(telegram: LocalTelegram, latencies: list[float], stop: asyncio.Event) -> None:
    """Members asking /help every 0.25 s; the time until the answer has been sent."""
    users = [telegram.user(10 + n, f"P{n}") for n in range(PROBERS)]
    turn = 0
    while not stop.is_set():
        user = users[turn % PROBERS]
        turn += 1
        started = time.monotonic()
        await user.send("/help")
        latencies.append(time.monotonic() - started)
        await asyncio.sleep(0.25)


async def wait_for(condition: Any, limit: float) -> None:
    deadline = time.monotonic() + limit
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the broadcast did not get there in time")
        await asyncio.sleep(0.05)


def rate(moments: list[float], speed: float) -> float:
    if len(moments) < 2:
        return 0.0
    return (len(moments) - 1) / (moments[-1] - moments[0]) / speed


async def run(members: int, speed: float, crash_at: float, workers: int, database_url: str) -> int:
    db = Database(database_url)
    await db.upgrade()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=database_url, bot_organiser_ids=[ORGANISER]
    )
    server = TelegramLimits(speed)
    latencies: list[float] = []
    stop_probing = asyncio.Event()
    started = time.monotonic()

    async with running_bot(settings, database=db, server=server, rate_limiter=limiter(speed)) as tg:
        tg.application.services.outbox.workers = workers
        boss = tg.user(ORGANISER, "Ольга")
        await boss.send("/start")
        await asyncio.sleep(1 / speed)  # Telegram's one message a second to this chat
        await add_members(tg, members)
        print(f"{members} members ready in {time.monotonic() - started:.1f} s")
        announcement_id = await tg.application.services.broadcasts.announcements.create(
            author_id=None, draft=Draft(TEXT), audience=Audience(AudienceKind.MEMBERS)
        )
        broadcast_id = await publish(tg.application, announcement_id, progress_chat_id=ORGANISER)
        assert broadcast_id is not None
        prober = asyncio.create_task(probe(tg, latencies, stop_probing))
        crash_after = int(members * crash_at)
        await wait_for(lambda: _sent_at_least(server, crash_after), members / 20 * 2 / speed + 60)
        tg.application.services.outbox.abort()  # the crash: workers die wherever they are
        stop_probing.set()
        await prober
    first_phase = list(server.sent_at)
    print(f"crash after {len(first_phase)} messages; restarting on the same database")

    stop_probing.clear()
    async with running_bot(settings, database=db, server=server, rate_limiter=limiter(speed)) as tg:
        tg.application.services.outbox.workers = workers
        prober = asyncio.create_task(probe(tg, latencies, stop_probing))

        async def finished() -> bool:
            stats = await tg.application.services.outbox.stats(broadcast_id)
            return stats.status is not BroadcastStatus.SENDING

        await wait_for(finished, members / 20 / speed + 60)
        stop_probing.set()
        await prober
        stats = await tg.application.services.outbox.stats(broadcast_id)
    await db.dispose()

    second_phase = server.sent_at[len(first_phase) :]
    counts = server.deliveries()
    duplicates = sum(count - 1 for count in counts.values() if count > 1)
    member_ids = range(FIRST_MEMBER, FIRST_MEMBER + members)
    missed = sum(1 for user_id in member_ids if user_id not in counts)
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else 0.0
    print(f"time sped up {speed:g}x; Telegram's limit: 30 messages/s")
    for name, phase in (("before the crash", first_phase), ("after the restart", second_phase)):
        everything = [t for t in server.all_at if phase and phase[0] <= t <= phase[-1]]
        print(
            f"{name}: broadcast {rate(phase, speed):.1f} messages/s ({len(phase)} sent), "
            f"everything the bot sent {rate(everything, speed):.1f} messages/s"
        )
    print(f"429 answers received: {server.too_many}")
    print(
        f"duplicates: {duplicates}   missed: {missed}   "
        f"delivered: {members - missed} of {members} members"
    )
    outbox = ", ".join(f"{state.value} {number}" for state, number in stats.counts.items())
    print(f"outbox rows: {outbox} (uncertain = in flight at the crash, never sent again)")
    uncertain = stats[DeliveryState.UNCERTAIN]
    print(
        f"/help latency during the broadcast ({len(latencies)} answers): "
        f"median {statistics.median(latencies):.3f} s, p95 {p95:.3f} s, max {ordered[-1]:.3f} s"
    )
    print(f"total wall time: {time.monotonic() - started:.1f} s")
    # Only a message in flight at the crash may be missed (sent at most once, by design).
    return 0 if duplicates == 0 and missed <= uncertain else 1


async def _sent_at_least(server: TelegramLimits, count: int) -> bool:
    return len(server.sent_at) >= count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--speed", type=float, default=3.0, help="time sped up this many times")
    parser.add_argument("--workers", type=int, default=4, help="delivery workers")
    parser.add_argument("--crash-at", type=float, default=0.4, help="fraction sent before it")
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory() as directory:
        url = url or f"sqlite+aiosqlite:///{directory}/bench.db"
        return asyncio.run(
            run(arguments.members, arguments.speed, arguments.crash_at, arguments.workers, url)
        )


if __name__ == "__main__":
    sys.exit(main())
