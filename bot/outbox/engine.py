"""Sending the outbox.

Every recipient is one `Delivery` row. A worker waits for a rate-limit slot (`pace`), then in
ONE transaction records the outcome of its previous send and claims the next row (SENDING),
then sends. So a crash leaves at most one row per worker in SENDING: on the next start
`recover()` marks those UNCERTAIN and they are never sent again (nobody gets a message twice),
while everything still PENDING is sent (nobody is missed). The engine never imports telegram:
the caller's `send` (see `sender.py`) turns Telegram's answers into a `SendResult`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from bot.outbox.records import DeliveryStats, OutboxItem, Outcome, SendResult, payload_for
from bot.outbox.store import Outbox
from models import Broadcast, BroadcastStatus, Delivery, DeliveryState, PersonStatus, utcnow

logger = logging.getLogger(__name__)


Send = Callable[[OutboxItem], Awaitable[SendResult]]
Pace = Callable[[int], Awaitable[None]]
Progress = Callable[[DeliveryStats], Awaitable[None]]


async def _no_pace(_chat_id: int) -> None:
    return None


def _always() -> bool:
    return True


class DeliveryEngine(Outbox):
    """The outbox and its sending; one engine per running bot (one process)."""

    def abort(self) -> None:
        """Cancel every worker at once, as a crash would (used to simulate one)."""
        for tasks in self._running.values():
            for task in tasks:
                task.cancel()

    async def run(
        self,
        broadcast_id: int,
        *,
        send: Send,
        pace: Pace = _no_pace,
        keep_going: Callable[[], bool] = _always,
        on_progress: Progress | None = None,
    ) -> DeliveryStats:
        """Send everything due until nothing is pending, the broadcast is cancelled, or
        `keep_going()` turns false (the bot stops: the rest is sent after the restart)."""
        broadcast = await self.get(broadcast_id)
        if broadcast is None or broadcast.status is not BroadcastStatus.SENDING:
            return await self.stats(broadcast_id)
        if broadcast_id in self._running:
            raise RuntimeError(f"broadcast {broadcast_id} is already running")
        cancelled = self._cancelled[broadcast_id] = asyncio.Event()
        self._running[broadcast_id] = []

        def going() -> bool:
            return keep_going() and not cancelled.is_set()

        ticker = (
            asyncio.create_task(self._report(broadcast_id, on_progress)) if on_progress else None
        )
        try:
            while going():
                page = await self._due_page(broadcast_id)
                if page:
                    await self._send_page(broadcast_id, broadcast.payload, page, send, pace, going)
                    continue
                wake_at = await self._next_retry(broadcast_id)
                if wake_at is None:
                    await self._finish(broadcast_id)
                    break
                await self._sleep_until(wake_at, going)
            stats = await self.stats(broadcast_id)
            if on_progress is not None:
                if ticker is not None:
                    ticker.cancel()
                await on_progress(stats)
            return stats
        finally:
            self._running.pop(broadcast_id, None)
            self._cancelled.pop(broadcast_id, None)
            if ticker is not None:
                ticker.cancel()

    async def _send_page(
        self,
        broadcast_id: int,
        payload: dict[str, Any],
        page: list[Delivery],
        send: Send,
        pace: Pace,
        going: Callable[[], bool],
    ) -> None:
        items = deque(
            OutboxItem(
                row.id or 0,
                broadcast_id,
                row.person_id,
                row.chat_id,
                payload_for(payload, row.variant),
                row.attempts,
                row.message_id,
            )
            for row in page
        )
        tasks = [
            asyncio.create_task(self._work(items, send, pace, going))
            for _ in range(min(self.workers, len(items)))
        ]
        self._running[broadcast_id] = tasks
        await asyncio.gather(*tasks)

    async def _work(
        self,
        items: deque[OutboxItem],
        send: Send,
        pace: Pace,
        going: Callable[[], bool],
    ) -> None:
        """One worker: wait for a slot, record the last outcome and claim the next row in one
        transaction, send. The last outcome is recorded on a normal exit only: a crash (a
        cancelled task) leaves the row SENDING, as a killed process would."""
        previous: tuple[OutboxItem, SendResult] | None = None
        while items and going():
            item = items.popleft()
            await pace(item.chat_id)
            if not going():
                break
            if not await self._settle_and_claim(previous, item):
                previous = None
                continue
            previous = (item, await send(item))
        await self._settle_and_claim(previous, None)

    async def _settle_and_claim(
        self, previous: tuple[OutboxItem, SendResult] | None, claim: OutboxItem | None
    ) -> bool:
        """Two UPDATEs in one transaction: the outcome of the last send, the next claim."""
        if previous is None and claim is None:
            return False
        claimed = False
        async with self.db.session() as session:
            if previous is not None:
                item, result = previous
                await session.exec(
                    update(Delivery)
                    .where(col(Delivery.id) == item.delivery_id)
                    .values(**self._outcome_values(item, result))
                )
            if claim is not None:
                changed = await session.exec(
                    update(Delivery)
                    .where(
                        col(Delivery.id) == claim.delivery_id,
                        col(Delivery.state) == DeliveryState.PENDING,
                    )
                    .values(state=DeliveryState.SENDING, updated_at=utcnow())
                )
                claimed = changed.rowcount == 1
        if previous is not None and previous[1].outcome is Outcome.BLOCKED and self.people:
            await self.people.set_status(previous[0].chat_id, PersonStatus.UNREACHABLE)
        return claimed

    def _outcome_values(self, item: OutboxItem, result: SendResult) -> dict[str, Any]:
        now = utcnow()
        values: dict[str, Any] = {
            "updated_at": now,
            "error": result.error[:120] if result.error else None,
        }
        if result.message_id is not None:
            values["message_id"] = result.message_id
        if result.outcome is Outcome.FAILED:
            attempts = item.attempts + 1
            values["attempts"] = attempts
            if attempts >= self.max_attempts:
                values["state"] = DeliveryState.FAILED
            else:
                values["state"] = DeliveryState.PENDING
                delay = self.backoff * 2 ** (attempts - 1)
                values["not_before"] = now + timedelta(seconds=delay)
        elif result.outcome is Outcome.RETRY_LATER:
            values["state"] = DeliveryState.PENDING
            values["not_before"] = now + timedelta(seconds=result.retry_after)
        else:
            values["state"] = {
                Outcome.SENT: DeliveryState.SENT,
                Outcome.BLOCKED: DeliveryState.BLOCKED,
                Outcome.UNCERTAIN: DeliveryState.UNCERTAIN,
            }[result.outcome]
        return values

    async def _due_page(self, broadcast_id: int) -> list[Delivery]:
        now = utcnow()
        statement = (
            select(Delivery)
            .where(
                Delivery.broadcast_id == broadcast_id,
                Delivery.state == DeliveryState.PENDING,
                (col(Delivery.not_before).is_(None)) | (col(Delivery.not_before) <= now),
            )
            .order_by(col(Delivery.id))
            .limit(self.page_size)
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    async def _next_retry(self, broadcast_id: int) -> Any:
        async with self.db.session() as session:
            return (
                await session.exec(
                    select(func.min(Delivery.not_before)).where(
                        Delivery.broadcast_id == broadcast_id,
                        Delivery.state == DeliveryState.PENDING,
                    )
                )
            ).one()

    async def _sleep_until(self, moment: Any, going: Callable[[], bool]) -> None:
        """Wait for a retry, but notice a cancellation or a stopping bot within 0.2 s."""
        while going():
            left = (moment - utcnow()).total_seconds()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.2))

    async def _finish(self, broadcast_id: int) -> None:
        async with self.db.session() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is not None and broadcast.status is BroadcastStatus.SENDING:
                broadcast.status = BroadcastStatus.DONE
                broadcast.finished_at = utcnow()

    async def _report(self, broadcast_id: int, on_progress: Progress) -> None:
        """Progress at most every `progress_interval` seconds while the broadcast runs."""
        while True:
            await asyncio.sleep(self.progress_interval)
            try:
                await on_progress(await self.stats(broadcast_id))
            except Exception:
                logger.exception("progress report of broadcast %s failed", broadcast_id)
