"""/task in a group's chat: its coordinator adds tasks (optionally for a plan item), gives
each an owner and a due date; every member of the group lists them, and the owner (or the
coordinator) marks one done. /tasks in private: the open tasks of all your groups."""

from __future__ import annotations

import re
from datetime import date

from telegram import Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, shorten
from bot.groups import GroupView
from bot.groups.refusals import (
    ANONYMOUS_ADMIN,
    NO_PLAN_ITEM,
    NOT_LINKED,
    NOT_MEMBER,
    PRIVATE_CHAT,
)
from bot.groups.tasks import PLAN_ITEM_LIMIT, check_task
from bot.groups.views import TaskView, is_member_ref
from bot.i18n import N_, _, ngettext
from bot.outbox.notices import tell
from handlers.groups.coordinator import coordinated_group, short_or_private
from handlers.kit.days import parse_day
from handlers.kit.pages import send_parts
from handlers.kit.replies import reply
from models import utcnow

PLAN_SEPARATOR = "|"
PLAN_NUMBER = re.compile(r"#?\d{1,9}")  # a plan item by its number; other text stays as written
USAGE = N_(
    "Send /task add <task> [| plan item], /task owner <number> @member, "
    "/task due <number> DD.MM.YYYY, /task list or /task done <number>."
)


async def _plan_reference(context: BotContext, group_id: int, number: int) -> str:
    """'#N «title»' for an item of the group's or the community's plan."""
    item = await context.services.decisions.plan.get(number)
    if item is None or item.working_group_id not in (None, group_id):
        raise Refused(NO_PLAN_ITEM)
    return shorten(f"#{number} «{item.title}»", PLAN_ITEM_LIMIT)


def _number(text: str) -> int | None:
    digits = text.lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) <= 9 else None


def _today(context: BotContext) -> date:
    defaults = context.bot.defaults
    return utcnow().astimezone(defaults.tzinfo if defaults else None).date()


def task_line(task: TaskView, today: date) -> str:
    """One open task: number, title, plan item, owner, due date (and whether it is late)."""
    parts = [f"#{task.id} {task.title}"]
    if task.plan_item:
        parts.append(_("plan: {item}").format(item=task.plan_item))
    if task.owner_name:
        parts.append(_("owner: {name}").format(name=task.owner_name))
    if task.due_date:
        due = _("due {date}").format(date=f"{task.due_date:%d.%m.%Y}")
        parts.append(("⚠️ " if task.due_date < today else "") + due)
    return " · ".join(parts)


async def _group_of_member(update: Update, context: BotContext) -> GroupView:
    """This chat's group, when the sender is one of its members."""
    chat = update.effective_chat
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        raise Refused(PRIVATE_CHAT)
    chats = context.services.groups.chats
    group = await chats.by_chat(chat.id)
    if group is None:
        raise Refused(NOT_LINKED)
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        raise Refused(ANONYMOUS_ADMIN)
    if not await chats.admits(chat.id, context.person):
        raise Refused(NOT_MEMBER)
    return group


async def _is_coordinator(update: Update, context: BotContext) -> bool:
    try:
        await coordinated_group(update, context)
    except Refused:
        return False
    return True


async def task(update: Update, context: BotContext) -> None:
    args = context.args or []
    action = args[0].lower() if args else ""
    tasks = context.services.groups.tasks
    number = _number(args[1]) if len(args) > 1 else None
    if action == "list":
        group = await _group_of_member(update, context)
        found = await tasks.open_tasks(group.id)
        today = _today(context)
        summary = ngettext("{n} open task.", "{n} open tasks.", len(found))
        await short_or_private(update, context, summary, [task_line(t, today) for t in found])
    elif action == "done" and len(args) == 2 and number is not None:
        group = await _group_of_member(update, context)
        done = await tasks.complete(
            group_id=group.id,
            task_id=number,
            person_id=context.me.id,
            coordinator=await _is_coordinator(update, context),
        )
        await reply(update, _("Task #{id} is done.").format(id=done.id))
    elif action == "add" and len(args) > 1:
        group = await coordinated_group(update, context)
        title, _sep, item = clean(" ".join(args[1:])).partition(PLAN_SEPARATOR)
        title, plan_item = title.strip(), item.strip() or None
        check_task(title, plan_item)
        if plan_item is not None and PLAN_NUMBER.fullmatch(plan_item):
            plan_item = await _plan_reference(context, group.id, int(plan_item.lstrip("#")))
        added = await tasks.add(
            group_id=group.id, actor_id=context.me.id, title=title, plan_item=plan_item
        )
        await reply(update, _("Task #{id} added.").format(id=added.id))
    elif action == "owner" and len(args) == 3 and number is not None and is_member_ref(args[2]):
        group = await coordinated_group(update, context)
        given, owner = await tasks.assign(group_id=group.id, task_id=number, who=args[2])
        await tell(
            context.community,
            owner,
            lambda: (
                _(
                    "The coordinator of «{group}» gave you task #{id}: {title}. When it is "
                    "done, send /task done {id} in the group's chat."
                ).format(group=group.name, id=given.id, title=given.title),
                None,
            ),
        )
        await reply(
            update,
            _("Task #{id} is now with {name}.").format(id=given.id, name=owner.display_name),
        )
    elif action == "due" and len(args) == 3 and number is not None and parse_day(args[2]):
        group = await coordinated_group(update, context)
        day = parse_day(args[2])
        assert day is not None
        dated = await tasks.set_due(
            group_id=group.id, task_id=number, day=day, today=_today(context)
        )
        await reply(update, _("Task #{id} is due {date}.").format(id=dated.id, date=args[2]))
    else:
        await reply(update, _(USAGE))


async def my_tasks(update: Update, context: BotContext) -> None:
    """/tasks in private: the open tasks of every group you are in, yours marked."""
    found = await context.services.groups.tasks.open_tasks_of_groups(context.me.id)
    if not found:
        await reply(update, _("Your groups have no open tasks."))
        return
    today = _today(context)
    groups: dict[str, list[str]] = {}
    for item in found:
        mark = "👉 " if item.owner_id == context.me.id else ""
        groups.setdefault(item.group_name, []).append(mark + task_line(item, today))
    lines = [
        ngettext("{n} open task in your groups:", "{n} open tasks in your groups:", len(found))
    ]
    for name, entries in groups.items():
        lines += ["", f"«{name}»", *entries]
    await send_parts(context.bot, context.me.telegram_id, "\n".join(lines))
