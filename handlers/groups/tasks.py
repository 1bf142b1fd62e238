"""/task in a group's chat, for its coordinator: add (optionally for a plan item), list, done."""

from __future__ import annotations

import re

from telegram import Update

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, shorten
from bot.groups.refusals import NO_PLAN_ITEM
from bot.groups.tasks import PLAN_ITEM_LIMIT, check_task
from bot.i18n import _, ngettext
from handlers.groups.coordinator import coordinated_group, short_or_private
from handlers.kit.replies import reply

PLAN_SEPARATOR = "|"
PLAN_NUMBER = re.compile(r"#?\d{1,9}")  # a plan item by its number; other text stays as written


async def _plan_reference(context: BotContext, group_id: int, number: int) -> str:
    """'#N «title»' for an item of the group's or the community's plan."""
    item = await context.services.decisions.plan.get(number)
    if item is None or item.working_group_id not in (None, group_id):
        raise Refused(NO_PLAN_ITEM)
    return shorten(f"#{number} «{item.title}»", PLAN_ITEM_LIMIT)


async def task(update: Update, context: BotContext) -> None:
    """/task add <title> [| plan item: #number of the plan, or words], /task list,
    /task done <number>."""
    group = await coordinated_group(update, context)
    args = context.args or []
    action = args[0].lower() if args else ""
    tasks = context.services.groups.tasks
    if action == "add" and len(args) > 1:
        title, _sep, item = clean(" ".join(args[1:])).partition(PLAN_SEPARATOR)
        title, plan_item = title.strip(), item.strip() or None
        check_task(title, plan_item)
        if plan_item is not None and PLAN_NUMBER.fullmatch(plan_item):
            plan_item = await _plan_reference(context, group.id, int(plan_item.lstrip("#")))
        added = await tasks.add(
            group_id=group.id, actor_id=context.me.id, title=title, plan_item=plan_item
        )
        await reply(update, _("Task #{id} added.").format(id=added.id))
    elif action == "list":
        found = await tasks.open_tasks(group.id)
        lines = [
            f"#{t.id} {t.title}" + (f" ({_('plan')}: {t.plan_item})" if t.plan_item else "")
            for t in found
        ]
        summary = ngettext("{n} open task.", "{n} open tasks.", len(found))
        await short_or_private(update, context, summary, lines)
    elif action == "done" and len(args) == 2 and args[1].lstrip("#").isdigit():
        done = await tasks.complete(group_id=group.id, task_id=int(args[1].lstrip("#")))
        await reply(update, _("Task #{id} is done.").format(id=done.id))
    else:
        await reply(
            update,
            _("Send /task add <task> [| plan item], /task list or /task done <number>."),
        )
