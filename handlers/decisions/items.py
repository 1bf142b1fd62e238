"""One plan item: `/item <number>` shows it with its description, responsible members and
history (what changed, by which decision); the members made responsible are told, and
reminded privately of their overdue items."""

from __future__ import annotations

from datetime import date
from functools import partial

from telegram import Update

from bot.context import BotContext, CommunityApplication
from bot.decisions.applying import CHANGEABLE, Applied
from bot.decisions.plan import is_overdue
from bot.i18n import _
from bot.outbox.notices import tell
from handlers.decisions import texts
from handlers.decisions.changes import field_name
from handlers.decisions.steps import as_number
from handlers.kit.replies import reply
from models import PlanItem, PlanItemChange, PlanStatus


async def names(application: CommunityApplication, item: PlanItem) -> str | None:
    """The responsible members' names (or what was typed before they were chosen)."""
    bodies = application.services.decisions.bodies
    people = [await bodies.person(person_id) for person_id in item.responsible_ids]
    chosen = [person.display_name for person in people if person is not None]
    return ", ".join(chosen) if chosen else item.responsible


def _step(change: PlanItemChange) -> str:
    fields = change.fields
    if fields.get("created"):
        what = _("created")
    else:
        labels = {name: field_name(name) for name in CHANGEABLE}
        labels.update(progress=_("progress"), rank=_("place in the plan"))
        what = ", ".join(labels[name] for name in fields if name in labels) or _("no change")
    line = f"{change.at:%d.%m.%Y}: {what}"
    if change.proposal_id is not None:
        line += " — " + _("decision #{number}").format(number=change.proposal_id)
    return line


async def item_text(context: BotContext, item: PlanItem) -> str:
    today = context.services.decisions.clock().date()
    status = texts.status_name(item.status)
    if is_overdue(item, today):
        status += " · " + _("overdue")
    lines = [f"#{item.id} {item.title}", _("Status: {status}").format(status=status)]
    who = await names(context.community, item)
    if who:
        lines.append(_("Responsible: {who}").format(who=who))
    if item.due_date:
        lines.append(_("Due: {date}").format(date=texts.day(item.due_date)))
    lines += ["", item.description]
    if item.progress:
        lines += ["", _("Progress: {text}").format(text=item.progress)]
    history = await context.services.decisions.plan.history(item.number)
    if history:
        lines += ["", _("History:"), *(_step(change) for change in history)]
    return "\n".join(lines)


async def show_item(update: Update, context: BotContext) -> None:
    """/item <number>: the plan item with its history."""
    arguments = context.args or []
    number = as_number(arguments[0]) if arguments else None
    item = None if number is None else await context.services.decisions.plan.get(number)
    if item is None:
        await reply(update, _("Usage: /item <plan item number>, e.g. /item 3."))
        return
    await reply(update, await item_text(context, item))


def _responsible_notice(item: PlanItem) -> tuple[str, None]:
    text = _(
        "You are responsible for plan item #{number} «{title}». Report progress with "
        "/progress {number} <what is done> and mark it done with /done {number}."
    )
    return text.format(number=item.id, title=item.title), None


def _overdue_notice(item: PlanItem, due: date) -> tuple[str, None]:
    text = _(
        "Your plan item #{number} «{title}» was due {date}. Report progress with "
        "/progress {number} <text> or mark it done with /done {number}."
    )
    return text.format(number=item.id, title=item.title, date=texts.day(due)), None


async def tell_responsible(application: CommunityApplication, applied: Applied) -> None:
    """The members newly responsible for an item are told."""
    bodies = application.services.decisions.bodies
    for item in applied.items:
        for person_id in applied.newly_responsible:
            person = await bodies.person(person_id)
            if person is None:
                continue
            await tell(application, person, partial(_responsible_notice, item))


async def remind_responsible(application: CommunityApplication, items: list[PlanItem]) -> None:
    """Each responsible member of an overdue item is reminded privately."""
    bodies = application.services.decisions.bodies
    for item in items:
        if item.status is PlanStatus.DONE or item.due_date is None:
            continue
        for person_id in item.responsible_ids:
            person = await bodies.person(person_id)
            if person is None:
                continue
            await tell(application, person, partial(_overdue_notice, item, item.due_date))
