"""Organisers manage the list of areas of expertise: add an area, hide or show one.
Hidden areas stay on the profiles that have them but are no longer offered."""

from __future__ import annotations

import re

from sqlmodel import col, func, select

from bot.core import audit, expertise
from bot.core.errors import STALE, Refused
from bot.db import Database
from models import ExpertiseArea


def _code(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:24] or "area"


class Areas:
    """The managed list of areas of expertise."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def offered(self) -> list[ExpertiseArea]:
        """The areas a person may choose, in their order."""
        return await expertise.list_areas(self.db)

    async def everything(self) -> list[ExpertiseArea]:
        """Every area, hidden ones too (they stay on old profiles)."""
        return await expertise.list_areas(self.db, include_hidden=True)

    async def add(self, *, name_ru: str, name_en: str, actor_id: int) -> ExpertiseArea:
        """A new area at the end of the list, with a unique code made from the English name."""
        async with self.db.session() as session:
            base = _code(name_en)
            taken = set(
                await session.exec(
                    select(ExpertiseArea.code).where(col(ExpertiseArea.code).startswith(base))
                )
            )
            code = base
            suffix = 2
            while code in taken:
                code, suffix = f"{base}_{suffix}", suffix + 1
            last = (await session.exec(select(func.max(ExpertiseArea.position)))).one()
            area = ExpertiseArea(
                code=code, name_ru=name_ru[:100], name_en=name_en[:100], position=(last or 0) + 1
            )
            session.add(area)
            await session.flush()
            audit.record(session, actor_id=actor_id, action="areas.add", area=code)
            return area

    async def toggle(self, area_id: int, *, actor_id: int) -> ExpertiseArea:
        """Hide a shown area, or show a hidden one."""
        async with self.db.session() as session:
            area = await session.get(ExpertiseArea, area_id)
            if area is None:
                raise Refused(STALE)
            area.active = not area.active
            action = "areas.show" if area.active else "areas.hide"
            audit.record(session, actor_id=actor_id, action=action, area=area.code)
            return area
