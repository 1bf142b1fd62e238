"""One budget for everything the bot sends, with interactive replies ahead of bulk sends.

Telegram allows about 30 messages per second overall, one per second to one chat and 20 per
minute to one group. PTB's AIORateLimiter has no priorities, so a 10,000-recipient broadcast
would queue a member's /help answer behind thousands of messages. Here every request waits
for its own slot: a reply to a person goes as soon as the overall pace allows, and a bulk
send (marked with ``rate_limit_args={"bulk": True}``) only takes a slot no reply is waiting
for. The delivery engine reserves its slots in advance with `acquire(..., bulk=True)` and
then sends with ``{"bulk": True, "paced": True}`` so the slot is not taken twice.

A message that waits for its own chat (a group that has had its 20 messages this minute, a
second bulk send to one person) waits aside: it neither holds the overall line nor counts as
a waiting reply that bulk sends must let pass, so a busy group delays nobody else.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.db import commit_current

Answer = bool | dict[str, Any] | list[dict[str, Any]]  # what a Bot API call returns

# Methods that are not messages: never delayed.
_UNLIMITED = frozenset({"getUpdates", "getMe", "answerCallbackQuery", "getChatMember", "getFile"})


def _chat_id(data: dict[str, Any] | None) -> int | str | None:
    value = (data or {}).get("chat_id")
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value  # @channelusername
    return value if isinstance(value, int) else None


def _is_group(chat_id: int | str | None) -> bool:
    return isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Paces requests: `overall_rate` per `period` for all, `bulk_chat_interval` between
    bulk sends to one chat, `group_rate` per `group_period` to one group; a 429 pauses
    everything (a 429 from a group: that group) for its retry_after and the request is
    retried up to `max_retries` times. A message waiting for its chat's own allowance
    waits aside: it holds neither the overall line nor any other chat."""

    def __init__(
        self,
        *,
        overall_rate: float = 29.0,
        period: float = 1.0,
        bulk_chat_interval: float = 1.0,
        group_rate: int = 20,
        group_period: float = 60.0,
        max_retries: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = period / overall_rate
        self.bulk_chat_interval = bulk_chat_interval
        self.group_rate = group_rate
        self.group_period = group_period
        self.max_retries = max_retries
        self.clock = clock
        self.retry_afters = 0
        self.period = period
        self._window_size = max(1, int(overall_rate))
        self._recent_sends: deque[float] = deque(maxlen=self._window_size)
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._interactive_waiting = 0
        self._chat_next: dict[int | str, float] = {}
        self._group_sent: dict[int | str, deque[float]] = {}
        self._group_paused: dict[int | str, float] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def pause(self, seconds: float, chat_id: int | str | None = None) -> None:
        """Flood control: nothing goes out for `seconds`; to a group, only to that group
        (its own allowance is used up, the other chats are not behind it)."""
        until = self.clock() + seconds
        if _is_group(chat_id):
            assert chat_id is not None
            self._group_paused[chat_id] = max(self._group_paused.get(chat_id, 0.0), until)
        else:
            self._paused_until = max(self._paused_until, until)

    def _chat_wait(self, chat_id: int | str | None, bulk: bool, now: float) -> float:
        """How long the chat's own limits hold this message: waiting for them holds nobody
        else, not even a broadcast."""
        if chat_id is None:
            return 0.0
        wait = self._chat_next.get(chat_id, 0.0) - now if bulk else 0.0
        if not _is_group(chat_id):
            return wait
        paused = self._group_paused.get(chat_id)
        if paused is not None:
            if paused <= now:
                del self._group_paused[chat_id]
            wait = max(wait, paused - now)
        sent = self._group_sent.get(chat_id)
        if sent is not None:
            while sent and sent[0] <= now - self.group_period:
                sent.popleft()
            if not sent:
                del self._group_sent[chat_id]
            elif len(sent) >= self.group_rate:
                wait = max(wait, sent[0] + self.group_period - now)
        return wait

    def _overall_wait(self, bulk: bool, now: float) -> float:
        """How long the overall pace holds this message; replies go first."""
        wait = max(self._paused_until - now, self._next_slot - now)
        if bulk and self._interactive_waiting:
            wait = max(wait, self.interval)
        return wait

    def _take(self, chat_id: int | str | None, now: float) -> None:
        # A slot nobody was ready for may be used a moment late (the window keeps the limit).
        self._next_slot = max(now - self.interval, self._next_slot) + self.interval
        if chat_id is None:
            return
        if len(self._chat_next) > 50_000:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._chat_next[chat_id] = now + self.bulk_chat_interval  # the next bulk send waits
        if _is_group(chat_id):
            self._group_sent.setdefault(chat_id, deque()).append(now)

    async def acquire(self, chat_id: int | str | None, *, bulk: bool = False) -> float:
        """Wait for a slot to send one message to `chat_id`: first for the chat's own turn,
        then in the overall line, where interactive requests go first. The slot's time."""
        while True:
            now = self.clock()
            chat_wait = self._chat_wait(chat_id, bulk, now)
            if chat_wait > 0:
                await asyncio.sleep(chat_wait)
                continue
            wait = self._overall_wait(bulk, now)
            if wait <= 0:
                self._take(chat_id, now)
                return now
            if bulk:
                await asyncio.sleep(wait)
                continue
            self._interactive_waiting += 1
            try:
                await asyncio.sleep(wait)
            finally:
                self._interactive_waiting -= 1

    async def _keep_window(self) -> None:
        """The guarantee behind the pacing: never more than `overall_rate` requests actually
        leave within one `period` (a paced slot may be used a little late)."""
        recent = self._recent_sends
        while len(recent) == self._window_size:
            wait = recent[0] + self.period - self.clock()
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        recent.append(self.clock())

    def _left(self, chat_id: int | str | None, slot: float | None) -> None:
        """The message to a group leaves now, maybe later than its slot: the group's minute
        counts from now, as Telegram counts it."""
        sent = self._group_sent.get(chat_id) if chat_id is not None else None
        if sent and slot is not None and slot in sent:
            sent.remove(slot)
            sent.append(self.clock())

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> Answer:
        # Nothing waits for Telegram while holding the database: the running update's work
        # is committed first, so what a person is told is already stored.
        await commit_current()
        options = rate_limit_args or {}
        bulk = bool(options.get("bulk"))
        chat_id = _chat_id(data)
        limited = endpoint not in _UNLIMITED
        slot = None
        if limited and not options.get("paced"):
            slot = await self.acquire(chat_id, bulk=bulk)
        retries = 0
        while True:
            if limited:
                await self._keep_window()
                self._left(chat_id, slot)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.retry_afters += 1
                delay = error.retry_after
                seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
                self.pause(seconds, chat_id)
                if retries >= self.max_retries:
                    raise
                retries += 1
                slot = await self.acquire(chat_id, bulk=bulk)
