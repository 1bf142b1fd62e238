"""Admin actions that change nothing of their own but belong in the audit log (a question to
an applicant, the reason of a revocation)."""

from __future__ import annotations

from typing import Any

from bot.core import audit
from bot.core.people import PersonView
from bot.db import Database


async def record_action(
    db: Database, actor: PersonView, action: str, person_id: int | None, **details: Any
) -> None:
    """Write the entry in the current unit of work (with the change it goes with)."""
    async with db.session() as session:
        audit.record(
            session, actor_id=actor.id, action=action, target_person_id=person_id, **details
        )
