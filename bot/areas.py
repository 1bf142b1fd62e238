"""Organisers manage the list of areas of expertise: add an area, hide or show one.
Hidden areas stay on the profiles that have them but are no longer offered."""

from __future__ import annotations

import re

from sqlmodel import func, select

from bot.core import audit
from bot.db import Database
from models import ExpertiseArea


def _code(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:24] or "area"


async def add(db: Database, *, name_ru: str, name_en: str, actor_id: int) -> ExpertiseArea:
    """A new area at the end of the list, with a unique code made from the English name."""
    async with db.session() as session:
        base = _code(name_en)
        taken = set(
            await session.exec(
                select(ExpertiseArea.code).where(ExpertiseArea.code.startswith(base))  # type: ignore[attr-defined]
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


async def set_active(db: Database, area_id: int, *, active: bool, actor_id: int) -> bool:
    """Show or hide an area; False if there is no such area."""
    async with db.session() as session:
        area = await session.get(ExpertiseArea, area_id)
        if area is None:
            return False
        area.active = active
        audit.record(
            session, actor_id=actor_id, action="areas.show" if active else "areas.hide",
            area=area.code,
        )  # fmt: skip
        return True
