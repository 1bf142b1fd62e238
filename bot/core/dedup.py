"""Recognising repeated updates, across restarts.

Telegram delivers at least once (a webhook retried after a time-out, polling after a crash)
and keeps an update for 24 hours, so an update id is remembered in the database for a day.
It is recorded in the update's own unit of work: the record commits together with what the
update did (and is undone with it), and of two deliveries processed at once only one can
insert it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, delete

from bot.db import Database
from models import SeenUpdate, utcnow

KEEP = timedelta(hours=25)  # Telegram's 24 hours, and some slack
PRUNE_EVERY = 1_000  # updates between two removals of the old ids


class RecentUpdates:
    """The ids of the updates processed in the last day."""

    def __init__(
        self,
        db: Database,
        *,
        keep: timedelta = KEEP,
        prune_every: int = PRUNE_EVERY,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.keep = keep
        self.prune_every = prune_every
        self.clock = clock
        self._until_prune = 0  # the first update after a start prunes

    async def first_time(self, update_id: int) -> bool:
        """Record `update_id`; False if it was recorded before (the update is a repeat)."""
        insert = sqlite_insert if self.db.is_sqlite else postgresql_insert
        now = self.clock()
        statement = (
            insert(SeenUpdate)
            .values(update_id=update_id, seen_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        async with self.db.session() as session:
            inserted = (await session.exec(statement)).rowcount == 1
            self._until_prune -= 1
            if self._until_prune <= 0:
                self._until_prune = self.prune_every
                await session.exec(
                    delete(SeenUpdate).where(col(SeenUpdate.seen_at) < now - self.keep)
                )
        return inserted
