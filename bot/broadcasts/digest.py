"""The daily digest: the announcements waiting for each person who chose it (outbox rows in
the state DIGEST), claimed before the digest is sent and settled after."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from bot.broadcasts.news import NewsItem
from bot.db import Database
from models import Announcement, Delivery, DeliveryState, utcnow

SETTLED = (DeliveryState.SENT, DeliveryState.BLOCKED, DeliveryState.FAILED)


@dataclass(frozen=True)
class Waiting:
    """One person's digest: their chat and the (outbox row id, announcement) pairs."""

    chat_id: int
    items: list[tuple[int, NewsItem]]


class Digest:
    """What the daily digest job sends to whom."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def waiting(self) -> list[Waiting]:
        """Everything collected since the last digest, by person."""
        statement = (
            select(Delivery, Announcement)
            .join(Announcement, col(Announcement.broadcast_id) == col(Delivery.broadcast_id))
            .where(Delivery.state == DeliveryState.DIGEST)
            .order_by(col(Delivery.person_id), col(Delivery.id))
        )
        waiting: dict[int, Waiting] = {}
        async with self.db.session() as session:
            for delivery, announcement in await session.exec(statement):
                entry = waiting.setdefault(delivery.person_id, Waiting(delivery.chat_id, []))
                entry.items.append((delivery.id or 0, NewsItem.of(announcement)))
        return list(waiting.values())

    async def claim(self, delivery_ids: list[int]) -> list[int]:
        """Take the rows for a digest being sent; the ids not taken by someone else."""
        return await self._move(delivery_ids, DeliveryState.DIGEST, DeliveryState.SENDING)

    async def settle(self, delivery_ids: list[int], outcome: DeliveryState) -> None:
        """How the digest went: sent, blocked or failed."""
        assert outcome in SETTLED
        await self._move(delivery_ids, DeliveryState.SENDING, outcome)

    async def _move(
        self, delivery_ids: list[int], before: DeliveryState, after: DeliveryState
    ) -> list[int]:
        async with self.db.session() as session:
            rows = list(
                await session.exec(
                    select(Delivery).where(
                        col(Delivery.id).in_(delivery_ids), col(Delivery.state) == before
                    )
                )
            )
            for row in rows:
                row.state = after
                row.updated_at = utcnow()
            return [row.id or 0 for row in rows]
