"""Working groups: creation by organisers, membership by self-nomination, per-group
coordinators, and tasks. Elections live in bot/elections.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from models import (
    Candidate,
    Election,
    ElectionStatus,
    GroupMembership,
    GroupTask,
    Person,
    Vote,
    WorkingGroup,
    utcnow,
)

NAME_LIMIT = 100
PURPOSE_LIMIT = 1000
TASK_LIMIT = 300
PLAN_ITEM_LIMIT = 100


class Refusal(StrEnum):
    """Why a group operation was refused; handlers turn these into translated answers."""

    NOT_FOUND = "not_found"
    NAME_TAKEN = "name_taken"
    ALREADY_MEMBER = "already_member"
    NOT_MEMBER = "not_member"
    CHAT_TAKEN = "chat_taken"
    HAS_COORDINATOR = "has_coordinator"
    ELECTION_RUNNING = "election_running"
    PHASE_OVER = "phase_over"
    NOT_CANDIDATE = "not_candidate"


class GroupRefused(Refused):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class GroupView:
    """A snapshot of a group with what lists show: size and coordinator's name."""

    id: int
    name: str
    purpose: str
    chat_id: int | None
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


async def _view(session: AsyncSession, group: WorkingGroup) -> GroupView:
    assert group.id is not None
    size = (
        await session.exec(
            select(func.count()).where(GroupMembership.group_id == group.id)  # type: ignore[arg-type]
        )
    ).one()
    coordinator = await session.get(Person, group.coordinator_id) if group.coordinator_id else None
    return GroupView(
        id=group.id,
        name=group.name,
        purpose=group.purpose,
        chat_id=group.chat_id,
        coordinator_id=group.coordinator_id,
        coordinator_name=coordinator.display_name if coordinator else None,
        acting=group.acting,
        archived=group.archived,
        size=int(size),
    )


async def _active(session: AsyncSession, group_id: int) -> WorkingGroup:
    group = await session.get(WorkingGroup, group_id)
    if group is None or group.archived:
        raise GroupRefused(Refusal.NOT_FOUND)
    return group


def name_key(name: str) -> str:
    """Names compare without regard to case (Cyrillic too) or repeated spaces."""
    return " ".join(name.split()).casefold()


async def _name_free(session: AsyncSession, name: str, except_id: int | None = None) -> None:
    statement = select(WorkingGroup).where(WorkingGroup.name_key == name_key(name))
    found = (await session.exec(statement)).first()
    if found is not None and found.id != except_id:
        raise GroupRefused(Refusal.NAME_TAKEN)


async def create_group(db: Database, *, actor_id: int, name: str, purpose: str) -> GroupView:
    """A new group (organisers); the name is unique regardless of case."""
    async with db.session() as session:
        await _name_free(session, name)
        group = WorkingGroup(name=name, name_key=name_key(name), purpose=purpose)
        session.add(group)
        await session.flush()
        audit.record(session, actor_id=actor_id, action="group.create", group=group.id, name=name)
        return await _view(session, group)


async def edit_group(
    db: Database, *, actor_id: int, group_id: int, name: str | None, purpose: str | None
) -> GroupView:
    """Rename a group or change its purpose (None keeps the old value)."""
    async with db.session() as session:
        group = await _active(session, group_id)
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
        return await _view(session, group)


async def archive_group(db: Database, *, actor_id: int, group_id: int) -> list[int]:
    """Archive a group and cancel its open elections; returns their ids (to drop jobs)."""
    async with db.session() as session:
        group = await _active(session, group_id)
        group.archived = True
        group.name_key = f"#archived-{group_id}"  # the name is free for a new group
        group.chat_id = None
        elections = list(
            await session.exec(
                select(Election).where(
                    Election.group_id == group_id,
                    col(Election.status).in_([ElectionStatus.NOMINATION, ElectionStatus.VOTING]),
                )
            )
        )
        for election in elections:
            election.status = ElectionStatus.CANCELLED
        audit.record(session, actor_id=actor_id, action="group.archive", group=group_id)
        return [election.id for election in elections if election.id is not None]


async def list_groups(db: Database) -> list[GroupView]:
    """Active groups by name."""
    async with db.session() as session:
        groups = await session.exec(
            select(WorkingGroup)
            .where(col(WorkingGroup.archived).is_(False))
            .order_by(col(WorkingGroup.name_key))
        )
        return [await _view(session, group) for group in groups]


async def find_group(db: Database, text: str) -> GroupView | None:
    """An active group by its number or its name (any case)."""
    text = text.strip()
    async with db.session() as session:
        group: WorkingGroup | None = None
        if text.isdigit():
            group = await session.get(WorkingGroup, int(text))
        if group is None:
            group = (
                await session.exec(
                    select(WorkingGroup).where(WorkingGroup.name_key == name_key(text))
                )
            ).first()
        if group is None or group.archived:
            return None
        return await _view(session, group)


async def get_group(db: Database, group_id: int) -> GroupView | None:
    async with db.session() as session:
        group = await session.get(WorkingGroup, group_id)
        return None if group is None or group.archived else await _view(session, group)


async def group_by_chat(db: Database, chat_id: int) -> GroupView | None:
    """The active group whose Telegram chat this is."""
    async with db.session() as session:
        group = (
            await session.exec(select(WorkingGroup).where(WorkingGroup.chat_id == chat_id))
        ).first()
        return None if group is None or group.archived else await _view(session, group)


async def link_chat(db: Database, *, actor_id: int, group_id: int, chat_id: int) -> GroupView:
    """Make `chat_id` the group's chat; a chat serves one group only."""
    async with db.session() as session:
        group = await _active(session, group_id)
        other = (
            await session.exec(select(WorkingGroup).where(WorkingGroup.chat_id == chat_id))
        ).first()
        if other is not None and other.id != group_id:
            raise GroupRefused(Refusal.CHAT_TAKEN)
        if group.chat_id != chat_id:
            for membership in await session.exec(
                select(GroupMembership).where(GroupMembership.group_id == group_id)
            ):
                membership.in_chat = None  # a different chat: presence unknown again
        group.chat_id = chat_id
        audit.record(session, actor_id=actor_id, action="group.link_chat", group=group_id)
        return await _view(session, group)


async def _membership(
    session: AsyncSession, group_id: int, person_id: int
) -> GroupMembership | None:
    return await session.get(GroupMembership, (group_id, person_id))


async def is_member(db: Database, group_id: int, person_id: int) -> bool:
    async with db.session() as session:
        return await _membership(session, group_id, person_id) is not None


async def join(db: Database, *, group_id: int, person_id: int) -> GroupView:
    """Self-nomination into a group."""
    async with db.session() as session:
        group = await _active(session, group_id)
        if await _membership(session, group_id, person_id) is not None:
            raise GroupRefused(Refusal.ALREADY_MEMBER)
        session.add(GroupMembership(group_id=group_id, person_id=person_id))
        await session.flush()
        return await _view(session, group)


async def _drop_member(session: AsyncSession, group: WorkingGroup, person_id: int) -> bool:
    """Remove the membership; True when the person was the coordinator (who steps down)."""
    membership = await _membership(session, group.id or 0, person_id)
    if membership is None:
        raise GroupRefused(Refusal.NOT_MEMBER)
    await session.delete(membership)
    if group.coordinator_id == person_id:
        group.coordinator_id = None
        group.acting = False
        return True
    return False


async def leave(db: Database, *, group_id: int, person_id: int) -> tuple[GroupView, bool]:
    """Leave a group; returns the group and whether its coordinator just left."""
    async with db.session() as session:
        group = await _active(session, group_id)
        was_coordinator = await _drop_member(session, group, person_id)
        await session.flush()
        return await _view(session, group), was_coordinator


async def remove_member(
    db: Database, *, actor_id: int, group_id: int, person_id: int, reason: str
) -> GroupView:
    """A coordinator removes someone from the group (audited with the reason)."""
    async with db.session() as session:
        group = await _active(session, group_id)
        await _drop_member(session, group, person_id)
        audit.record(
            session,
            actor_id=actor_id,
            action="group.remove_member",
            target_person_id=person_id,
            group=group_id,
            reason=reason,
        )
        await session.flush()
        return await _view(session, group)


async def groups_of(db: Database, person_id: int) -> list[GroupView]:
    """The active groups a person belongs to."""
    async with db.session() as session:
        groups = await session.exec(
            select(WorkingGroup)
            .join(GroupMembership, col(GroupMembership.group_id) == col(WorkingGroup.id))
            .where(GroupMembership.person_id == person_id, col(WorkingGroup.archived).is_(False))
            .order_by(col(WorkingGroup.name_key))
        )
        return [await _view(session, group) for group in groups]


async def members(db: Database, group_id: int) -> list[PersonView]:
    """The group's members in the order they joined."""
    async with db.session() as session:
        people = await session.exec(
            select(Person)
            .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
            .where(GroupMembership.group_id == group_id)
            .order_by(col(GroupMembership.joined_at), col(Person.id))
        )
        return [PersonView.of(person) for person in people]


async def presence(db: Database, group_id: int) -> list[tuple[PersonView, bool | None]]:
    """The group's members with whether they are in its chat (None: not known yet)."""
    async with db.session() as session:
        rows = await session.exec(
            select(Person, GroupMembership.in_chat)
            .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
            .where(GroupMembership.group_id == group_id)
            .order_by(col(GroupMembership.joined_at), col(Person.id))
        )
        return [(PersonView.of(person), in_chat) for person, in_chat in rows]


async def record_presence(db: Database, *, chat_id: int, telegram_id: int, in_chat: bool) -> None:
    """Someone joined or left a group's chat; remembered if they are in that group."""
    async with db.session() as session:
        membership = (
            await session.exec(
                select(GroupMembership)
                .join(WorkingGroup, col(WorkingGroup.id) == col(GroupMembership.group_id))
                .join(Person, col(Person.id) == col(GroupMembership.person_id))
                .where(WorkingGroup.chat_id == chat_id, Person.telegram_id == telegram_id)
            )
        ).first()
        if membership is not None:
            membership.in_chat = in_chat


async def new_members_since(db: Database, group_id: int, since: datetime) -> list[PersonView]:
    async with db.session() as session:
        people = await session.exec(
            select(Person)
            .join(GroupMembership, col(GroupMembership.person_id) == col(Person.id))
            .where(GroupMembership.group_id == group_id, col(GroupMembership.joined_at) > since)
            .order_by(col(GroupMembership.joined_at))
        )
        return [PersonView.of(person) for person in people]


async def appoint(db: Database, *, actor_id: int, group_id: int, person_id: int) -> GroupView:
    """An organiser appoints an acting coordinator of a group that has none (audited)."""
    async with db.session() as session:
        group = await _active(session, group_id)
        if group.coordinator_id is not None:
            raise GroupRefused(Refusal.HAS_COORDINATOR)
        if await _membership(session, group_id, person_id) is None:
            raise GroupRefused(Refusal.NOT_MEMBER)
        group.coordinator_id = person_id
        group.acting = True
        audit.record(
            session,
            actor_id=actor_id,
            action="group.appoint",
            target_person_id=person_id,
            group=group_id,
        )
        return await _view(session, group)


async def add_task(
    db: Database, *, group_id: int, actor_id: int, title: str, plan_item: str | None
) -> TaskView:
    async with db.session() as session:
        task = GroupTask(
            group_id=group_id, title=title, plan_item=plan_item, created_by_id=actor_id
        )
        session.add(task)
        await session.flush()
        return _task_view(task)


def _task_view(task: GroupTask) -> TaskView:
    assert task.id is not None
    return TaskView(id=task.id, title=task.title, plan_item=task.plan_item, done=task.done)


async def open_tasks(db: Database, group_id: int) -> list[TaskView]:
    async with db.session() as session:
        tasks = await session.exec(
            select(GroupTask)
            .where(GroupTask.group_id == group_id, col(GroupTask.done).is_(False))
            .order_by(col(GroupTask.id))
        )
        return [_task_view(task) for task in tasks]


async def complete_task(db: Database, *, group_id: int, task_id: int) -> TaskView:
    """Mark a task of this group done (a task of another group is "not found")."""
    async with db.session() as session:
        task = await session.get(GroupTask, task_id)
        if task is None or task.group_id != group_id or task.done:
            raise GroupRefused(Refusal.NOT_FOUND)
        task.done = True
        task.done_at = utcnow()
        return _task_view(task)


async def tasks_done_since(db: Database, group_id: int, since: datetime) -> list[TaskView]:
    async with db.session() as session:
        tasks = await session.exec(
            select(GroupTask)
            .where(GroupTask.group_id == group_id, col(GroupTask.done_at) > since)
            .order_by(col(GroupTask.done_at))
        )
        return [_task_view(task) for task in tasks]


class GroupDirectory:
    """Working groups as other features see them (meetings, decisions): who coordinates
    which group and who belongs to it, by person and group ids."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def coordinated_by(self, person_id: int) -> list[tuple[int, str]]:
        return [
            (group.id, group.name)
            for group in await list_groups(self.db)
            if group.coordinator_id == person_id and not group.archived
        ]

    async def member_ids(self, group_id: int) -> list[int]:
        return [person.id for person in await members(self.db, group_id)]

    async def group(self, group_id: int) -> GroupView | None:
        """An active group (None once archived)."""
        return await get_group(self.db, group_id)

    async def groups_of(self, person_id: int) -> list[GroupView]:
        return await groups_of(self.db, person_id)

    async def find(self, text: str) -> GroupView | None:
        return await find_group(self.db, text)


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """/mydata: the person's groups, candidacies, votes and the tasks they created."""
    async with db.session() as session:
        memberships = list(
            await session.exec(
                select(WorkingGroup.name, GroupMembership.joined_at)
                .join(GroupMembership, col(GroupMembership.group_id) == col(WorkingGroup.id))
                .where(GroupMembership.person_id == person_id)
            )
        )
        coordinated = list(
            await session.exec(
                select(WorkingGroup.name).where(WorkingGroup.coordinator_id == person_id)
            )
        )
        candidacies = list(
            await session.exec(
                select(Candidate.election_id, Candidate.statement).where(
                    Candidate.person_id == person_id
                )
            )
        )
        votes = list(
            await session.exec(
                select(Vote.election_id, Vote.round, Vote.cast_at).where(Vote.voter_id == person_id)
            )
        )
        tasks = list(
            await session.exec(select(GroupTask.title).where(GroupTask.created_by_id == person_id))
        )
    return {
        "groups": [{"group": name, "joined_at": at.isoformat()} for name, at in memberships],
        "coordinator_of": list(coordinated),
        "candidacies": [
            {"election": election, "statement": statement} for election, statement in candidacies
        ],
        # Whom they voted for is not repeated here: the ballot only counts.
        "votes_cast": [
            {"election": election, "round": round_, "at": at.isoformat()}
            for election, round_, at in votes
        ],
        "tasks_created": list(tasks),
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: out of every group; candidacies and votes of elections still running go
    (the person is no longer a member); in finished elections a vote stays as an anonymous
    count and a statement is emptied. Tasks they created stay, without their name."""
    async with db.session() as session:
        running = [ElectionStatus.NOMINATION, ElectionStatus.VOTING]
        running_ids = select(Election.id).where(col(Election.status).in_(running))
        await session.exec(
            delete(GroupMembership).where(col(GroupMembership.person_id) == person_id)
        )
        for group in await session.exec(
            select(WorkingGroup).where(WorkingGroup.coordinator_id == person_id)
        ):
            group.coordinator_id, group.acting = None, False
        await session.exec(
            delete(Candidate).where(
                col(Candidate.person_id) == person_id, col(Candidate.election_id).in_(running_ids)
            )
        )
        await session.exec(
            delete(Vote).where(
                col(Vote.voter_id) == person_id, col(Vote.election_id).in_(running_ids)
            )
        )
        for candidate in await session.exec(
            select(Candidate).where(Candidate.person_id == person_id)
        ):
            candidate.statement = ""
