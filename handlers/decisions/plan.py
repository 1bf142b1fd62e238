"""The action plan: /plan (grouped by status, ordered by priority points), /priorities
(distribute your points with buttons), /progress and /done for the item's author or a
coordinator, and a daily reminder of overdue items in the community chat."""

from __future__ import annotations

import logging
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.context import BotContext, CommunityApplication
from bot.decisions.plan import POINTS_PER_MEMBER, RankedItem
from bot.i18n import _, ngettext, use_locale
from handlers.decisions import texts
from handlers.decisions.buttons import POINTS
from handlers.decisions.steps import as_number
from handlers.kit.replies import reply
from models import PlanItem, PlanStatus

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


async def show_plan(update: Update, context: BotContext) -> None:
    """/plan, or /plan <group number> for a working group's plan."""
    arguments = context.args or []
    group = as_number(arguments[0]) if arguments else None
    rows = await context.services.decisions.plan.ranked(group)
    await reply(update, plan_text(rows))


async def _priorities_markup(context: BotContext) -> tuple[str, InlineKeyboardMarkup | None]:
    plan = context.services.decisions.plan
    items = await plan.open_items()
    mine = await plan.points_of(context.me)
    if not items:
        return _("There are no open plan items to prioritise."), None
    left = POINTS_PER_MEMBER - sum(mine.get(entry.number, 0) for entry in items)
    rows = [
        [
            InlineKeyboardButton(
                f"+ #{entry.id} {entry.title}"[:40] + f" · {mine.get(entry.number, 0)}",
                callback_data=POINTS(entry.number, "up"),
            ),
            InlineKeyboardButton("−", callback_data=POINTS(entry.number, "down")),
        ]
        for entry in items
    ]
    text = _("Give your points to the plan items that matter most. Points left: {n}.").format(
        n=left
    )
    return text, InlineKeyboardMarkup(rows)


async def priorities(update: Update, context: BotContext) -> None:
    text, markup = await _priorities_markup(context)
    await reply(update, text, reply_markup=markup)


async def change_points(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    item_id, direction = POINTS.decode(query.data)
    plan = context.services.decisions.plan
    await plan.change_points(context.me, item_id, 1 if direction == "up" else -1)
    await query.answer()
    text, markup = await _priorities_markup(context)
    await query.edit_message_text(text, reply_markup=markup)


async def _update_status(
    update: Update, context: BotContext, status: PlanStatus, note: str | None
) -> None:
    arguments = context.args or []
    item_id = as_number(arguments[0]) if arguments else None
    if item_id is None:
        await _usage(update)
        return
    item = await context.services.decisions.plan.set_status(context.me, item_id, status, note)
    await reply(
        update,
        _("Plan item #{number} is now: {status}.").format(
            number=item.id, status=status_name(item.status)
        ),
    )
    await announce(context.community, item)


async def _usage(update: Update) -> None:
    await reply(update, _("Usage: /done <item number>; /progress <item number> <what is done>."))


async def announce(application: CommunityApplication, item: PlanItem) -> None:
    """The community sees every status change."""
    chat_id = await application.services.decisions.bodies.community_chat_id()
    if chat_id is None:
        return
    with use_locale(application.services.settings.default_locale):
        text = _("Plan item #{number} «{title}»: {status}.").format(
            number=item.id, title=item.title, status=status_name(item.status)
        )
        if item.progress and item.status is PlanStatus.IN_PROGRESS:
            text += "\n" + _("Progress: {text}").format(text=item.progress)
    try:
        await application.bot.send_message(chat_id, text)
    except TelegramError as error:
        logger.warning("plan item %s not announced: %s", item.id, error)


async def done(update: Update, context: BotContext) -> None:
    await _update_status(update, context, PlanStatus.DONE, None)


async def progress(update: Update, context: BotContext) -> None:
    arguments = context.args or []
    note = " ".join(arguments[1:]).strip()
    if len(arguments) >= 1 and not note:
        await _usage(update)
        return
    await _update_status(update, context, PlanStatus.IN_PROGRESS, note)


async def overdue_job(context: BotContext) -> None:
    """Once a day: open items past their due date, in the community chat (once per day)."""
    decisions = context.services.decisions
    today = decisions.clock().astimezone(texts.local_zone(context.services)).date()
    items = await decisions.plan.overdue_today(today)
    chat_id = await decisions.bodies.community_chat_id()
    if not items or chat_id is None:
        return
    with use_locale(context.services.settings.default_locale):
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
        await context.bot.send_message(chat_id, "\n".join(lines))
    except TelegramError as error:
        logger.warning("overdue reminder not posted: %s", error)
