"""A working group's tasks, kept by its coordinator; a task may name a plan item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import col, select

from bot.core.callbacks import MAX_ID
from bot.core.errors import Refused
from bot.core.text import length
from bot.db import Database
from bot.groups.refusals import NO_OPEN_TASK, TASK_LENGTH
from bot.groups.views import TaskView
from models import GroupTask, utcnow

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
        async with self.db.session() as session:
            tasks = await session.exec(
                select(GroupTask)
                .where(GroupTask.group_id == group_id, col(GroupTask.done).is_(False))
                .order_by(col(GroupTask.id))
            )
            return [TaskView.of(task) for task in tasks]

    async def complete(self, *, group_id: int, task_id: int) -> TaskView:
        """Mark a task of this group done (a task of another group is not there)."""
        async with self.db.session() as session:
            task = await session.get(GroupTask, task_id) if 0 < task_id <= MAX_ID else None
            if task is None or task.group_id != group_id or task.done:
                raise Refused(NO_OPEN_TASK, id=task_id)
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
