"""Reading the audit log (organisers only; shown without personal data beyond names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import select

from bot.db import Database
from models import AuditEntry, Person


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
        .join(actor, AuditEntry.actor_id == actor.id, isouter=True)  # type: ignore[arg-type]
        .join(target, AuditEntry.target_person_id == target.id, isouter=True)  # type: ignore[arg-type]
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())  # type: ignore[attr-defined, union-attr]
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
