"""Every feature's personal data in one place, for /mydata and /deleteme (152-FZ).

Each feature's service exposes `personal_data(db, person_id) -> dict` and
`erase_personal_data(db, person_id)`; a new feature adds one line to SOURCES. Membership goes
last when erasing: it anonymises the person row the other features still look up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.consultations import personal as consultations
from bot.db import Database
from bot.decisions import personal as decisions
from bot.groups import personal as working_groups
from bot.meetings import personal as meetings
from bot.membership import personal as membership

Export = Callable[[Database, int], Awaitable[dict[str, Any]]]
Erase = Callable[[Database, int], Awaitable[None]]

SOURCES: tuple[tuple[str, Export, Erase], ...] = (
    ("working_groups", working_groups.personal_data, working_groups.erase_personal_data),
    ("decisions", decisions.personal_data, decisions.erase_personal_data),
    ("consultations", consultations.personal_data, consultations.erase_personal_data),
    ("meetings", meetings.personal_data, meetings.erase_personal_data),
    ("membership", membership.personal_data, membership.erase_personal_data),
)


async def export(db: Database, person_id: int) -> dict[str, Any]:
    """Everything kept about a person, by feature, as JSON-ready values."""
    return {name: await collect(db, person_id) for name, collect, _erase in SOURCES}


async def erase(db: Database, person_id: int) -> None:
    """Destroy or anonymise a person's data in every feature."""
    for _name, _collect, destroy in SOURCES:
        await destroy(db, person_id)
