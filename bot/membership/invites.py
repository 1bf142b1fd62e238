"""Members' personal invitation links: whoever applies through one is shown to the
organisers as recommended by that member, and the member hears how it goes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.people import PersonView
from bot.db import Database
from models import MemberProfile, MembershipApplication, MembershipInvite, Person, Role


@dataclass(frozen=True)
class Inviter:
    """The member behind an invitation link, named by the full name of their profile."""

    person_id: int
    telegram_id: int
    name: str


async def _inviter(session: AsyncSession, person_id: int | None) -> Inviter | None:
    """A current member (only a member invites), or None."""
    person = await session.get(Person, person_id) if person_id else None
    if person is None or person.id is None or not person.role.at_least(Role.MEMBER):
        return None
    profile = await session.get(MemberProfile, person.id)
    name = profile.full_name if profile else PersonView.of(person).display_name
    return Inviter(person.id, person.telegram_id, name)


class Invites:
    """A member's invitation code, and who recommends by a code or an application."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def code(self, person_id: int) -> str:
        """A member's personal invitation code (made once, then the same)."""
        async with self.db.session() as session:
            invite = (
                await session.exec(
                    select(MembershipInvite).where(MembershipInvite.person_id == person_id)
                )
            ).first()
            if invite is None:
                invite = MembershipInvite(code=secrets.token_urlsafe(12), person_id=person_id)
                session.add(invite)
            return invite.code

    async def inviter(self, code: str) -> Inviter | None:
        """Who invites by a code: only a current member counts."""
        async with self.db.session() as session:
            invite = await session.get(MembershipInvite, code)
            return await _inviter(session, invite.person_id if invite else None)

    async def inviter_of(self, application_id: int) -> Inviter | None:
        """Who recommended an application, if they are still a member (to tell them)."""
        async with self.db.session() as session:
            application = await session.get(MembershipApplication, application_id)
            return await _inviter(session, application.referrer_id if application else None)
