"""Joining and leaving working groups. A join that brings a group without a coordinator to
its first quorum, and a leaving coordinator, make the bot call an election in the same
transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.groups.elections import Elections
from bot.groups.refusals import ALREADY_MEMBER, NOT_A_MEMBER_HERE, NOT_IN_GROUP, NOT_MEMBER
from bot.groups.views import (
    GroupRef,
    GroupView,
    group_view,
    groups_joined,
    member_by_ref,
    membership,
    resolve,
)
from bot.groups.votes import ElectionView, first_election_due
from models import GroupMembership, WorkingGroup

REASON_LIMIT = 500  # characters of the reason a coordinator gives for removing a member


@dataclass(frozen=True)
class Change:
    """A group after someone joined or left it, and the election the bot called because of
    it (to announce), if any; `coordinator_left`: the one who left coordinated it."""

    group: GroupView
    election: ElectionView | None = None
    coordinator_left: bool = False


@dataclass(frozen=True)
class GroupsLeft:
    """Every group someone was in, left at once because their membership ended."""

    changes: list[Change]


async def _drop_member(session: AsyncSession, group: WorkingGroup, person_id: int) -> bool:
    """Remove the membership; True when the person was the coordinator (who steps down)."""
    found = await membership(session, group.id or 0, person_id)
    if found is None:
        raise Refused(NOT_MEMBER)
    await session.delete(found)
    if group.coordinator_id == person_id:
        group.coordinator_id = None
        group.acting = False
        return True
    return False


class Membership:
    """Who is in which group: self-nomination, leaving, removal by the coordinator."""

    def __init__(self, db: Database, elections: Elections) -> None:
        self.db = db
        self.elections = elections

    async def join(self, *, group: GroupRef, person_id: int) -> Change:
        """Self-nomination into a group; its first quorum calls an election."""
        async with self.db.session() as session:
            found = await resolve(session, group)
            assert found.id is not None
            if await membership(session, found.id, person_id) is not None:
                raise Refused(ALREADY_MEMBER)
            session.add(GroupMembership(group_id=found.id, person_id=person_id))
            await session.flush()
            view = await group_view(session, found)
            due = first_election_due(view)
            election = await self.elections.call_by_bot(session, found.id) if due else None
            return Change(view, election)

    async def leaving(self, *, group: GroupRef, person_id: int) -> GroupView:
        """The group a person asks to leave (before they confirm): one they are in."""
        async with self.db.session() as session:
            found = await resolve(session, group)
            if await membership(session, found.id or 0, person_id) is None:
                raise Refused(NOT_IN_GROUP, group=found.name)
            return await group_view(session, found)

    async def _leave(self, session: AsyncSession, group: WorkingGroup, person_id: int) -> Change:
        was_coordinator = await _drop_member(session, group, person_id)
        await session.flush()
        election = None
        if was_coordinator:
            election = await self.elections.call_by_bot(session, group.id or 0)
        return Change(await group_view(session, group), election, was_coordinator)

    async def leave(self, *, group_id: int, person_id: int) -> Change:
        """Leave a group; a leaving coordinator makes the bot call an election."""
        async with self.db.session() as session:
            return await self._leave(session, await resolve(session, group_id), person_id)

    async def leave_all(self, person_id: int) -> GroupsLeft:
        """Out of every group, a coordinator stepping down (a hook of `MembershipEnd`: the
        membership was revoked, or the personal data erased)."""
        async with self.db.session() as session:
            groups = list(await session.exec(groups_joined(person_id)))
            return GroupsLeft([await self._leave(session, group, person_id) for group in groups])

    async def remove(
        self, *, actor_id: int, group_id: int, who: str, reason: str
    ) -> tuple[GroupView, PersonView]:
        """A coordinator removes a member (by @username or number) from the group, with a reason
        (audited); returns the group and who was removed."""
        async with self.db.session() as session:
            group = await resolve(session, group_id)
            person = await member_by_ref(session, group_id, who)
            if person is None or person.id == actor_id:
                raise Refused(NOT_A_MEMBER_HERE, who=who)
            await _drop_member(session, group, person.id)
            audit.record(
                session,
                actor_id=actor_id,
                action="group.remove_member",
                target_person_id=person.id,
                group=group_id,
                reason=reason,
            )
            await session.flush()
            return await group_view(session, group), person
