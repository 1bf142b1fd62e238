"""Small JSON values kept across restarts (persistence, digests, settings set by command)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

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
    """Store `value` (an upsert, safe when two tasks save at once); None removes the entry."""
    if value is None:
        await drop(db, kind, key)
        return
    async with db.session() as session:
        await save_in(session, db, kind, key, value)


async def save_in(session: AsyncSession, db: Database, kind: str, key: str, value: Any) -> None:
    """`save` inside the caller's transaction (e.g. together with a broadcast it records)."""
    insert = sqlite_insert if db.is_sqlite else postgresql_insert
    row = {"kind": kind, "key": key, "value": value, "updated_at": utcnow()}
    statement = insert(StoredState).values(**row)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    )
    await session.exec(statement)


async def drop(db: Database, kind: str, key: str) -> None:
    async with db.session() as session:
        await session.exec(
            delete(StoredState).where(col(StoredState.kind) == kind, col(StoredState.key) == key)
        )
