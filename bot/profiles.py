"""Profiles seen by others (the directory), and a person's own data: export and erasure
(152-FZ: withdrawing consent destroys the data; the audit log keeps only ids)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, delete, func, or_, select

from bot.core import audit, expertise
from bot.db import Database
from models import (
    AuditEntry,
    ContactVisibility,
    ExpertiseArea,
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

PAGE_SIZE = 5
_MEMBER_ROLES = [role for role in Role if role.at_least(Role.MEMBER)]


@dataclass(frozen=True)
class DirectoryEntry:
    person_id: int
    full_name: str
    organisation: str
    region: str | None
    area_codes: list[str]
    contact: str | None  # what may be shown: "@username", a phone, or None (via the bot)


@dataclass(frozen=True)
class DirectoryPage:
    entries: list[DirectoryEntry]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _contact(profile: MemberProfile, person: Person) -> str | None:
    """Only what the person allowed."""
    if profile.contact_visibility is ContactVisibility.USERNAME and person.username:
        return f"@{person.username}"
    if profile.contact_visibility is ContactVisibility.PHONE and profile.phone:
        return profile.phone
    return None


async def search(
    db: Database,
    *,
    area: str | None = None,
    regions: list[str] | None = None,
    text: str | None = None,
    page: int = 0,
) -> DirectoryPage:
    """Members with a profile, by area of expertise, or by regions and/or a part of a name."""
    statement = (
        select(MemberProfile, Person)
        .join(Person, col(Person.id) == col(MemberProfile.person_id))
        .where(col(Person.role).in_(_MEMBER_ROLES))
    )
    if area is not None:
        statement = statement.where(
            col(Person.id).in_(
                select(PersonExpertise.person_id).where(
                    col(PersonExpertise.area_id).in_(
                        select(col(ExpertiseArea.id)).where(ExpertiseArea.code == area)
                    )
                )
            )
        )
    conditions = []
    if regions:
        conditions.append(col(Person.region).in_(regions))
    if text:
        # SQLite's lower() knows only ASCII: match the usual spellings of a Cyrillic name.
        spellings = {text, text.lower(), text.capitalize(), text.title()}
        conditions += [
            col(MemberProfile.full_name).contains(form, autoescape=True) for form in spellings
        ]
    if conditions:
        statement = statement.where(or_(*conditions))
    async with db.session() as session:
        total = (await session.exec(select(func.count()).select_from(statement.subquery()))).one()
        rows = list(
            await session.exec(
                statement.order_by(col(MemberProfile.full_name))
                .offset(page * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
        )
    entries = []
    for profile, person in rows:
        codes = [area.code for area in await expertise.person_areas(db, profile.person_id)]
        entries.append(
            DirectoryEntry(
                person_id=profile.person_id,
                full_name=profile.full_name,
                organisation=profile.organisation,
                region=person.region,
                area_codes=codes,
                contact=_contact(profile, person),
            )
        )
    return DirectoryPage(entries=entries, total=int(total), page=page)


async def member_contact(db: Database, person_id: int) -> Person | None:
    """A member someone wants to reach through the bot (None if not a member now)."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
    if person is None or not person.role.at_least(Role.MEMBER):
        return None
    return person


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def export(db: Database, person_id: int) -> dict[str, Any]:
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


async def erase(db: Database, person_id: int) -> None:
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
