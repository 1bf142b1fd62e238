"""The audit log of admin actions: written with the change it describes, read by organisers
(shown without personal data beyond names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import Database
from models import AuditEntry, Person


def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: str,
    target_person_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        actor_id=actor_id, action=action, target_person_id=target_person_id, details=details
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    action: str
    actor: str | None
    target: str | None
    details: dict[str, Any]


async def recent(db: Database, *, limit: int = 20) -> list[AuditLine]:
    """The newest entries first, with the names of who acted and on whom."""
    actor, target = aliased(Person), aliased(Person)
    statement = (
        select(AuditEntry, actor, target)
        .join(actor, col(AuditEntry.actor_id) == actor.id, isouter=True)
        .join(target, col(AuditEntry.target_person_id) == target.id, isouter=True)
        .order_by(col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
    )
    async with db.session() as session:
        rows = (await session.exec(statement)).all()
    return [
        AuditLine(
            at=entry.created_at,
            action=entry.action,
            actor=who.display_name if who else None,
            target=whom.display_name if whom else None,
            details=entry.details,
        )
        for entry, who, whom in rows
    ]
