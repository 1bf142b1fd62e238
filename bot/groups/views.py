"""Snapshots of groups and tasks, and the look-ups every part of the feature shares (inside
the caller's session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.core.callbacks import MAX_ID
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.groups.refusals import NOT_FOUND
from models import GroupMembership, GroupTask, Person, WorkingGroup


@dataclass(frozen=True)
class GroupView:
    """A snapshot of a group with what lists show: size and coordinator's name."""

    id: int
    name: str
    purpose: str
    chat_id: int | None
    invite_link: str | None
    coordinator_id: int | None
    coordinator_name: str | None
    acting: bool
    archived: bool
    size: int


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    plan_item: str | None
    done: bool
    owner_id: int | None = None
    owner_name: str | None = None
    due_date: date | None = None
    group_name: str = ""

    @classmethod
    def of(
        cls, task: GroupTask, owner: Person | None = None, group: WorkingGroup | None = None
    ) -> TaskView:
        assert task.id is not None
        return cls(
            id=task.id,
            title=task.title,
            plan_item=task.plan_item,
            done=task.done,
            owner_id=task.owner_id,
            owner_name=owner.display_name if owner is not None else None,
            due_date=task.due_date,
            group_name=group.name if group is not None else "",
        )


GroupRef = int | str
"""A group as people name it: its id, or the text of a command (its number or its name)."""


def name_key(name: str) -> str:
    """Names compare without regard to case (Cyrillic too) or repeated spaces."""
    return " ".join(name.split()).casefold()


async def group_view(session: AsyncSession, group: WorkingGroup) -> GroupView:
    assert group.id is not None
    size = (
        await session.exec(select(func.count()).where(GroupMembership.group_id == group.id))
    ).one()
    coordinator = await session.get(Person, group.coordinator_id) if group.coordinator_id else None
    return GroupView(
        id=group.id,
        name=group.name,
        purpose=group.purpose,
        chat_id=group.chat_id,
        invite_link=group.invite_link if group.chat_id is not None else None,
        coordinator_id=group.coordinator_id,
        coordinator_name=coordinator.display_name if coordinator else None,
        acting=group.acting,
        archived=group.archived,
        size=int(size),
    )


async def active_group(session: AsyncSession, group_id: int) -> WorkingGroup:
    group = await session.get(WorkingGroup, group_id)
    if group is None or group.archived:
        raise Refused(NOT_FOUND)
    return group


async def group_named(session: AsyncSession, text: str) -> WorkingGroup | None:
    """An active group by its number or its name (any case)."""
    text = text.strip()
    group: WorkingGroup | None = None
    if text.isdigit() and int(text) <= MAX_ID:
        group = await session.get(WorkingGroup, int(text))
    if group is None:
        by_name = select(WorkingGroup).where(WorkingGroup.name_key == name_key(text))
        group = (await session.exec(by_name)).first()
    return None if group is None or group.archived else group


async def resolve(session: AsyncSession, ref: GroupRef) -> WorkingGroup:
    """The active group `ref` names, or `Refused(NOT_FOUND)`."""
    if isinstance(ref, int):
        return await active_group(session, ref)
    group = await group_named(session, ref)
    if group is None:
        raise Refused(NOT_FOUND)
    return group


async def membership(
    session: AsyncSession, group_id: int, person_id: int
) -> GroupMembership | None:
    return await session.get(GroupMembership, (group_id, person_id))


def members_of(group_id: int) -> SelectOfScalar[Person]:
    """The group's members in the order they joined."""
    return (
        select(Person)
        .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
        .where(GroupMembership.group_id == group_id)
        .order_by(col(GroupMembership.joined_at), col(Person.id))
    )


def groups_joined(person_id: int) -> SelectOfScalar[WorkingGroup]:
    """The active groups a person belongs to, by name."""
    return (
        select(WorkingGroup)
        .join(GroupMembership, col(GroupMembership.group_id) == col(WorkingGroup.id))
        .where(GroupMembership.person_id == person_id, col(WorkingGroup.archived).is_(False))
        .order_by(col(WorkingGroup.name_key))
    )


def member_number(text: str) -> int | None:
    """A member as /members numbers them: "#12" or "12" (the person's number)."""
    digits = text.removeprefix("#")
    return int(digits) if digits.isdigit() and 0 < int(digits) <= MAX_ID else None


def is_member_ref(text: str) -> bool:
    """Whether `text` names a member: an @username, or their number from /members."""
    return (text.startswith("@") and len(text) > 1) or member_number(text) is not None


async def member_by_ref(session: AsyncSession, group_id: int, ref: str) -> PersonView | None:
    """The member of the group that `ref` names (an @username in any case, or the number
    /members shows, for people without a username), if there is one."""
    number = member_number(ref)
    wanted = ref.removeprefix("@").lower()
    for person in await session.exec(members_of(group_id)):
        if person.id == number or (number is None and (person.username or "").lower() == wanted):
            return PersonView.of(person)
    return None
