"""The priority rate limiter: replies ahead of bulk sends, per-chat and per-group limits,
flood control pauses and retries."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.app import default_rate_limiter
from bot.ratelimit import PriorityRateLimiter


async def test_interactive_request_overtakes_a_queue_of_bulk_sends() -> None:
    limiter = PriorityRateLimiter(overall_rate=20)  # one slot every 50 ms
    finished: list[str] = []

    async def bulk(number: int) -> None:
        await limiter.acquire(1000 + number, bulk=True)
        finished.append(f"bulk{number}")

    tasks = [asyncio.create_task(bulk(number)) for number in range(20)]
    await asyncio.sleep(0.12)
    started = time.monotonic()
    await limiter.acquire(1, bulk=False)
    waited = time.monotonic() - started
    finished.append("reply")
    assert waited < 0.3  # the next free slot, not the end of the queue (~1 s)
    assert 2 <= finished.index("reply") <= 8
    await asyncio.gather(*tasks)
    assert len(finished) == 21


async def test_overall_rate_is_kept_by_bulk_sends() -> None:
    limiter = PriorityRateLimiter(overall_rate=50)
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire(1000 + n, bulk=True) for n in range(26)))
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 1.2  # about 25 intervals of 20 ms


async def test_bulk_sends_to_one_chat_are_a_second_apart_replies_are_not() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000, bulk_chat_interval=0.3)
    started = time.monotonic()
    await limiter.acquire(7, bulk=True)
    await limiter.acquire(7, bulk=True)
    assert time.monotonic() - started >= 0.29
    started = time.monotonic()
    await limiter.acquire(7, bulk=False)
    await limiter.acquire(7, bulk=False)
    assert time.monotonic() - started < 0.05


async def test_group_limit_applies_to_every_message() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000, group_rate=3, group_period=0.3)
    started = time.monotonic()
    for _ in range(4):
        await limiter.acquire(-100, bulk=False)
    assert time.monotonic() - started >= 0.29
    started = time.monotonic()
    await limiter.acquire(-200, bulk=False)  # another group has its own budget
    assert time.monotonic() - started < 0.05


async def test_a_group_waiting_for_its_minute_holds_no_other_chat() -> None:
    """A reply to a group that has had its messages this minute waits aside: replies to other
    chats and bulk sends (a broadcast) go on at the full pace meanwhile."""
    limiter = PriorityRateLimiter(overall_rate=100, group_rate=2, group_period=0.5)
    for _ in range(2):
        await limiter.acquire(-100, bulk=False)
    started = time.monotonic()
    waiting = asyncio.create_task(limiter.acquire(-100, bulk=False))
    await asyncio.sleep(0.01)
    await asyncio.gather(*(limiter.acquire(1000 + n, bulk=True) for n in range(10)))
    await limiter.acquire(7, bulk=False)
    assert time.monotonic() - started < 0.25  # eleven slots of 10 ms, not the group's minute
    assert not waiting.done()
    await waiting
    assert time.monotonic() - started >= 0.45


async def test_a_groups_minute_counts_from_when_its_messages_leave() -> None:
    """A reply that got its group's slot but then waited for the overall window (full of
    paced broadcast messages) counts in the group's minute from when it left."""
    limiter = PriorityRateLimiter(overall_rate=2, period=0.2, group_rate=1, group_period=0.3)
    left: list[float] = []

    async def send() -> bool:
        left.append(time.monotonic())
        return True

    paced = {"bulk": True, "paced": True}
    for member in (1001, 1002):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": member}, paced)
    for _ in range(2):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": -100}, None)
    assert left[2] - left[0] >= 0.19  # the first reply waited for the window
    assert left[3] - left[2] >= 0.29  # the group's minute from then, not from its slot


async def test_flood_control_in_a_group_pauses_only_that_group() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000, max_retries=1)
    calls: list[int] = []

    async def send(chat_id: int) -> bool:
        calls.append(chat_id)
        if calls.count(chat_id) == 1 and chat_id < 0:
            raise RetryAfter(timedelta(seconds=0.4))
        return True

    async def request(chat_id: int) -> bool:
        data = {"chat_id": chat_id}
        return bool(await limiter.process_request(send, (chat_id,), {}, "sendMessage", data, None))

    started = time.monotonic()
    group = asyncio.create_task(request(-100))
    await asyncio.sleep(0.01)
    assert await request(5)
    assert time.monotonic() - started < 0.1  # the private chat is not behind the group
    assert await group
    assert time.monotonic() - started >= 0.39 and calls == [-100, 5, -100]


async def test_flood_control_pauses_everything_and_retries() -> None:
    limiter = PriorityRateLimiter(overall_rate=1000, max_retries=1)
    calls = 0

    async def flaky() -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RetryAfter(1)
        return True

    started = time.monotonic()
    assert await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert calls == 2 and time.monotonic() - started >= 0.99
    assert limiter.retry_afters == 1

    async def always_flooded() -> bool:
        raise RetryAfter(0)

    with pytest.raises(RetryAfter):
        await limiter.process_request(always_flooded, (), {}, "sendMessage", {"chat_id": 5}, None)


async def test_paced_requests_and_other_methods_do_not_wait() -> None:
    limiter = PriorityRateLimiter(overall_rate=2)
    await limiter.acquire(1, bulk=False)  # the budget is used for the next 0.5 s

    async def ok() -> bool:
        return True

    started = time.monotonic()
    paced = {"bulk": True, "paced": True}
    await limiter.process_request(ok, (), {}, "sendMessage", {"chat_id": "9"}, paced)
    await limiter.process_request(ok, (), {}, "answerCallbackQuery", {}, None)
    assert time.monotonic() - started < 0.05


def test_the_bot_uses_the_priority_limiter() -> None:
    limiter = default_rate_limiter()
    assert isinstance(limiter, PriorityRateLimiter)
    assert 1 / limiter.interval <= 30
