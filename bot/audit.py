"""Writing the audit log of admin actions."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models import AuditEntry


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
