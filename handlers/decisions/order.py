"""/propose for *change priorities*: the open items of the body are listed and the proposer
writes their new order by number; once accepted the plan shows them in that order."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import shorten
from bot.decisions.applying import ORDER
from bot.decisions.rules import ITEM_MAX
from bot.i18n import _
from handlers.decisions import states as state
from handlers.kit.replies import explain, reply

Step = Callable[[Update, BotContext], Awaitable[int]]


def _group(values: dict[str, str]) -> int | None:
    return int(values["group"]) if values.get("group") else None


async def ask_order(update: Update, context: BotContext, values: dict[str, str]) -> int:
    """The open items of the body, and the question of their order."""
    items = await context.services.decisions.plan.open_items_of(_group(values))
    if not items:
        await reply(update, _("There are no open plan items to put in order. /cancel stops."))
        return state.ITEM
    lines = [
        _(
            "Write the numbers of the plan items in their new order, the most important "
            "first (for example: 3, 1, 2):"
        )
    ]
    lines += [f"#{item.id} {shorten(item.title, 60)}" for item in items]
    await reply(update, "\n".join(lines))
    return state.ITEM


async def take_order(
    update: Update, context: BotContext, values: dict[str, str], then: Step
) -> int:
    """The written order, checked against the body's open items; asked again if wrong."""
    assert update.message is not None and update.message.text is not None
    plan = context.services.decisions.plan
    try:
        items = await plan.checked_order(update.message.text, _group(values))
    except Refused as refusal:
        await reply(update, explain(refusal))
        return state.ITEM
    values["changes"] = json.dumps({ORDER: [item.id for item in items]})
    values["item"] = shorten(" → ".join(f"#{item.id} {item.title}" for item in items), ITEM_MAX)
    values.pop("item_id", None)
    return await then(update, context)
