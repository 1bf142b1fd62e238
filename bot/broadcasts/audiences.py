"""Audiences of announcements: who may address which audience, who is in one, and who of
them gets an announcement at once or in the daily digest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlmodel import col, select

from bot.broadcasts.refusals import NOT_AN_AUTHOR
from bot.core import expertise, regions
from bot.core.errors import STALE, Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.groups.views import GroupView
from bot.outbox.records import Recipient
from models import (
    Announcement,
    AudienceKind,
    DeliveryMode,
    ExpertiseArea,
    NewsPreference,
    Person,
    PersonExpertise,
    PersonStatus,
    Role,
)

ADMITTED = [role for role in Role if role.at_least(Role.MEMBER)]


class WorkingGroups(Protocol):
    """What announcements need of the working groups' service (`bot.groups`)."""

    async def list_groups(self) -> list[GroupView]: ...

    async def group(self, group_id: int) -> GroupView | None: ...

    async def member_ids(self, group_id: int) -> list[int]: ...


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    value: str | None = None  # region or expertise area code
    working_group_id: int | None = None

    @classmethod
    def of(cls, announcement: Announcement) -> Audience:
        return cls(
            announcement.audience, announcement.audience_value, announcement.working_group_id
        )


@dataclass(frozen=True)
class AudienceView:
    """An audience as its author sees it before confirming: how many people, and what its
    name needs besides the codes (the area in both languages, the group's name)."""

    audience: Audience
    count: int
    area: ExpertiseArea | None = None
    group_name: str | None = None


@dataclass(frozen=True)
class Reach:
    """Who gets an announcement now, and who in their daily digest ('only in /news': no one)."""

    now: list[Recipient]
    digest: list[Recipient]


def is_organiser(person: PersonView) -> bool:
    return person.role.at_least(Role.ORGANISER)


class Audiences:
    """Who is in an audience, and who may address it."""

    def __init__(self, db: Database, *, groups: WorkingGroups) -> None:
        self.db = db
        self.groups = groups

    # ----- who may address what ------------------------------------------------------------

    async def groups_for(self, person: PersonView) -> list[tuple[int, str]]:
        """The working groups this person may announce to: every active one for organisers,
        the ones they coordinate for everyone else (read from the database every time)."""
        organiser = is_organiser(person)
        return [
            (group.id, group.name)
            for group in await self.groups.list_groups()
            if organiser or group.coordinator_id == person.id
        ]

    async def check_author(self, person: PersonView) -> None:
        """Organisers announce; coordinators too, to their own working groups."""
        if not is_organiser(person) and not await self.groups_for(person):
            raise Refused(NOT_AN_AUTHOR)

    async def check(self, person: PersonView, audience: Audience) -> None:
        """The audience exists and this person may address it; a button that says otherwise
        is stale (an old message, or forged data)."""
        if audience.kind is AudienceKind.GROUP:
            allowed = {group_id for group_id, _name in await self.groups_for(person)}
            if audience.working_group_id not in allowed:
                raise Refused(STALE)
            return
        if not is_organiser(person):
            raise Refused(STALE)
        if audience.kind is AudienceKind.REGION and audience.value not in regions.BY_CODE:
            raise Refused(STALE)
        if audience.kind is AudienceKind.AREA and await self._area(audience.value) is None:
            raise Refused(STALE)

    async def _area(self, code: str | None) -> ExpertiseArea | None:
        areas = await expertise.list_areas(self.db)
        return next((area for area in areas if area.code == code), None)

    # ----- who is in it --------------------------------------------------------------------

    async def _people(self, audience: Audience) -> list[tuple[int, int, DeliveryMode | None]]:
        """(person id, chat id, preference) of everyone reachable in the audience."""
        statement = (
            select(Person.id, Person.telegram_id, NewsPreference.mode)
            .outerjoin(NewsPreference, col(NewsPreference.person_id) == col(Person.id))
            .where(Person.status == PersonStatus.ACTIVE)
        )
        if audience.kind is not AudienceKind.STARTED:
            statement = statement.where(col(Person.role).in_(ADMITTED))
        if audience.kind is AudienceKind.REGION:
            statement = statement.where(Person.region == audience.value)
        elif audience.kind is AudienceKind.AREA:
            statement = (
                statement.join(PersonExpertise, col(PersonExpertise.person_id) == col(Person.id))
                .join(ExpertiseArea, col(ExpertiseArea.id) == col(PersonExpertise.area_id))
                .where(ExpertiseArea.code == audience.value)
            )
        elif audience.kind is AudienceKind.GROUP:
            if audience.working_group_id is None:
                return []
            ids = await self.groups.member_ids(audience.working_group_id)
            statement = statement.where(col(Person.id).in_(ids))
        async with self.db.session() as session:
            rows = await session.exec(statement.order_by(col(Person.id)))
            return [
                (int(pid or 0), int(chat), DeliveryMode(mode) if mode is not None else None)
                for pid, chat, mode in rows
            ]

    async def count(self, audience: Audience) -> int:
        return len(await self._people(audience))

    async def describe(self, audience: Audience) -> AudienceView:
        """The audience with its size, for the author's confirmation."""
        area = await self._area(audience.value) if audience.kind is AudienceKind.AREA else None
        group_name = None
        if audience.kind is AudienceKind.GROUP:
            group = await self.groups.group(audience.working_group_id or 0)
            group_name = group.name if group else None
        return AudienceView(audience, await self.count(audience), area, group_name)

    async def reach(self, audience: Audience, *, urgent: bool) -> Reach:
        """Urgent announcements reach everyone at once; others follow each one's choice."""
        reach = Reach([], [])
        for person_id, chat_id, mode in await self._people(audience):
            recipient = Recipient(person_id, chat_id)
            if urgent or mode in (None, DeliveryMode.INSTANT):
                reach.now.append(recipient)
            elif mode is DeliveryMode.DIGEST:
                reach.digest.append(recipient)
        return reach
