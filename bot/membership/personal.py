"""A person's own data in membership: /mydata exports it, /deleteme erases it (152-FZ:
withdrawing consent destroys the data; the audit log keeps only ids)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, delete, or_, select

from bot.core import audit, expertise
from bot.db import Database
from models import (
    AuditEntry,
    MemberProfile,
    MembershipApplication,
    MembershipInvite,
    Person,
    PersonExpertise,
    PersonStatus,
    Role,
    StoredState,
    utcnow,
)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """Everything kept about a person, as JSON-ready values."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        profile = await session.get(MemberProfile, person_id)
        applications = list(
            await session.exec(
                select(MembershipApplication).where(MembershipApplication.person_id == person_id)
            )
        )
        actions = list(
            await session.exec(
                select(AuditEntry.action, AuditEntry.created_at).where(
                    AuditEntry.target_person_id == person_id
                )
            )
        )
    assert person is not None
    areas = await expertise.person_areas(db, person_id)
    return {
        "person": {k: _plain(v) for k, v in person.model_dump(exclude={"id"}).items()},
        "profile": (
            {k: _plain(v) for k, v in profile.model_dump(exclude={"person_id"}).items()}
            if profile
            else None
        ),
        "areas_of_expertise": [area.code for area in areas],
        "applications": [
            {
                "status": application.status.value,
                "submitted_at": application.submitted_at.isoformat(),
                "decided_at": _plain(application.decided_at),
                "reason": application.reason,
            }
            for application in applications
        ],
        "actions_about_you": [
            {"action": action, "at": moment.isoformat()} for action, moment in actions
        ],
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """Destroy a person's personal data. The row stays (other records point at its id) but
    can no longer be linked to them: names, region and Telegram id are gone."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        assert person is not None
        telegram_id = person.telegram_id
        await session.exec(delete(MemberProfile).where(col(MemberProfile.person_id) == person_id))
        await session.exec(
            delete(MembershipApplication).where(col(MembershipApplication.person_id) == person_id)
        )
        await session.exec(
            delete(PersonExpertise).where(col(PersonExpertise.person_id) == person_id)
        )
        await session.exec(
            delete(MembershipInvite).where(col(MembershipInvite.person_id) == person_id)
        )
        await session.exec(
            delete(StoredState).where(
                or_(
                    col(StoredState.key) == str(telegram_id),
                    col(StoredState.key).startswith(f"{telegram_id},"),
                    col(StoredState.key).endswith(f",{telegram_id}"),
                )
            )
        )
        for entry in await session.exec(
            select(AuditEntry).where(AuditEntry.target_person_id == person_id)
        ):
            entry.details = {k: v for k, v in entry.details.items() if k != "reason"}
        person.telegram_id = -person_id  # negative ids are never users: unlinkable, unique
        person.first_name, person.last_name, person.username = "", None, None
        person.language = person.region = None
        person.role = Role.APPLICANT
        person.status = PersonStatus.UNREACHABLE
        person.updated_at = utcnow()
        audit.record(session, actor_id=person_id, action="person.erase", target_person_id=person_id)
