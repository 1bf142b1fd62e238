"""Who decides a proposal (the community, or one working group), who reviews it, and where
the body talks. Working groups are asked through the groups feature's `GroupDirectory`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.refusals import NOT_A_MEMBER_CHOSEN, NOT_IN_GROUP, STALE
from bot.groups import GroupDirectory, GroupView
from bot.membership.chats import ChatSettings
from models import Person, Proposal, Role

GroupMembers = Callable[[int], Awaitable[list[int]]]


class Bodies:
    """The community (group id None) and the working groups as deciding bodies."""

    def __init__(
        self,
        db: Database,
        *,
        groups: GroupDirectory | None = None,
        group_members: GroupMembers | None = None,
        chats: ChatSettings | None = None,
    ) -> None:
        self.db = db
        self.groups = groups
        self.chats = chats or ChatSettings(db)
        self.group_members = group_members or (groups.member_ids if groups else None)

    async def _member_ids(self, group_id: int) -> list[int]:
        return await self.group_members(group_id) if self.group_members else []

    async def members(self, group_id: int | None) -> list[PersonView]:
        """The people who decide: members of the community, or of the working group."""
        statement = select(Person)
        if group_id is None:
            admitted = [role for role in Role if role.at_least(Role.MEMBER)]
            statement = statement.where(col(Person.role).in_(admitted))
        else:
            statement = statement.where(col(Person.id).in_(await self._member_ids(group_id)))
        async with self.db.session() as session:
            people = await session.exec(statement.order_by(col(Person.id)))
            return [PersonView.of(person) for person in people]

    async def check_members(self, group_id: int | None, person_ids: Sequence[int]) -> None:
        """Responsible people are chosen among the members of the body that decides."""
        members = {person.id for person in await self.members(group_id)}
        if any(person_id not in members for person_id in person_ids):
            raise Refused(NOT_A_MEMBER_CHOSEN)

    async def includes(self, group_id: int | None, person: PersonView) -> bool:
        """A member of that body: of the community (None), or of the working group."""
        if not person.role.at_least(Role.MEMBER):
            return False
        return group_id is None or person.id in await self._member_ids(group_id)

    async def group(self, group_id: int | None) -> GroupView | None:
        """The working group (active) that decides, if any."""
        if group_id is None or self.groups is None:
            return None
        return await self.groups.group(group_id)

    async def proposing_for(self, person: PersonView, group_id: int) -> GroupView:
        """The working group a person chose to propose for, if they belong to it (a group
        that does not exist is a stale button)."""
        group = await self.group(group_id)
        if group is None:
            raise Refused(STALE)
        if not await self.includes(group.id, person):
            raise Refused(NOT_IN_GROUP)
        return group

    async def groups_of(self, person: PersonView) -> list[GroupView]:
        """The working groups a person may propose for."""
        return await self.groups.groups_of(person.id) if self.groups else []

    async def find_group(self, text: str) -> GroupView | None:
        """A working group by its name or number."""
        return await self.groups.find(text) if self.groups else None

    async def group_name(self, proposal: Proposal) -> str | None:
        group = await self.group(proposal.working_group_id)
        return None if group is None else group.name

    async def coordinates(self, person: PersonView, group_id: int | None) -> bool:
        """The working group's own coordinator (a member of the community)."""
        group = await self.group(group_id)
        return (
            group is not None
            and group.coordinator_id == person.id
            and person.role.at_least(Role.MEMBER)
        )

    async def visible_to(self, proposal: Proposal, person: PersonView) -> bool:
        """A group's proposals are shown to its members and to the community's coordinators."""
        if proposal.working_group_id is None or person.role.at_least(Role.COORDINATOR):
            return person.role.at_least(Role.MEMBER)
        return await self.includes(proposal.working_group_id, person)

    async def may_review(self, reviewer: PersonView, proposal: Proposal) -> bool:
        """Coordinators and organisers of the community review every proposal; a group's
        coordinator reviews that group's proposals."""
        return reviewer.role.at_least(Role.COORDINATOR) or await self.coordinates(
            reviewer, proposal.working_group_id
        )

    async def reviewers(self, proposal: Proposal) -> list[PersonView]:
        """Who is asked to review: the community's coordinators and the group's coordinator."""
        people = await self.coordinators()
        group = await self.group(proposal.working_group_id)
        known = {person.id for person in people}
        if group is not None and group.coordinator_id is not None:
            coordinator = await self.person(group.coordinator_id)
            if coordinator is not None and coordinator.id not in known:
                people.append(coordinator)
        return people

    async def coordinators(self) -> list[PersonView]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(Person).where(col(Person.role).in_([Role.COORDINATOR, Role.ORGANISER]))
            )
            return [PersonView.of(person) for person in rows]

    async def person(self, person_id: int) -> PersonView | None:
        async with self.db.session() as session:
            found = await session.get(Person, person_id)
            return None if found is None else PersonView.of(found)

    async def community_chat_id(self) -> int | None:
        """The community chat that /setcommunitychat (membership) chose."""
        return await self.chats.community_chat()

    async def chat_of(self, proposal: Proposal) -> int | None:
        """Where the body talks: the group's linked chat, or the community chat."""
        if proposal.working_group_id is None:
            return await self.community_chat_id()
        group = await self.group(proposal.working_group_id)
        return None if group is None else group.chat_id
