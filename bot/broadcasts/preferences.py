"""How each member wants announcements: at once, in a daily digest, or only in /news."""

from __future__ import annotations

from bot.db import Database
from models import DeliveryMode, NewsPreference


class Preferences:
    """Members' delivery modes (/settings); no row means at once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def mode(self, person_id: int) -> DeliveryMode:
        async with self.db.session() as session:
            row = await session.get(NewsPreference, person_id)
            return row.mode if row else DeliveryMode.INSTANT

    async def choose(self, person_id: int, mode: DeliveryMode) -> None:
        async with self.db.session() as session:
            row = await session.get(NewsPreference, person_id)
            if row is None:
                session.add(NewsPreference(person_id=person_id, mode=mode))
            else:
                row.mode = mode
