"""The action plan: items made or changed by accepted proposals, their status, and the
priority points members distribute over the open ones (the plan is ordered by them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import typed
from bot.db import Database
from bot.decisions import applying
from bot.decisions.applying import Applied
from bot.decisions.ordering import check_order, order_in
from bot.decisions.refusals import (
    NO_POINTS_LEFT,
    NO_SUCH_ITEM,
    NO_SUCH_OWNER,
    NOT_MEMBER,
    NOT_RESPONSIBLE,
    STALE,
)
from models import (
    Person,
    PlanItem,
    PlanItemChange,
    PlanStatus,
    PriorityPoint,
    Proposal,
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


def order_of(row: RankedItem) -> tuple[int, int, int, int]:
    """By status, then the place an accepted priorities proposal gave, then points."""
    rank = row.item.rank if row.item.rank is not None else 1_000_000
    return (STATUS_ORDER.index(row.item.status), rank, -row.points, row.item.number)


VIEWS = ("all", "mine", "overdue", *(status.value for status in PlanStatus))


def chosen_rows(
    rows: list[RankedItem], view: str, person_id: int, today: date, owner: int | None = None
) -> list[RankedItem]:
    """The rows of a /plan view: all, the person's own (responsible), the overdue, one
    status; or those `owner` is responsible for."""
    if owner is not None:
        return [row for row in rows if owner in row.item.responsible_ids]
    if view == "mine":
        return [row for row in rows if person_id in row.item.responsible_ids]
    if view == "overdue":
        return [row for row in rows if is_overdue(row.item, today)]
    if view in VIEWS[3:]:
        return [row for row in rows if row.item.status.value == view]
    return rows


def is_overdue(item: PlanItem, today: date) -> bool:
    return item.status.open and item.due_date is not None and item.due_date < today


class Plan:
    """Plan items of the community (working_group_id None) or of a working group."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def apply_accepted(self, proposal: Proposal) -> Applied:
        """An accepted proposal applied to the plan (`applying`), once."""
        if proposal.state is not ProposalState.ACCEPTED:
            return Applied()
        async with self.db.session() as session:
            return await applying.apply(session, proposal, self.clock())

    async def history(self, item_id: int) -> list[PlanItemChange]:
        """What changed in the item, by which decision, oldest first."""
        async with self.db.session() as session:
            return await applying.history(session, item_id)

    async def checked_order(self, text: str, working_group_id: int | None) -> list[PlanItem]:
        """The items a priorities proposal puts in this written order."""
        async with self.db.session() as session:
            return await check_order(session, order_in(text), working_group_id)

    async def open_items_of(self, working_group_id: int | None) -> list[PlanItem]:
        """The open items of the body, in the plan's order."""
        rows = await self.ranked(working_group_id)
        return [row.item for row in rows if row.item.status.open]

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
        rows.sort(key=order_of)
        return rows

    async def owners(self, working_group_id: int | None = None) -> list[PersonView]:
        """The people responsible for at least one item of the body, by name."""
        ids = {
            one for row in await self.ranked(working_group_id) for one in row.item.responsible_ids
        }
        async with self.db.session() as session:
            people = [await session.get(Person, one) for one in sorted(ids)]
        views = [
            PersonView.of(person)
            for person in people
            if person is not None and person.role.at_least(Role.MEMBER)
        ]
        return sorted(views, key=lambda view: view.display_name.lower())

    async def owner(self, reference: str | int) -> PersonView:
        """The person a /plan filter names: a person id (a button), an @username or a
        #Telegram id; anyone else is refused."""
        condition = None
        if isinstance(reference, int):
            condition = col(Person.id) == reference
        elif reference.startswith("@") and len(reference) > 1:
            condition = func.lower(col(Person.username)) == reference[1:].lower()
        elif reference.startswith("#") and reference[1:].isdigit():
            condition = col(Person.telegram_id) == int(reference[1:])
        async with self.db.session() as session:
            found = (
                None
                if condition is None
                else (await session.exec(select(Person).where(condition))).first()
            )
        if found is None or not found.role.at_least(Role.MEMBER):
            raise Refused(NO_SUCH_OWNER, who=str(reference))
        return PersonView.of(found)

    async def open_items(self) -> list[PlanItem]:
        statement = (
            select(PlanItem)
            .where(col(PlanItem.status).in_([PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]))
            .order_by(col(PlanItem.id))
        )
        async with self.db.session() as session:
            return list(await session.exec(statement))

    async def may_update(self, person: PersonView, item: PlanItem) -> bool:
        """Coordinators and organisers, the item's responsible members, and the authors of
        accepted proposals that made or changed the item."""
        if person.role.at_least(Role.COORDINATOR):
            return True
        if person.role.at_least(Role.MEMBER) and person.id in item.responsible_ids:
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
            fields: dict[str, list[str | None]] = {}
            if stored.status is not status:
                fields["status"] = [stored.status.value, status.value]
            if progress is not None:
                fields["progress"] = [stored.progress, progress]
                stored.progress = progress
            stored.status = status
            stored.updated_at = self.clock()
            session.add(PlanItemChange(item_id=item_id, fields=fields, at=self.clock()))
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
