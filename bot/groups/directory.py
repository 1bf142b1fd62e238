"""The working groups: created, edited and archived by organisers, listed and looked up for
members and for other features (meetings, decisions and broadcasts ask who coordinates which
group and who belongs to it). Joining and leaving are in `bot.groups.membership`, a group's
chat in `bot.groups.chats`, its tasks in `bot.groups.tasks`, elections in
`bot.groups.elections`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.groups.chats import GroupChats
from bot.groups.elections import Elections
from bot.groups.membership import Membership
from bot.groups.petitions import Petitions
from bot.groups.refusals import HAS_COORDINATOR, NAME_TAKEN, NOT_A_MEMBER_OF, NOT_MEMBER
from bot.groups.tasks import GroupTasks
from bot.groups.views import (
    GroupRef,
    GroupView,
    active_group,
    group_named,
    group_view,
    groups_joined,
    member_by_ref,
    members_of,
    membership,
    name_key,
    resolve,
)
from models import Election, ElectionStatus, GroupMembership, Person, WorkingGroup, utcnow

NAME_LIMIT = 100
PURPOSE_LIMIT = 1000


@dataclass(frozen=True)
class Appointed:
    group: GroupView
    person: PersonView


async def _name_free(session: AsyncSession, name: str, except_id: int | None = None) -> None:
    statement = select(WorkingGroup).where(WorkingGroup.name_key == name_key(name))
    found = (await session.exec(statement)).first()
    if found is not None and found.id != except_id:
        raise Refused(NAME_TAKEN)


class GroupDirectory:
    """The working groups feature: groups and their members here, and its parts
    (`membership`, `chats`, `tasks`, `elections`) as attributes."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.elections = Elections(db, clock=clock)
        self.petitions = Petitions(db, self.elections)
        self.membership = Membership(db, self.elections)
        self.chats = GroupChats(db)
        self.tasks = GroupTasks(db, clock=clock)

    # ----- what every part reads ---------------------------------------------------------

    async def list_groups(self) -> list[GroupView]:
        """Active groups by name."""
        async with self.db.session() as session:
            groups = await session.exec(
                select(WorkingGroup)
                .where(col(WorkingGroup.archived).is_(False))
                .order_by(col(WorkingGroup.name_key))
            )
            return [await group_view(session, group) for group in groups]

    async def groups_of(self, person_id: int) -> list[GroupView]:
        """The active groups a person belongs to."""
        async with self.db.session() as session:
            groups = await session.exec(groups_joined(person_id))
            return [await group_view(session, group) for group in groups]

    async def find(self, text: str) -> GroupView | None:
        """An active group by its number or its name (any case)."""
        async with self.db.session() as session:
            group = await group_named(session, text)
            return None if group is None else await group_view(session, group)

    async def lookup(self, ref: GroupRef) -> GroupView:
        """The active group `ref` names (an id, or a number or name), or `Refused(NOT_FOUND)`."""
        async with self.db.session() as session:
            return await group_view(session, await resolve(session, ref))

    async def group(self, group_id: int) -> GroupView | None:
        """An active group (None once archived)."""
        async with self.db.session() as session:
            group = await session.get(WorkingGroup, group_id)
            return None if group is None or group.archived else await group_view(session, group)

    async def members(self, group_id: int) -> list[PersonView]:
        """The group's members in the order they joined."""
        async with self.db.session() as session:
            return [PersonView.of(person) for person in await session.exec(members_of(group_id))]

    async def member_ids(self, group_id: int) -> list[int]:
        return [person.id for person in await self.members(group_id)]

    async def coordinated_by(self, person_id: int) -> list[tuple[int, str]]:
        """The active groups this person coordinates: (id, name) by name."""
        return [
            (group.id, group.name)
            for group in await self.list_groups()
            if group.coordinator_id == person_id
        ]

    async def new_members_since(self, group_id: int, since: datetime) -> list[PersonView]:
        async with self.db.session() as session:
            people = await session.exec(
                select(Person)
                .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
                .where(GroupMembership.group_id == group_id, col(GroupMembership.joined_at) > since)
                .order_by(col(GroupMembership.joined_at))
            )
            return [PersonView.of(person) for person in people]

    # ----- organisers --------------------------------------------------------------------

    async def create(self, *, actor_id: int | None, name: str, purpose: str) -> GroupView:
        """A new group; the name is unique regardless of case."""
        async with self.db.session() as session:
            await _name_free(session, name)
            group = WorkingGroup(name=name, name_key=name_key(name), purpose=purpose)
            session.add(group)
            await session.flush()
            audit.record(
                session, actor_id=actor_id, action="group.create", group=group.id, name=name
            )
            return await group_view(session, group)

    async def edit(
        self, *, actor_id: int, group_id: int, name: str | None, purpose: str | None
    ) -> GroupView:
        """Rename a group or change its purpose (None keeps the old value)."""
        async with self.db.session() as session:
            group = await active_group(session, group_id)
            if name is not None:
                await _name_free(session, name, except_id=group_id)
                group.name = name
                group.name_key = name_key(name)
            if purpose is not None:
                group.purpose = purpose
            audit.record(
                session,
                actor_id=actor_id,
                action="group.edit",
                group=group_id,
                renamed=name is not None,
                purpose_changed=purpose is not None,
            )
            return await group_view(session, group)

    async def archive(self, *, actor_id: int, group_id: int) -> list[int]:
        """Archive a group and cancel its open elections; returns their ids (to drop jobs)."""
        async with self.db.session() as session:
            group = await active_group(session, group_id)
            group.archived = True
            group.name_key = f"#archived-{group_id}"  # the name is free for a new group
            group.chat_id = None
            group.invite_link = None
            elections = list(
                await session.exec(
                    select(Election).where(
                        Election.group_id == group_id,
                        col(Election.status).in_(
                            [ElectionStatus.NOMINATION, ElectionStatus.VOTING]
                        ),
                    )
                )
            )
            for election in elections:
                election.status = ElectionStatus.CANCELLED
            audit.record(session, actor_id=actor_id, action="group.archive", group=group_id)
            return [election.id for election in elections if election.id is not None]

    async def appoint(
        self, *, actor_id: int | None, group: GroupRef, member: int | str
    ) -> Appointed:
        """An organiser appoints an acting coordinator of a group that has none (audited);
        `member` is a person id, or how a command names a member of the group."""
        async with self.db.session() as session:
            found = await resolve(session, group)
            assert found.id is not None
            if isinstance(member, str):
                person = await member_by_ref(session, found.id, member)
                if person is None:
                    raise Refused(NOT_A_MEMBER_OF, who=member, group=found.name)
            else:
                row = await session.get(Person, member)
                if row is None or await membership(session, found.id, member) is None:
                    raise Refused(NOT_MEMBER)
                person = PersonView.of(row)
            if found.coordinator_id is not None:
                raise Refused(HAS_COORDINATOR)
            found.coordinator_id = person.id
            found.acting = True
            audit.record(
                session,
                actor_id=actor_id,
                action="group.appoint",
                target_person_id=person.id,
                group=found.id,
            )
            return Appointed(await group_view(session, found), person)
