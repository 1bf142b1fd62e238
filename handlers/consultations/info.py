"""/available, /consultations, /experts and /consultstats."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.consultations.refusals import STALE
from bot.consultations.rules import SEEKING
from bot.consultations.views import Availability, ConsultationView
from bot.context import BotContext
from bot.core import expertise
from bot.core.errors import Refused
from bot.core.text import shorten
from bot.i18n import _, ngettext
from handlers.consultations.buttons import (
    AVAILABILITY,
    CLOSE,
    EXPERTS,
    WITHDRAW,
    WRITE_TO,
    button,
)
from handlers.kit.replies import pressed, reply
from models import ConsultationStatus, ExpertiseArea


def availability_text(context: BotContext, state: Availability) -> str:
    lines = [
        _("You are available for consultations: questions in your areas come to you.")
        if state.available
        else _("You are not available for consultations now: no questions come to you.")
    ]
    if state.areas:
        names = ", ".join(area.name(context.locale) for area in state.areas)
        lines.append(_("Your areas: {areas}.").format(areas=names))
    else:
        lines.append(_("Your profile has no areas of expertise yet, so no questions come to you."))
    lines.append(_("Send /available again to switch."))
    return "\n".join(lines)


async def available(update: Update, context: BotContext) -> None:
    """/available: switch on at once; while on, ask before switching off."""
    talks = context.services.consultations.talks
    state = await talks.availability(context.me.id)
    if not state.available:
        await reply(
            update, availability_text(context, await talks.set_available(context.me.id, True))
        )
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(_("Switch off"), AVAILABILITY, "off"),
                button(_("Keep me available"), AVAILABILITY, "keep"),
            ]
        ]
    )
    await reply(
        update,
        _(
            "You are available for consultations now. Switch off? Questions in your areas "
            "stop coming to you until you send /available again."
        ),
        reply_markup=keyboard,
    )


async def answer_availability(update: Update, context: BotContext) -> None:
    """*Switch off* or *Keep me available* under /available's question."""
    query = pressed(update)
    (choice,) = AVAILABILITY.decode(query.data)
    talks = context.services.consultations.talks
    if choice == "off":
        state = await talks.set_available(context.me.id, False)
    else:
        state = await talks.availability(context.me.id)
    await query.answer()
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(availability_text(context, state))


def status_name(status: ConsultationStatus) -> str:
    names = {
        ConsultationStatus.SEARCHING: _("looking for an expert"),
        ConsultationStatus.ESCALATED: _("with the organisers"),
        ConsultationStatus.ACTIVE: _("open"),
        ConsultationStatus.CLOSED: _("closed"),
        ConsultationStatus.UNANSWERED: _("nobody took it"),
        ConsultationStatus.CANCELLED: _("withdrawn by the asker"),
    }
    return names[status]


def line(view: ConsultationView, me: int) -> str:
    if view.asker.person_id == me:
        whom = view.expert.name if view.expert else "—"
        role = _("you asked; expert: {name}").format(name=whom)
    else:
        asker = view.asker.name if view.show_name else _("anonymous")
        role = _("you advise {name}").format(name=asker)
    rating = f" · {view.rating}/5" if view.rating else ""
    return f"#{view.id} · {status_name(view.status)} · {role}{rating}\n   {view.question[:80]}"


async def list_consultations(update: Update, context: BotContext) -> None:
    """My open consultations (with buttons) and the past ones."""
    me = context.me.id
    views = await context.services.consultations.talks.of_person(me)
    if not views:
        await reply(update, _("You have no consultations yet. /ask asks peers a question."))
        return
    current = [v for v in views if v.status is ConsultationStatus.ACTIVE or v.status in SEEKING]
    past = [v for v in views if v not in current]
    lines, rows = [], []
    if current:
        lines.append(_("Open:"))
        lines += [line(view, me) for view in current]
    for view in current:
        if view.is_open:
            rows.append(
                [
                    button(_("Write to #{id}").format(id=view.id), WRITE_TO, view.id),
                    button(_("Close #{id}").format(id=view.id), CLOSE, view.id),
                ]
            )
        else:
            rows.append([button(_("Withdraw #{id}").format(id=view.id), WITHDRAW, view.id)])
    if past:
        lines.append(_("Past:"))
        lines += [line(view, me) for view in past[:10]]
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows) if rows else None)


def find_area(areas: list[ExpertiseArea], text: str) -> ExpertiseArea | None:
    needle = text.strip().lower()
    for area in areas:
        if needle in (area.code.lower(), area.name_ru.lower(), area.name_en.lower()):
            return area
    starting = [
        a
        for a in areas
        if a.name_ru.lower().startswith(needle) or a.name_en.lower().startswith(needle)
    ]
    return starting[0] if len(starting) == 1 else None


def areas_keyboard(areas: list[ExpertiseArea], locale: str) -> InlineKeyboardMarkup:
    """One button per area, by its name, two to a row."""
    buttons = [button(area.name(locale), EXPERTS, area.code) for area in areas]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def experts_text(context: BotContext, area: ExpertiseArea) -> str:
    """Who consults in an area, with their record."""
    records = await context.services.consultations.records.experts(area.code)
    if not records:
        return _("Nobody consults in “{area}” yet.").format(area=area.name(context.locale))
    lines = [_("Experts in “{area}”:").format(area=area.name(context.locale))]
    for record in records:
        parts = [record.person.name + (f" ({record.contact})" if record.contact else "")]
        parts.append(_("available") if record.available else _("not available now"))
        parts.append(ngettext("{n} consultation", "{n} consultations", record.consultations))
        if record.average_rating is not None:
            parts.append(_("rating {rating:.1f}").format(rating=record.average_rating))
        lines.append("• " + ", ".join(parts))
        lines += [f"   «{text}»" for text in record.recommendations]
    return "\n".join(lines)


async def show_experts(update: Update, context: BotContext) -> None:
    """/experts: the areas as buttons; /experts <area name>: who consults in it."""
    areas = await expertise.list_areas(context.services.db)
    text = " ".join(context.args or [])
    area = find_area(areas, text) if text else None
    if area is None:
        lead = _("Which area? Choose one:")
        if text:
            lead = _("I do not know the area “{text}”. Choose one:").format(text=shorten(text, 50))
        await reply(update, lead, reply_markup=areas_keyboard(areas, context.locale))
        return
    await reply(update, await experts_text(context, area))


async def experts_of_area(update: Update, context: BotContext) -> None:
    """An area's button under /experts: who consults in it (an area no longer listed: STALE)."""
    (code,) = EXPERTS.decode(pressed(update).data)
    areas = {area.code: area for area in await expertise.list_areas(context.services.db)}
    if code not in areas:
        raise Refused(STALE)
    await pressed(update).answer()
    await reply(update, await experts_text(context, areas[code]))


async def show_stats(update: Update, context: BotContext) -> None:
    """/consultstats: requests by area, time to accept, share answered, uncovered areas."""
    stats = await context.services.consultations.records.stats()
    areas = {
        area.code: area.name(context.locale)
        for area in await expertise.list_areas(context.services.db, include_hidden=True)
    }
    lines = [_("Consultations")]
    lines.append(_("Requests by area:"))
    if stats.requests_by_area:
        for code, count in sorted(stats.requests_by_area.items(), key=lambda item: -item[1]):
            lines.append(f"• {areas.get(code, code)}: {count}")
    else:
        lines.append("—")
    if stats.median_minutes_to_accept is None:
        lines.append(_("Median time to accept: —"))
    else:
        lines.append(
            _("Median time to accept: {minutes} min").format(
                minutes=round(stats.median_minutes_to_accept)
            )
        )
    lines.append(
        _("Answered: {answered} of {finished} finished requests").format(
            answered=stats.answered, finished=stats.finished
        )
    )
    uncovered = [areas.get(code, code) for code in stats.areas_without_available]
    lines.append(
        _("Areas where nobody is available: {areas}").format(areas=", ".join(uncovered) or "—")
    )
    await reply(update, "\n".join(lines))
