"""A working group's tasks, kept by its coordinator; a task may name a plan item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.callbacks import MAX_ID
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import length
from bot.db import Database
from bot.groups.refusals import (
    DUE_IN_PAST,
    NO_OPEN_TASK,
    NOT_A_MEMBER_HERE,
    NOT_YOUR_TASK,
    TASK_LENGTH,
)
from bot.groups.views import TaskView, member_by_ref
from models import GroupMembership, GroupTask, Person, WorkingGroup, utcnow

TASK_LIMIT = 300
PLAN_ITEM_LIMIT = 100


def check_task(title: str, plan_item: str | None) -> None:
    """A title of 1 to 300 characters, a plan item of up to 100."""
    if not title or length(title) > TASK_LIMIT or length(plan_item or "") > PLAN_ITEM_LIMIT:
        raise Refused(TASK_LENGTH)


class GroupTasks:
    """Tasks of the groups, added and completed in the group's chat."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def add(
        self, *, group_id: int, actor_id: int, title: str, plan_item: str | None
    ) -> TaskView:
        check_task(title, plan_item)
        async with self.db.session() as session:
            task = GroupTask(
                group_id=group_id, title=title, plan_item=plan_item, created_by_id=actor_id
            )
            session.add(task)
            await session.flush()
            return TaskView.of(task)

    async def open_tasks(self, group_id: int) -> list[TaskView]:
        return await self._open(GroupTask.group_id == group_id)

    async def open_tasks_of_groups(self, person_id: int) -> list[TaskView]:
        """The open tasks of every group the person is in, group by group (one query)."""
        mine = select(GroupMembership.group_id).where(GroupMembership.person_id == person_id)
        return await self._open(col(GroupTask.group_id).in_(mine))

    async def _open(self, where: Any) -> list[TaskView]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(GroupTask, Person, WorkingGroup)
                .join(WorkingGroup, col(WorkingGroup.id) == col(GroupTask.group_id))
                .outerjoin(Person, col(Person.id) == col(GroupTask.owner_id))
                .where(where, col(GroupTask.done).is_(False))
                .order_by(col(WorkingGroup.name), col(GroupTask.id))
            )
            return [TaskView.of(task, owner, group) for task, owner, group in rows]

    async def _task(self, session: AsyncSession, group_id: int, task_id: int) -> GroupTask:
        task = await session.get(GroupTask, task_id) if 0 < task_id <= MAX_ID else None
        if task is None or task.group_id != group_id or task.done:
            raise Refused(NO_OPEN_TASK, id=task_id)
        return task

    async def assign(self, *, group_id: int, task_id: int, who: str) -> tuple[TaskView, PersonView]:
        """The coordinator gives an open task to a member of the group (by @username or the
        number /members shows)."""
        async with self.db.session() as session:
            task = await self._task(session, group_id, task_id)
            owner = await member_by_ref(session, group_id, who)
            if owner is None:
                raise Refused(NOT_A_MEMBER_HERE, who=who)
            task.owner_id = owner.id
            return TaskView.of(task), owner

    async def set_due(self, *, group_id: int, task_id: int, day: date, today: date) -> TaskView:
        if day <= today:
            raise Refused(DUE_IN_PAST)
        async with self.db.session() as session:
            task = await self._task(session, group_id, task_id)
            task.due_date = day
            return TaskView.of(task)

    async def complete(
        self, *, group_id: int, task_id: int, person_id: int, coordinator: bool
    ) -> TaskView:
        """Mark a task of this group done, by its coordinator or the task's owner (a task of
        another group is not there)."""
        async with self.db.session() as session:
            task = await self._task(session, group_id, task_id)
            if not coordinator and task.owner_id != person_id:
                raise Refused(NOT_YOUR_TASK)
            task.done = True
            task.done_at = self.clock()
            return TaskView.of(task)

    async def done_since(self, group_id: int, since: datetime) -> list[TaskView]:
        async with self.db.session() as session:
            tasks = await session.exec(
                select(GroupTask)
                .where(GroupTask.group_id == group_id, col(GroupTask.done_at) > since)
                .order_by(col(GroupTask.done_at))
            )
            return [TaskView.of(task) for task in tasks]
