"""Small JSON values kept across restarts (persistence, digests, settings set by command)."""

from __future__ import annotations

from typing import Any

from sqlmodel import delete, select

from bot.db import Database
from models import StoredState, utcnow


async def load_all(db: Database, kind: str) -> dict[str, Any]:
    async with db.session() as session:
        rows = await session.exec(select(StoredState).where(StoredState.kind == kind))
        return {row.key: row.value for row in rows}


async def load(db: Database, kind: str, key: str) -> Any:
    async with db.session() as session:
        row = await session.get(StoredState, (kind, key))
        return None if row is None else row.value


async def save(db: Database, kind: str, key: str, value: Any) -> None:
    """Store `value`; None removes the entry."""
    async with db.session() as session:
        row = await session.get(StoredState, (kind, key))
        if value is None:
            if row is not None:
                await session.delete(row)
        elif row is None:
            session.add(StoredState(kind=kind, key=key, value=value))
        else:
            row.value = value
            row.updated_at = utcnow()


async def drop(db: Database, kind: str, key: str) -> None:
    async with db.session() as session:
        await session.exec(
            delete(StoredState).where(StoredState.kind == kind, StoredState.key == key)  # type: ignore[arg-type]
        )
