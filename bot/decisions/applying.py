"""What an accepted proposal does to the plan, exactly once: an addition becomes an item, a
change applies the fields it names (and nothing else), a priorities proposal sets the order.
Every step is kept in the item's history with the decision that made it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import PlanItem, PlanItemChange, PlanStatus, Proposal, ProposalKind

CHANGEABLE = ("title", "description", "responsible_ids", "due_date", "status")
ORDER = "order"  # a priorities proposal's changes: {"order": [item ids, the first first]}


@dataclass(frozen=True)
class Applied:
    """The items an accepted proposal made or changed, and the members newly responsible."""

    items: list[PlanItem] = field(default_factory=list)
    newly_responsible: list[int] = field(default_factory=list)


def _stored(name: str, value: Any) -> Any:
    """A field's value as the item holds it (dates and statuses come as text)."""
    if name == "due_date" and isinstance(value, str):
        return date.fromisoformat(value)
    if name == "status" and isinstance(value, str):
        return PlanStatus(value)
    if name == "responsible_ids":
        return [int(person) for person in value or []]
    return value


def _plain(value: Any) -> Any:
    """A value as the history keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PlanStatus):
        return value.value
    return value


def legacy_changes(proposal: Proposal) -> dict[str, Any]:
    """What a change proposal written before it named its fields changes: only the
    responsible people and due date it gave (its wording is the reason, not the item's)."""
    changes: dict[str, Any] = {}
    if proposal.due_date is not None:
        changes["due_date"] = proposal.due_date.isoformat()
    if proposal.responsible_ids:
        changes["responsible_ids"] = list(proposal.responsible_ids)
    return changes


async def _claim_item(session: AsyncSession, proposal: Proposal, item_id: int) -> bool:
    """An addition made `item_id`: one caller wins."""
    result = await session.exec(
        update(Proposal)
        .where(col(Proposal.id) == proposal.id, col(Proposal.plan_item_id).is_(None))
        .values(plan_item_id=item_id)
    )
    return bool(result.rowcount == 1)


async def _applied_before(session: AsyncSession, proposal: Proposal) -> bool:
    """A change or an order is applied once: its history step is the mark."""
    applied = select(PlanItemChange.id).where(PlanItemChange.proposal_id == proposal.id)
    return (await session.exec(applied)).first() is not None


async def apply(session: AsyncSession, proposal: Proposal, now: datetime) -> Applied:
    """The accepted `proposal` applied to the plan (once; nothing the second time)."""
    if proposal.kind is ProposalKind.PLAN_ADD and proposal.plan_item_id is None:
        return await _add(session, proposal, now)
    if proposal.kind is ProposalKind.PLAN_CHANGE and proposal.plan_item_id is not None:
        return await _change(session, proposal, now)
    if proposal.kind is ProposalKind.PRIORITIES and proposal.changes:
        return await _order(session, proposal, now)
    return Applied()


async def _add(session: AsyncSession, proposal: Proposal, now: datetime) -> Applied:
    item = PlanItem(
        title=proposal.title,
        description=proposal.description,
        responsible=proposal.responsible,
        responsible_ids=list(proposal.responsible_ids or []),
        due_date=proposal.due_date,
        working_group_id=proposal.working_group_id,
    )
    session.add(item)
    await session.flush()
    assert item.id is not None
    if not await _claim_item(session, proposal, item.id):
        await session.delete(item)  # applied meanwhile by another caller: undo ours
        return Applied()
    session.add(
        PlanItemChange(item_id=item.id, proposal_id=proposal.id, fields={"created": True}, at=now)
    )
    return Applied([item], list(item.responsible_ids))


async def _change(session: AsyncSession, proposal: Proposal, now: datetime) -> Applied:
    assert proposal.plan_item_id is not None
    item = await session.get(PlanItem, proposal.plan_item_id)
    if item is None or await _applied_before(session, proposal):
        return Applied()
    changes = proposal.changes if proposal.changes is not None else legacy_changes(proposal)
    history: dict[str, Any] = {}
    for name in CHANGEABLE:
        if name not in changes:
            continue
        before, after = getattr(item, name), _stored(name, changes[name])
        if before != after:
            history[name] = [_plain(before), _plain(after)]
            setattr(item, name, after)
    if "responsible_ids" in history:
        item.responsible = proposal.responsible  # the chosen names, as the proposal showed
    item.updated_at = now
    session.add(
        PlanItemChange(item_id=item.number, proposal_id=proposal.id, fields=history, at=now)
    )
    before_ids = history.get("responsible_ids", [item.responsible_ids])[0]
    return Applied([item], [person for person in item.responsible_ids if person not in before_ids])


async def _order(session: AsyncSession, proposal: Proposal, now: datetime) -> Applied:
    """The listed open items of the body take places 1, 2, …; the others lose theirs."""
    assert proposal.changes is not None
    order = [int(item_id) for item_id in proposal.changes.get(ORDER, [])]
    if await _applied_before(session, proposal):
        return Applied()
    body = (
        col(PlanItem.working_group_id).is_(None)
        if proposal.working_group_id is None
        else col(PlanItem.working_group_id) == proposal.working_group_id
    )
    items = list(await session.exec(select(PlanItem).where(body)))
    changed = []
    for item in items:
        rank = order.index(item.number) + 1 if item.number in order else None
        if item.rank != rank:
            session.add(
                PlanItemChange(
                    item_id=item.number,
                    proposal_id=proposal.id,
                    fields={"rank": [item.rank, rank]},
                    at=now,
                )
            )
            item.rank = rank
            item.updated_at = now
            changed.append(item)
    if not changed and items:  # nothing moved: still mark the decision as applied
        session.add(PlanItemChange(item_id=items[0].number, proposal_id=proposal.id, at=now))
    return Applied(changed)


async def history(session: AsyncSession, item_id: int) -> list[PlanItemChange]:
    statement = (
        select(PlanItemChange)
        .where(PlanItemChange.item_id == item_id)
        .order_by(col(PlanItemChange.at), col(PlanItemChange.id))
    )
    return list(await session.exec(statement))
