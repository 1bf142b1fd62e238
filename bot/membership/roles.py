"""Organisers change roles: set one, step one up or down, revoke a membership. The change
itself goes through `People.set_role` (audited, the menu follows); a revocation also ends
what the person could do as a member (`MembershipEnd`)."""

from __future__ import annotations

from sqlmodel import col, func, select

from bot.core.errors import Refused
from bot.core.people import People, PersonView
from bot.db import Database
from bot.membership.audited import record_action
from bot.membership.ending import Ended, MembershipEnd
from bot.membership.refusals import (
    HIGHEST_ROLE,
    IN_REVIEW,
    LOWEST_ROLE,
    NOBODY,
    NOT_A_MEMBER,
    NOT_ADMITTED,
    NOT_YET_A_MEMBER,
    OWN_ROLE,
)
from models import ApplicationStatus, MembershipApplication, Person, Role

ASSIGNABLE = (Role.MEMBER, Role.COORDINATOR, Role.ORGANISER)


class Roles:
    """Role changes that organisers make by command, naming the person."""

    def __init__(self, db: Database, *, people: People, ending: MembershipEnd) -> None:
        self.db = db
        self.people = people
        self.ending = ending

    async def find(self, reference: str) -> PersonView:
        """A person by Telegram id or @username, as organisers name them in commands."""
        reference = reference.strip()
        if reference.lstrip("-").isdigit():
            condition = col(Person.telegram_id) == int(reference)
        elif reference.startswith("@") and len(reference) > 1:
            condition = func.lower(col(Person.username)) == reference[1:].lower()
        else:
            raise Refused(NOBODY, who=reference)
        async with self.db.session() as session:
            person = (await session.exec(select(Person).where(condition))).first()
        if person is None:
            raise Refused(NOBODY, who=reference)
        return PersonView.of(person)

    async def _other(self, actor: PersonView, reference: str) -> PersonView:
        person = await self.find(reference)
        if person.telegram_id == actor.telegram_id:
            raise Refused(OWN_ROLE)
        return person

    async def set_role(self, actor: PersonView, reference: str, role: Role) -> PersonView:
        """Give someone else a role (member, coordinator or organiser). Only a member's role
        changes: membership itself comes from an approved application, with the answers and
        the consent it needs, never from a command."""
        person = await self._other(actor, reference)
        if not person.role.at_least(Role.MEMBER):
            raise Refused(await self._why_not_admitted(person), name=person.display_name)
        return await self.people.set_role(actor=actor, telegram_id=person.telegram_id, role=role)

    async def _why_not_admitted(self, person: PersonView) -> str:
        """Someone not a member: their application is waiting in the review, or there is none."""
        waiting = select(MembershipApplication.id).where(
            MembershipApplication.person_id == person.id,
            MembershipApplication.status == ApplicationStatus.PENDING,
        )
        async with self.db.session() as session:
            pending = (await session.exec(waiting)).first() is not None
        return IN_REVIEW if pending else NOT_ADMITTED

    async def step(self, actor: PersonView, reference: str, step: int) -> PersonView:
        """One step up (+1) or down (-1): member ↔ coordinator ↔ organiser."""
        person = await self._other(actor, reference)
        if person.role not in ASSIGNABLE:
            raise Refused(NOT_YET_A_MEMBER, name=person.display_name)
        position = ASSIGNABLE.index(person.role) + step
        if not 0 <= position < len(ASSIGNABLE):
            raise Refused(HIGHEST_ROLE if step > 0 else LOWEST_ROLE, name=person.display_name)
        role = ASSIGNABLE[position]
        return await self.people.set_role(actor=actor, telegram_id=person.telegram_id, role=role)

    async def revoke(self, actor: PersonView, reference: str, reason: str) -> Ended:
        """A member becomes an applicant again, and what they could do as a member ends with
        it (every feature's hook); the reason goes to the audit log."""
        person = await self._other(actor, reference)
        if not person.role.at_least(Role.MEMBER):
            raise Refused(NOT_A_MEMBER, name=person.display_name)
        changed = await self.people.set_role(
            actor=actor, telegram_id=person.telegram_id, role=Role.APPLICANT
        )
        await record_action(self.db, actor, "membership.revoke", person.id, reason=reason)
        return await self.ending.end(changed)
