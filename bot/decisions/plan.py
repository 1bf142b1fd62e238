"""The action plan: items made or changed by accepted proposals, their status, and the
priority points members distribute over the open ones (the plan is ordered by them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import typed
from bot.db import Database
from bot.decisions.refusals import (
    NO_POINTS_LEFT,
    NO_SUCH_ITEM,
    NOT_MEMBER,
    NOT_RESPONSIBLE,
    STALE,
)
from models import (
    PlanItem,
    PlanStatus,
    PriorityPoint,
    Proposal,
    ProposalKind,
    ProposalState,
    Role,
    utcnow,
)

POINTS_PER_MEMBER = 3
PROGRESS_MAX = 1000  # characters of a progress note
STATUS_ORDER = [PlanStatus.IN_PROGRESS, PlanStatus.PLANNED, PlanStatus.DONE, PlanStatus.DROPPED]


@dataclass(frozen=True)
class RankedItem:
    item: PlanItem
    points: int


class Plan:
    """Plan items of the community (working_group_id None) or of a working group."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def apply_accepted(self, proposal: Proposal) -> PlanItem | None:
        """An accepted proposal becomes an item (add) or changes one (change); once."""
        if proposal.state is not ProposalState.ACCEPTED:
            return None
        async with self.db.session() as session:
            if proposal.kind is ProposalKind.PLAN_ADD and proposal.plan_item_id is None:
                item = PlanItem(
                    title=proposal.title,
                    description=proposal.description,
                    responsible=proposal.responsible,
                    due_date=proposal.due_date,
                    working_group_id=proposal.working_group_id,
                )
                session.add(item)
                await session.flush()
                result = await session.exec(
                    update(Proposal)
                    .where(col(Proposal.id) == proposal.id, col(Proposal.plan_item_id).is_(None))
                    .values(plan_item_id=item.id)
                )
                if result.rowcount != 1:
                    await session.delete(item)  # applied meanwhile by another caller: undo ours
                    return None
                return item
            if proposal.kind is ProposalKind.PLAN_CHANGE and proposal.plan_item_id is not None:
                changed = await session.get(PlanItem, proposal.plan_item_id)
                if changed is None:
                    return None
                changed.description = proposal.description
                changed.responsible = proposal.responsible or changed.responsible
                changed.due_date = proposal.due_date or changed.due_date
                changed.updated_at = self.clock()
                return changed
        return None

    async def get(self, item_id: int) -> PlanItem | None:
        async with self.db.session() as session:
            return await session.get(PlanItem, item_id)

    async def open_item(self, item_id: int) -> PlanItem:
        """A planned or in-progress item (another one is a stale button)."""
        item = await self.get(item_id)
        if item is None or not item.status.open:
            raise Refused(STALE)
        return item

    async def ranked(self, working_group_id: int | None = None) -> list[RankedItem]:
        """Items grouped by status (in progress, planned, done, dropped), the most
        prioritised first within each group."""
        totals = (
            select(PriorityPoint.item_id, func.sum(PriorityPoint.points).label("points"))
            .group_by(col(PriorityPoint.item_id))
            .subquery()
        )
        statement = (
            select(PlanItem, func.coalesce(totals.c.points, 0))
            .join(totals, totals.c.item_id == PlanItem.id, isouter=True)
            .where(
                col(PlanItem.working_group_id).is_(None)
                if working_group_id is None
                else col(PlanItem.working_group_id) == working_group_id
            )
        )
        async with self.db.session() as session:
            rows = [RankedItem(item, int(points)) for item, points in await session.exec(statement)]
        rows.sort(key=lambda row: (STATUS_ORDER.index(row.item.status), -row.points, row.item.id))
        return rows

    async def open_items(self) -> list[PlanItem]:
        statement = (
            select(PlanItem)
            .where(col(PlanItem.status).in_([PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]))
            .order_by(col(PlanItem.id))
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    async def may_update(self, person: PersonView, item: PlanItem) -> bool:
        """Coordinators and organisers, and the authors of accepted proposals that made or
        changed the item."""
        if person.role.at_least(Role.COORDINATOR):
            return True
        statement = select(Proposal).where(
            Proposal.plan_item_id == item.id,
            Proposal.proposer_id == person.id,
            Proposal.state == ProposalState.ACCEPTED,
        )
        async with self.db.session() as session:
            return (await session.exec(statement)).first() is not None

    async def set_status(
        self, person: PersonView, item_id: int, status: PlanStatus, note: str | None = None
    ) -> PlanItem:
        item = await self.get(item_id)
        if item is None:
            raise Refused(NO_SUCH_ITEM)
        if not await self.may_update(person, item):
            raise Refused(NOT_RESPONSIBLE)
        progress = None if note is None else typed(note, PROGRESS_MAX)
        async with self.db.session() as session:
            stored = await session.get(PlanItem, item_id)
            assert stored is not None
            stored.status = status
            if progress is not None:
                stored.progress = progress
            stored.updated_at = self.clock()
        updated = await self.get(item_id)
        assert updated is not None
        return updated

    async def points_of(self, person: PersonView) -> dict[int, int]:
        statement = select(PriorityPoint).where(
            PriorityPoint.person_id == person.id, PriorityPoint.points > 0
        )
        async with self.db.session() as session:
            return {row.item_id: row.points for row in await session.exec(statement)}

    async def change_points(self, person: PersonView, item_id: int, delta: int) -> dict[int, int]:
        """Give (+1) or take back (-1) a point; at most POINTS_PER_MEMBER in all, only on open
        items (another item is a stale button). Points on items that are no longer open
        return to the member."""
        if not person.role.at_least(Role.MEMBER):
            raise Refused(NOT_MEMBER)
        await self.open_item(item_id)
        open_ids = {open_item.id for open_item in await self.open_items()}
        mine = {
            key: value for key, value in (await self.points_of(person)).items() if key in open_ids
        }
        current = mine.get(item_id, 0)
        if delta > 0 and sum(mine.values()) >= POINTS_PER_MEMBER:
            raise Refused(NO_POINTS_LEFT)
        if delta < 0 and current == 0:
            return mine
        async with self.db.session() as session:
            row = await session.get(PriorityPoint, (person.id, item_id))
            if row is None:
                row = PriorityPoint(person_id=person.id, item_id=item_id, points=0)
                session.add(row)
            row.points = current + (1 if delta > 0 else -1)
        mine[item_id] = current + (1 if delta > 0 else -1)
        return {key: value for key, value in mine.items() if value > 0}

    async def overdue_today(self, today: date) -> list[PlanItem]:
        """Open items past their due date not yet reminded today (marked as reminded)."""
        statement = select(PlanItem).where(
            col(PlanItem.status).in_([PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]),
            col(PlanItem.due_date) < today,
            (col(PlanItem.overdue_reminded_on).is_(None))
            | (col(PlanItem.overdue_reminded_on) != today),
        )
        async with self.db.session() as session:
            items = list(await session.exec(statement))
            for item in items:
                item.overdue_reminded_on = today
        return items
