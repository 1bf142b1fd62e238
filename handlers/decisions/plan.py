"""The action plan: /plan (grouped by status, ordered by priority points), /priorities
(distribute your points with buttons), /progress and /done for the item's author or a
coordinator, and a daily reminder of overdue items in the community chat."""

from __future__ import annotations

import logging
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.context import BotContext, CommunityApplication
from bot.decisions.plan import POINTS_PER_MEMBER
from bot.i18n import N_, _, use_locale
from handlers.decisions import owners, plan_view, texts
from handlers.decisions.buttons import PLAN_PAGE, PLAN_VIEW, POINTS, PRIORITIES_PAGE
from handlers.decisions.items import remind_responsible
from handlers.decisions.steps import as_number
from handlers.decisions.texts import status_name
from handlers.kit import pages
from handlers.kit.replies import pressed, reply
from models import PlanItem, PlanStatus

logger = logging.getLogger(__name__)

OVERDUE_JOB = "decisions.plan.overdue"
OVERDUE_AT = time(10, 0)
PLAN_USAGE = N_(
    "Usage: /plan [mine | overdue | owner | @username | planned | progress | done | dropped] "
    "[group number]."
)
VIEW_WORDS = {
    "mine": "mine",
    "мои": "mine",
    "overdue": "overdue",
    "просрочено": "overdue",
    "planned": "planned",
    "запланировано": "planned",
    "progress": "in_progress",
    "in_progress": "in_progress",
    "вработе": "in_progress",
    "done": "done",
    "сделано": "done",
    "dropped": "dropped",
    "отменено": "dropped",
}


async def show_plan(update: Update, context: BotContext) -> None:
    """/plan [mine | overdue | owner | @username | a status] [group number]."""
    arguments = [word.lower() for word in context.args or []]
    group = as_number(arguments[-1]) if len(arguments) == 2 else None
    if arguments and arguments[0] in owners.OWNER_WORDS:
        await owners.choose_owner(update, context, group or 0)
        return
    if arguments and owners.names_an_owner(arguments[0]):
        await owners.show_named(update, context, arguments[0], group or 0)
        return
    view = "all"
    if arguments and as_number(arguments[0]) is None:
        view = VIEW_WORDS.get(arguments.pop(0), "")
    if not view:
        await reply(update, _(PLAN_USAGE))
        return
    group = as_number(arguments[0]) if arguments else None
    await plan_view.show_view(update, context, group or 0, 0, view)


async def turn_view(update: Update, context: BotContext) -> None:
    """‹ › under a view of /plan: that page, in place."""
    group, view, number = PLAN_VIEW.decode(pressed(update).data)
    await plan_view.show_view(update, context, group, number, view)


async def turn_plan(update: Update, context: BotContext) -> None:
    """‹ › under /plan: that page, in place."""
    group, number = PLAN_PAGE.decode(pressed(update).data)
    await plan_view.show_view(update, context, group, number)


async def _priorities_markup(
    context: BotContext, number: int = 0, item_id: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the open items with their buttons (the page of `item_id` when given)."""
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
    labels = [row[0].text for row in rows]
    shown = pages.page(labels, number)
    index = next((i for i, entry in enumerate(items) if entry.number == item_id), None)
    while index is not None and index not in shown.indices and shown.number + 1 < shown.count:
        shown = pages.page(labels, shown.number + 1)  # the page of the item just pressed
    text = _("Give your points to the plan items that matter most. Points left: {n}.").format(
        n=left
    )
    rows = [rows[index] for index in shown.indices]
    return pages.heading(text, shown), pages.markup(shown, PRIORITIES_PAGE, rows)


async def priorities(update: Update, context: BotContext) -> None:
    text, markup = await _priorities_markup(context)
    await reply(update, text, reply_markup=markup)


async def turn_priorities(update: Update, context: BotContext) -> None:
    """‹ › under /priorities: that page, in place."""
    (number,) = PRIORITIES_PAGE.decode(pressed(update).data)
    text, markup = await _priorities_markup(context, number)
    await pages.show(update, text, markup, edit=True)


async def change_points(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    item_id, direction = POINTS.decode(query.data)
    plan = context.services.decisions.plan
    await plan.change_points(context.me, item_id, 1 if direction == "up" else -1)
    await query.answer()
    text, markup = await _priorities_markup(context, item_id=item_id)
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
    await remind_responsible(context.community, items)
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
        await pages.send_parts(context.bot, chat_id, "\n".join(lines))
    except TelegramError as error:
        logger.warning("overdue reminder not posted: %s", error)
