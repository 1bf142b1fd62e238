"""Transitional: membership's cards import these names from here until the lead repoints
them at `context.services.consultations.records.consulting(person_ids)` (then this module
goes)."""

from __future__ import annotations

from bot.consultations.records import consulting_among
from bot.consultations.views import Consulting
from bot.db import Database

__all__ = ["Consulting", "consulting"]


async def consulting(
    db: Database, person_ids: list[int], *, limit: int | None = 3
) -> dict[int, Consulting]:
    """Availability and the newest recommendations of each person."""
    async with db.session() as session:
        return await consulting_among(session, person_ids, limit=limit)
