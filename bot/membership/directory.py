"""The member directory: members with a profile, found by area of expertise, by region or
by a part of the name; a contact is shown only as its owner allowed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlmodel import col, func, or_, select

from bot.core import expertise, regions
from bot.core.errors import STALE, Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.membership.contacts import allowed_contact
from bot.membership.refusals import ALREADY_REQUESTED
from models import (
    ContactRequest,
    ExpertiseArea,
    MemberProfile,
    Person,
    PersonExpertise,
    Role,
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
class ContactRequested:
    """A request to get in touch: whom it goes to, and both full names (from the profiles)."""

    peer: PersonView
    peer_name: str
    asker_name: str


@dataclass(frozen=True)
class DirectoryPage:
    entries: list[DirectoryEntry]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


class Directory:
    """Finding peers, and reaching one through the bot."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def by_area(self, code: str, page: int = 0) -> DirectoryPage:
        """Members with this area of expertise (one that is offered now)."""
        if code not in {area.code for area in await expertise.list_areas(self.db)}:
            raise Refused(STALE)
        return await self.search(area=code, page=page)

    async def by_text(self, text: str, locale: str, page: int = 0) -> DirectoryPage:
        """Members whose region or name matches the text."""
        codes = [region.code for region in regions.search(text, locale)]
        return await self.search(regions=codes, text=text, page=page)

    async def search(
        self,
        *,
        area: str | None = None,
        regions: list[str] | None = None,
        text: str | None = None,
        page: int = 0,
    ) -> DirectoryPage:
        """Members with a profile, by area of expertise, or by regions and/or a part of a
        name."""
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
        conditions: list[ColumnElement[bool]] = []
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
        async with self.db.session() as session:
            total = (
                await session.exec(select(func.count()).select_from(statement.subquery()))
            ).one()
            rows = list(
                await session.exec(
                    statement.order_by(col(MemberProfile.full_name))
                    .offset(page * PAGE_SIZE)
                    .limit(PAGE_SIZE)
                )
            )
        entries = []
        for profile, person in rows:
            codes = [
                found.code for found in await expertise.person_areas(self.db, profile.person_id)
            ]
            entries.append(
                DirectoryEntry(
                    person_id=profile.person_id,
                    full_name=profile.full_name,
                    organisation=profile.organisation,
                    region=person.region,
                    area_codes=codes,
                    contact=allowed_contact(profile, person),
                )
            )
        return DirectoryPage(entries=entries, total=int(total), page=page)

    async def contact_peer(self, asker: PersonView, person_id: int) -> ContactRequested:
        """Whom a member wants to reach through the bot (a member now, not oneself), before
        they write the message to go with it; a request passed on already is refused."""
        async with self.db.session() as session:
            person = await session.get(Person, person_id)
            if person is None or person.id == asker.id or not person.role.at_least(Role.MEMBER):
                raise Refused(STALE)
            if await session.get(ContactRequest, (asker.id, person_id)) is not None:
                raise Refused(ALREADY_REQUESTED)
            peer = await session.get(MemberProfile, person_id)
            profile = await session.get(MemberProfile, asker.id)
        view = PersonView.of(person)
        return ContactRequested(
            peer=view,
            peer_name=peer.full_name if peer else view.display_name,
            asker_name=profile.full_name if profile else asker.display_name,
        )

    async def request_contact(self, asker: PersonView, person_id: int) -> ContactRequested:
        """The request is passed on: kept, so that it is passed on once (checked again, as
        the peer may have left meanwhile)."""
        request = await self.contact_peer(asker, person_id)
        async with self.db.session() as session:
            session.add(ContactRequest(asker_id=asker.id, peer_id=person_id))
        return request

    async def forget_request(self, asker_id: int, person_id: int) -> None:
        """The request did not reach the peer: it may be made again."""
        async with self.db.session() as session:
            request = await session.get(ContactRequest, (asker_id, person_id))
            if request is not None:
                await session.delete(request)
