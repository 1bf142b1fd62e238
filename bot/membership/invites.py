"""Members' personal invitation links: whoever applies through one is shown to the
organisers as recommended by that member."""

from __future__ import annotations

import secrets

from sqlmodel import select

from bot.db import Database
from models import MembershipInvite, Person, Role


class Invites:
    """A member's invitation code, and who recommends by a code."""

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

    async def referrer_of(self, code: str) -> int | None:
        """Who recommends, by an invitation code: only a current member counts."""
        async with self.db.session() as session:
            invite = await session.get(MembershipInvite, code)
            person = await session.get(Person, invite.person_id) if invite else None
        if person is None or not person.role.at_least(Role.MEMBER):
            return None
        return person.id
