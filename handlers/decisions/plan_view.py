"""One view of the plan: the items grouped by status, each with its responsible people, due
date, points, description and progress; the whole plan, a filter (mine, overdue, a status)
or one responsible member's items, in pages."""

from __future__ import annotations

from datetime import date
from functools import partial

from telegram import Update

from bot.context import BotContext
from bot.core.people import PersonView
from bot.core.text import Page, shorten
from bot.decisions.plan import RankedItem, chosen_rows, is_overdue
from bot.i18n import _, ngettext
from handlers.decisions import texts
from handlers.decisions.buttons import PLAN_OWNER, PLAN_VIEW
from handlers.decisions.texts import status_name
from handlers.kit import pages
from models import PlanStatus

DESCRIPTION_SHOWN = 200  # characters of an item's description in /plan (/item shows all)


def item_line(row: RankedItem, today: date) -> str:
    item = row.item
    details = []
    if item.rank is not None and item.status.open:
        details.append(_("priority #{n}").format(n=item.rank))
    if is_overdue(item, today):
        details.append(_("overdue"))
    if item.responsible:
        details.append(_("responsible: {who}").format(who=item.responsible))
    if item.due_date:
        details.append(_("due {date}").format(date=texts.day(item.due_date)))
    if row.points:
        details.append(ngettext("{n} point", "{n} points", row.points))
    line = f"#{item.id} {item.title}" + (f" ({'; '.join(details)})" if details else "")
    line += "\n   " + shorten(item.description, DESCRIPTION_SHOWN)
    if item.progress:
        line += "\n   " + _("Progress: {text}").format(text=item.progress)
    return line


def plan_text(
    rows: list[RankedItem], today: date, number: int = 0, owner: PersonView | None = None
) -> tuple[str, Page | None]:
    """One page of the plan, and the page (None for an empty plan)."""
    if not rows and owner is not None:
        return _("Responsible: {who}. No plan items yet.").format(who=owner.display_name), None
    if not rows:
        return _("The plan is empty. Accepted proposals to add a plan item appear here."), None
    blocks = []
    for status in (PlanStatus.IN_PROGRESS, PlanStatus.PLANNED, PlanStatus.DONE, PlanStatus.DROPPED):
        group = [row for row in rows if row.item.status is status]
        if group:
            blocks += ["\n" + status_name(status).capitalize() + ":"]
            blocks += [item_line(row, today) for row in group]
    header = _("The action plan:")
    if owner is not None:
        header = _("The action plan, responsible: {who}:").format(who=owner.display_name)
    shown = pages.page(blocks, number, header=header)
    return pages.page_text(header, shown), shown


async def show_view(
    update: Update,
    context: BotContext,
    group: int,
    number: int,
    view: str = "all",
    owner: PersonView | None = None,
) -> None:
    """A page of the plan of `group` (0: the community), as `view` or `owner` filter it."""
    decisions = context.services.decisions
    today = decisions.clock().astimezone(texts.local_zone(context.services)).date()
    rows = await decisions.plan.ranked(group or None)
    chosen = chosen_rows(rows, view, context.me.id, today, None if owner is None else owner.id)
    text, shown = plan_text(chosen, today, number, owner)
    turn = (
        partial(PLAN_VIEW, group, view) if owner is None else partial(PLAN_OWNER, group, owner.id)
    )
    markup = None if shown is None else pages.markup(shown, turn)
    await pages.show(update, text, markup, edit=update.callback_query is not None)
