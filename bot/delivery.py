"""The delivery engine: one message to many people through a durable outbox in the database.

Any feature can use it (announcements, a working group's /announce_group, meeting invitations):

    engine = DeliveryEngine(db, people=people)
    broadcast_id = await engine.create(kind="announcement", payload={...}, recipients=[...])
    stats = await engine.run(broadcast_id, send=send, pace=pace, keep_going=keep_going)

Every recipient is one `Delivery` row. A worker waits for a rate-limit slot (`pace`), then in
ONE transaction records the outcome of its previous send and claims the next row (SENDING),
then sends. So a crash leaves at most one row per worker in SENDING: on the next start
`recover()` marks those UNCERTAIN and they are never sent again (nobody gets a message twice),
while everything still PENDING is sent (nobody is missed). The engine never imports telegram:
the caller's `send` turns Telegram's answers into a `SendResult`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import Database
from bot.people import People
from models import Broadcast, BroadcastStatus, Delivery, DeliveryState, PersonStatus, utcnow

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the person blocked the bot or is gone; never retried
    FAILED = "failed"  # anything else: retried with back-off a bounded number of times
    RETRY_LATER = "retry_later"  # 429 flood control: try again after `retry_after` seconds
    UNCERTAIN = "uncertain"  # timed out: it may have arrived, so it is never sent again


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    retry_after: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class Recipient:
    person_id: int
    chat_id: int
    variant: str = ""  # the key of this person's payload in `payload["variants"]`


@dataclass(frozen=True)
class OutboxItem:
    """What `send` gets: whom to send to, and the broadcast's payload."""

    delivery_id: int
    broadcast_id: int
    person_id: int
    chat_id: int
    payload: dict[str, Any]
    attempts: int = 0


@dataclass(frozen=True)
class DeliveryCounts:
    """How many recipients are in each state (of one broadcast, or of several)."""

    counts: dict[DeliveryState, int] = field(default_factory=dict)

    def __getitem__(self, state: DeliveryState) -> int:
        return self.counts.get(state, 0)

    @property
    def sent(self) -> int:
        return self[DeliveryState.SENT]

    @property
    def pending(self) -> int:
        return self[DeliveryState.PENDING] + self[DeliveryState.SENDING]

    @property
    def blocked(self) -> int:
        return self[DeliveryState.BLOCKED]

    @property
    def failed(self) -> int:
        return self[DeliveryState.FAILED] + self[DeliveryState.UNCERTAIN]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DeliveryStats(DeliveryCounts):
    broadcast_id: int = 0
    status: BroadcastStatus = BroadcastStatus.SENDING


def variants_payload(variants: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A payload that differs between recipients (by language, say): each `Recipient` names
    its variant. One broadcast, one outbox and one progress report for all of them."""
    return {"variants": variants}


def payload_for(payload: dict[str, Any], variant: str) -> dict[str, Any]:
    """The payload one recipient gets."""
    variants = payload.get("variants")
    return payload if variants is None else dict(variants[variant])


Send = Callable[[OutboxItem], Awaitable[SendResult]]
Pace = Callable[[int], Awaitable[None]]
Progress = Callable[[DeliveryStats], Awaitable[None]]


async def _no_pace(_chat_id: int) -> None:
    return None


def _always() -> bool:
    return True


class DeliveryEngine:
    """Creates broadcasts and sends them; one engine per running bot (one process)."""

    def __init__(
        self,
        db: Database,
        *,
        people: People | None = None,
        workers: int = 4,
        max_attempts: int = 3,
        backoff: float = 2.0,
        progress_interval: float = 3.0,
        page_size: int = 500,
    ) -> None:
        self.db = db
        self.people = people
        self.workers = workers
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.progress_interval = progress_interval
        self.page_size = page_size
        self._cancelled: dict[int, asyncio.Event] = {}
        self._running: dict[int, list[asyncio.Task[None]]] = {}

    # ----- creating and inspecting ---------------------------------------------------------

    async def create(
        self,
        *,
        kind: str,
        payload: dict[str, Any],
        recipients: Iterable[Recipient],
        deferred: Iterable[Recipient] = (),
        progress_chat_id: int | None = None,
    ) -> int:
        """A new broadcast with its outbox rows, in one transaction. `deferred` rows wait for
        the daily digest instead of being sent now."""
        async with self.db.session() as session:
            return await self.add(
                session,
                kind=kind,
                payload=payload,
                recipients=recipients,
                deferred=deferred,
                progress_chat_id=progress_chat_id,
            )

    async def add(
        self,
        session: AsyncSession,
        *,
        kind: str,
        payload: dict[str, Any],
        recipients: Iterable[Recipient],
        deferred: Iterable[Recipient] = (),
        progress_chat_id: int | None = None,
    ) -> int:
        """Like `create`, inside the caller's transaction (e.g. together with its own rows)."""
        now = utcnow()
        broadcast = Broadcast(kind=kind, payload=payload, progress_chat_id=progress_chat_id)
        session.add(broadcast)
        await session.flush()
        assert broadcast.id is not None
        groups = ((DeliveryState.PENDING, recipients), (DeliveryState.DIGEST, deferred))
        rows = [
            {
                "broadcast_id": broadcast.id,
                "person_id": recipient.person_id,
                "chat_id": recipient.chat_id,
                "variant": recipient.variant,
                "state": state,
                "attempts": 0,
                "updated_at": now,
            }
            for state, group in groups
            for recipient in group
        ]
        if rows:
            await session.exec(insert(Delivery), params=rows)  # type: ignore[call-overload]
        return broadcast.id

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        async with self.db.session() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is not None:
                broadcast.progress_chat_id = chat_id
                broadcast.progress_message_id = message_id

    async def get(self, broadcast_id: int) -> Broadcast | None:
        async with self.db.session() as session:
            return await session.get(Broadcast, broadcast_id)

    async def stats(self, broadcast_id: int) -> DeliveryStats:
        async with self.db.session() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is None:
                raise LookupError(f"no broadcast {broadcast_id}")
            rows = await session.exec(
                select(Delivery.state, func.count())
                .where(Delivery.broadcast_id == broadcast_id)
                .group_by(Delivery.state)
            )
            counts = {DeliveryState(state): int(number) for state, number in rows}
            return DeliveryStats(counts, broadcast_id, broadcast.status)

    async def counts_of_kind(self, kind: str) -> DeliveryCounts:
        """All broadcasts of one kind together (e.g. every invitation to one meeting)."""
        async with self.db.session() as session:
            rows = await session.exec(
                select(Delivery.state, func.count())
                .join(Broadcast, col(Broadcast.id) == col(Delivery.broadcast_id))
                .where(Broadcast.kind == kind)
                .group_by(Delivery.state)
            )
            return DeliveryCounts({DeliveryState(state): int(number) for state, number in rows})

    async def recent(self, *, kind: str | None = None, limit: int = 10) -> list[Broadcast]:
        statement = select(Broadcast).order_by(col(Broadcast.id).desc()).limit(limit)
        if kind is not None:
            statement = statement.where(Broadcast.kind == kind)
        async with self.db.session() as session:
            return list(await session.exec(statement))

    # ----- after a restart -----------------------------------------------------------------

    async def recover(self) -> list[int]:
        """Call once at start, before any run: rows caught in flight by a crash become
        UNCERTAIN (not sent again); returns the broadcasts that still have work to do."""
        async with self.db.session() as session:
            await session.exec(
                update(Delivery)
                .where(col(Delivery.state) == DeliveryState.SENDING)
                .values(state=DeliveryState.UNCERTAIN, updated_at=utcnow())
            )
            rows = await session.exec(
                select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SENDING)
            )
            return [int(broadcast_id) for broadcast_id in rows if broadcast_id is not None]

    # ----- cancelling ----------------------------------------------------------------------

    def is_running(self, broadcast_id: int) -> bool:
        return broadcast_id in self._running

    async def cancel(self, broadcast_id: int) -> DeliveryStats | None:
        """Stop a broadcast: what was sent stays recorded, the rest is marked cancelled.
        Returns None if it was not sending any more."""
        async with self.db.session() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is None or broadcast.status is not BroadcastStatus.SENDING:
                return None
            broadcast.status = BroadcastStatus.CANCELLED
            broadcast.finished_at = utcnow()
            await session.exec(
                update(Delivery)
                .where(
                    col(Delivery.broadcast_id) == broadcast_id,
                    col(Delivery.state).in_([DeliveryState.PENDING, DeliveryState.DIGEST]),
                )
                .values(state=DeliveryState.CANCELLED, updated_at=utcnow())
            )
        running = self._cancelled.get(broadcast_id)
        if running is not None:
            running.set()  # its workers stop after the message in hand
        return await self.stats(broadcast_id)

    def abort(self) -> None:
        """Cancel every worker at once, as a crash would (used to simulate one)."""
        for tasks in self._running.values():
            for task in tasks:
                task.cancel()

    # ----- sending -------------------------------------------------------------------------

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
                claimed = changed.rowcount == 1  # type: ignore[attr-defined]
        if previous is not None and previous[1].outcome is Outcome.BLOCKED and self.people:
            await self.people.set_status(previous[0].chat_id, PersonStatus.UNREACHABLE)
        return claimed

    def _outcome_values(self, item: OutboxItem, result: SendResult) -> dict[str, Any]:
        now = utcnow()
        values: dict[str, Any] = {
            "updated_at": now,
            "error": result.error[:120] if result.error else None,
        }
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
