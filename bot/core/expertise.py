"""Areas of expertise: the managed list, and the areas of each person."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, delete, select

from bot.db import Database
from models import ExpertiseArea, PersonExpertise


async def list_areas(db: Database, *, include_hidden: bool = False) -> list[ExpertiseArea]:
    """The areas in their display order."""
    statement = select(ExpertiseArea).order_by(col(ExpertiseArea.position), col(ExpertiseArea.id))
    if not include_hidden:
        statement = statement.where(col(ExpertiseArea.active).is_(True))
    async with db.session() as session:
        return list(await session.exec(statement))


async def person_areas(db: Database, person_id: int) -> list[ExpertiseArea]:
    statement = (
        select(ExpertiseArea)
        .join(PersonExpertise, col(PersonExpertise.area_id) == col(ExpertiseArea.id))
        .where(PersonExpertise.person_id == person_id)
        .order_by(col(ExpertiseArea.position))
    )
    async with db.session() as session:
        return list(await session.exec(statement))


async def set_person_areas(db: Database, person_id: int, codes: Iterable[str]) -> None:
    """Replace a person's areas with the given codes (unknown codes are an error)."""
    wanted = set(codes)
    async with db.session() as session:
        areas = list(
            await session.exec(select(ExpertiseArea).where(col(ExpertiseArea.code).in_(wanted)))
        )
        unknown = wanted - {area.code for area in areas}
        if unknown:
            raise ValueError(f"unknown expertise areas: {sorted(unknown)}")
        await session.exec(
            delete(PersonExpertise).where(col(PersonExpertise.person_id) == person_id)
        )
        for area in areas:
            assert area.id is not None
            session.add(PersonExpertise(person_id=person_id, area_id=area.id))


async def people_with_area(db: Database, code: str) -> list[int]:
    """Ids of the people who have this area in their profile."""
    statement = (
        select(PersonExpertise.person_id)
        .join(ExpertiseArea, col(PersonExpertise.area_id) == col(ExpertiseArea.id))
        .where(ExpertiseArea.code == code)
    )
    async with db.session() as session:
        return list(await session.exec(statement))
