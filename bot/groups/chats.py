"""A working group's Telegram chat: linking it, who may enter it, and who is in it (known
from join requests and chat member updates)."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.groups.refusals import CHAT_TAKEN, LINK_NOT_ALLOWED
from bot.groups.views import GroupView, active_group, group_view, membership
from models import GroupMembership, Person, Role, WorkingGroup


def may_link_chat(person: PersonView | None, group: GroupView) -> bool:
    """An organiser, or the group's coordinator (a member still), links the group's chat."""
    return person is not None and (
        person.role.at_least(Role.ORGANISER)
        or (group.coordinator_id == person.id and person.role.at_least(Role.MEMBER))
    )


async def _linked(session: AsyncSession, chat_id: int) -> WorkingGroup | None:
    return (await session.exec(select(WorkingGroup).where(WorkingGroup.chat_id == chat_id))).first()


class GroupChats:
    """The groups' chats."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def by_chat(self, chat_id: int) -> GroupView | None:
        """The active group whose Telegram chat this is."""
        async with self.db.session() as session:
            group = await _linked(session, chat_id)
            return None if group is None or group.archived else await group_view(session, group)

    async def link(self, *, actor: PersonView, group_id: int, chat_id: int) -> GroupView:
        """Make `chat_id` the group's chat; a chat serves one group only."""
        async with self.db.session() as session:
            group = await active_group(session, group_id)
            if not may_link_chat(actor, await group_view(session, group)):
                raise Refused(LINK_NOT_ALLOWED)
            other = await _linked(session, chat_id)
            if other is not None and other.id != group_id:
                raise Refused(CHAT_TAKEN)
            if group.chat_id != chat_id:
                for member in await session.exec(
                    select(GroupMembership).where(GroupMembership.group_id == group_id)
                ):
                    member.in_chat = None  # a different chat: presence unknown again
                group.invite_link = None  # the old chat's link does not lead to this one
            group.chat_id = chat_id
            audit.record(session, actor_id=actor.id, action="group.link_chat", group=group_id)
            return await group_view(session, group)

    async def keep_invite_link(self, *, group_id: int, chat_id: int, link: str) -> None:
        """Remember the link Telegram made for the group's chat (if it is still its chat)."""
        async with self.db.session() as session:
            group = await session.get(WorkingGroup, group_id)
            if group is not None and group.chat_id == chat_id:
                group.invite_link = link

    async def admits(self, chat_id: int, person: PersonView | None) -> bool | None:
        """Whether a request to join this chat is approved: only the group's members are;
        None when it is no group's chat (other features' chats are left alone)."""
        async with self.db.session() as session:
            group = await _linked(session, chat_id)
            if group is None or group.archived or group.id is None:
                return None
            return person is not None and await membership(session, group.id, person.id) is not None

    async def record_presence(self, *, chat_id: int, telegram_id: int, in_chat: bool) -> None:
        """Someone joined or left a group's chat; remembered if they are in that group."""
        async with self.db.session() as session:
            found = (
                await session.exec(
                    select(GroupMembership)
                    .join(WorkingGroup, col(WorkingGroup.id) == col(GroupMembership.group_id))
                    .join(Person, col(Person.id) == col(GroupMembership.person_id))
                    .where(WorkingGroup.chat_id == chat_id, Person.telegram_id == telegram_id)
                )
            ).first()
            if found is not None:
                found.in_chat = in_chat

    async def presence(self, group_id: int) -> list[tuple[PersonView, bool | None]]:
        """The group's members with whether they are in its chat (None: not known yet)."""
        async with self.db.session() as session:
            rows = await session.exec(
                select(Person, GroupMembership.in_chat)
                .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
                .where(GroupMembership.group_id == group_id)
                .order_by(col(GroupMembership.joined_at), col(Person.id))
            )
            return [(PersonView.of(person), in_chat) for person, in_chat in rows]
