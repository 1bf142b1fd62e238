"""The order a priorities proposal gives the plan: written as item numbers, the most
important first; only open items of the deciding body, each once."""

from __future__ import annotations

import re

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.errors import Refused
from bot.decisions.applying import ORDER
from bot.decisions.refusals import BAD_ORDER
from bot.decisions.views import Draft
from models import PlanItem, ProposalKind


def order_in(text: str) -> list[int]:
    """The item numbers of a written order ("3, 1, 2", "#3 #1 #2"); refused otherwise."""
    words = [word.removeprefix("#") for word in re.split(r"[\s,;]+", text.strip()) if word]
    if not words or not all(word.isdigit() and len(word) <= 9 for word in words):
        raise Refused(BAD_ORDER)
    return [int(word) for word in words]


async def check_order(
    session: AsyncSession, order: list[int], working_group_id: int | None
) -> list[PlanItem]:
    """The open items of the body in this order, each once; anything else is refused."""
    if not order or len(set(order)) != len(order):
        raise Refused(BAD_ORDER)
    items = [await session.get(PlanItem, item_id) for item_id in order]
    chosen = [
        item
        for item in items
        if item is not None and item.status.open and item.working_group_id == working_group_id
    ]
    if len(chosen) != len(order):
        raise Refused(BAD_ORDER)
    return chosen


async def check_draft_order(session: AsyncSession, draft: Draft) -> None:
    """A priorities proposal's order is checked again when it is submitted."""
    if draft.kind is ProposalKind.PRIORITIES and draft.changes is not None:
        await check_order(session, list(draft.changes.get(ORDER, [])), draft.working_group_id)
