"""The action plan: /plan (grouped by status, ordered by priority points), /priorities
(distribute your points with buttons), /progress and /done for the item's author or a
coordinator, and a daily reminder of overdue items in the community chat."""

from __future__ import annotations

import logging
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.context import BotContext
from bot.decisions.plan import POINTS_PER_MEMBER, RankedItem
from bot.decisions.service import DecisionError
from bot.i18n import _, ngettext, use_locale
from handlers.decisions import callbacks, texts
from handlers.decisions.runtime import runtime, services, zone
from handlers.kit.replies import reply, require_role
from models import PlanItem, PlanStatus, Role

logger = logging.getLogger(__name__)

OVERDUE_JOB = "decisions.plan.overdue"
OVERDUE_AT = time(10, 0)


def status_name(status: PlanStatus) -> str:
    return {
        PlanStatus.PLANNED: _("planned"),
        PlanStatus.IN_PROGRESS: _("in progress"),
        PlanStatus.DONE: _("done"),
        PlanStatus.DROPPED: _("dropped"),
    }[status]


def item_line(row: RankedItem) -> str:
    item = row.item
    details = []
    if item.responsible:
        details.append(_("responsible: {who}").format(who=item.responsible))
    if item.due_date:
        details.append(_("due {date}").format(date=texts.day(item.due_date)))
    if row.points:
        details.append(ngettext("{n} point", "{n} points", row.points))
    line = f"#{item.id} {item.title}" + (f" ({'; '.join(details)})" if details else "")
    if item.progress:
        line += "\n   " + _("Progress: {text}").format(text=item.progress)
    return line


def plan_text(rows: list[RankedItem]) -> str:
    if not rows:
        return _("The plan is empty. Accepted proposals to add a plan item appear here.")
    lines = [_("The action plan:")]
    for status in (PlanStatus.IN_PROGRESS, PlanStatus.PLANNED, PlanStatus.DONE, PlanStatus.DROPPED):
        group = [row for row in rows if row.item.status is status]
        if group:
            lines += ["", status_name(status).capitalize() + ":"]
            lines += [item_line(row) for row in group]
    return "\n".join(lines)


@require_role(Role.MEMBER)
async def show_plan(update: Update, context: BotContext) -> None:
    """/plan, or /plan <group number> for a working group's plan."""
    arguments = context.args or []
    group = callbacks.as_id(arguments[0]) if arguments else None
    rows = await runtime(context.application).plan.ranked(group)
    await reply(update, plan_text(rows))


async def _priorities_markup(context: BotContext) -> tuple[str, InlineKeyboardMarkup | None]:
    plan = runtime(context.application).plan
    items = await plan.open_items()
    mine = await plan.points_of(context.me)
    if not items:
        return _("There are no open plan items to prioritise."), None
    left = POINTS_PER_MEMBER - sum(mine.get(entry.number, 0) for entry in items)
    rows = [
        [
            InlineKeyboardButton(
                f"+ #{entry.id} {entry.title}"[:40] + f" · {mine.get(entry.number, 0)}",
                callback_data=f"dc:pp:{entry.id}:up",
            ),
            InlineKeyboardButton("−", callback_data=f"dc:pp:{entry.id}:down"),
        ]
        for entry in items
    ]
    text = _("Give your points to the plan items that matter most. Points left: {n}.").format(
        n=left
    )
    return text, InlineKeyboardMarkup(rows)


@require_role(Role.MEMBER)
async def priorities(update: Update, context: BotContext) -> None:
    text, markup = await _priorities_markup(context)
    await reply(update, text, reply_markup=markup)


@require_role(Role.MEMBER)
async def change_points(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    arguments = callbacks.parse(query.data, "pp", 2)
    item_id = None if arguments is None else callbacks.as_id(arguments[0])
    if arguments is None or item_id is None or arguments[1] not in ("up", "down"):
        await callbacks.stale(query)
        return
    try:
        await runtime(context.application).plan.change_points(
            context.me, item_id, 1 if arguments[1] == "up" else -1
        )
    except DecisionError as error:
        await callbacks.refuse(query, "unknown" if error.code == "unknown_item" else error.code)
        return
    await query.answer()
    text, markup = await _priorities_markup(context)
    await query.edit_message_text(text, reply_markup=markup)


async def _update_status(
    update: Update, context: BotContext, status: PlanStatus, note: str | None
) -> None:
    arguments = context.args or []
    item_id = callbacks.as_id(arguments[0]) if arguments else None
    if item_id is None:
        await reply(
            update, _("Usage: /done <item number>; /progress <item number> <what is done>.")
        )
        return
    try:
        item = await runtime(context.application).plan.set_status(context.me, item_id, status, note)
    except DecisionError as error:
        await reply(update, texts.refusal(error.code))
        return
    await reply(
        update,
        _("Plan item #{number} is now: {status}.").format(
            number=item.id, status=status_name(item.status)
        ),
    )
    await announce(context.application, item)


async def announce(application: Application, item: PlanItem) -> None:
    """The community sees every status change."""
    chat_id = await runtime(application).proposals.community_chat_id()
    if chat_id is None:
        return
    with use_locale(services(application).settings.default_locale):
        text = _("Plan item #{number} «{title}»: {status}.").format(
            number=item.id, title=item.title, status=status_name(item.status)
        )
        if item.progress and item.status is PlanStatus.IN_PROGRESS:
            text += "\n" + _("Progress: {text}").format(text=item.progress)
    try:
        await application.bot.send_message(chat_id, text)
    except TelegramError as error:
        logger.warning("plan item %s not announced: %s", item.id, error)


@require_role(Role.MEMBER)
async def done(update: Update, context: BotContext) -> None:
    await _update_status(update, context, PlanStatus.DONE, None)


@require_role(Role.MEMBER)
async def progress(update: Update, context: BotContext) -> None:
    arguments = context.args or []
    note = " ".join(arguments[1:]).strip()
    if len(arguments) >= 1 and not note:
        await reply(
            update, _("Usage: /done <item number>; /progress <item number> <what is done>.")
        )
        return
    await _update_status(update, context, PlanStatus.IN_PROGRESS, note)


async def overdue_job(context: BotContext) -> None:
    """Once a day: open items past their due date, in the community chat (once per day)."""
    application = context.application
    today = runtime(application).plan.clock().astimezone(zone(application)).date()
    items = await runtime(application).plan.overdue_today(today)
    chat_id = await runtime(application).proposals.community_chat_id()
    if not items or chat_id is None:
        return
    with use_locale(services(application).settings.default_locale):
        lines = [_("Overdue plan items:")]
        lines += [
            _("#{number} «{title}» — due {date}").format(
                number=item.id,
                title=item.title,
                date=texts.day(item.due_date),
            )
            for item in items
            if item.due_date is not None
        ]
    try:
        await application.bot.send_message(chat_id, "\n".join(lines))
    except TelegramError as error:
        logger.warning("overdue reminder not posted: %s", error)
