"""Whose contact others may see, and which: only what each person chose in the questionnaire
(how others may contact them). The one rule for every place that shows a person's contact to
other members: the directory, /experts, a meeting's attendees."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ContactVisibility, MemberProfile, Person


def allowed_contact(profile: MemberProfile | None, person: Person) -> str | None:
    """The @username, the phone, or None: only through the bot (also without a profile)."""
    if profile is None:
        return None
    if profile.contact_visibility is ContactVisibility.USERNAME and person.username:
        return f"@{person.username}"
    if profile.contact_visibility is ContactVisibility.PHONE and profile.phone:
        return profile.phone
    return None


async def allowed_contacts(
    session: AsyncSession, person_ids: Iterable[int | None]
) -> dict[int, str]:
    """The contact each of these people allowed to show; nobody else is in the result."""
    statement = (
        select(MemberProfile, Person)
        .join(Person, col(Person.id) == col(MemberProfile.person_id))
        .where(col(MemberProfile.person_id).in_(list(person_ids)))
    )
    return {
        profile.person_id: contact
        for profile, person in await session.exec(statement)
        if (contact := allowed_contact(profile, person)) is not None
    }
