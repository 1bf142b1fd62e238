"""The durable outbox: one message to many people, one `Delivery` row per recipient.

Any feature can use it (announcements, a working group's /announce_group, meeting
invitations) through the running bot's `services.outbox`::

    broadcast_id = await services.outbox.create(kind="announcement", payload={...},
                                                 recipients=[...])

This module creates broadcasts and reports on them; `engine.py` sends them and
`sender.py` is its Telegram side. Nothing here imports telegram.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import People
from bot.db import Database
from bot.outbox.records import DeliveryCounts, DeliveryStats, Recipient
from models import Broadcast, BroadcastStatus, Delivery, DeliveryState, utcnow


class Outbox:
    """Creates broadcasts with their outbox rows, and reports on them."""

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
                "message_id": recipient.message_id,
                "state": state,
                "attempts": 0,
                "updated_at": now,
            }
            for state, group in groups
            for recipient in group
        ]
        if rows:
            await session.exec(insert(Delivery), params=rows)
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

    async def messages_of_kind(self, kind: str) -> dict[int, int]:
        """The message each person was last sent (or had edited) by broadcasts of one kind:
        person id → message id, for editing it later."""
        async with self.db.session() as session:
            rows = await session.exec(
                select(Delivery.person_id, Delivery.message_id)
                .join(Broadcast, col(Broadcast.id) == col(Delivery.broadcast_id))
                .where(Broadcast.kind == kind, col(Delivery.message_id).is_not(None))
                .order_by(col(Delivery.id))
            )
            return {person_id: int(message_id) for person_id, message_id in rows if message_id}

    async def recent(self, *, kind: str | None = None, limit: int = 10) -> list[Broadcast]:
        statement = select(Broadcast).order_by(col(Broadcast.id).desc()).limit(limit)
        if kind is not None:
            statement = statement.where(Broadcast.kind == kind)
        async with self.db.session() as session:
            return list(await session.exec(statement))

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
