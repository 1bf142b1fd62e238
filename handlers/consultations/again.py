"""A question that ended without an answer, asked once more: *Ask again* (the same peers'
areas), *Widen the areas* (tick more areas, then Done) or *Ask an organiser*. Each press is
checked again by the service: only the asker, only a question of hers that is over."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.consultations.refusals import STALE
from bot.consultations.views import ConsultationView
from bot.context import BotContext
from bot.core import expertise
from bot.core.errors import Refused
from bot.i18n import _
from handlers.consultations.asking import areas_markup
from handlers.consultations.buttons import (
    ASK_AGAIN,
    ASK_ORGANISERS,
    WIDEN,
    WIDEN_AREA,
    WIDEN_DONE,
    button,
)
from handlers.consultations.buttons import pressed_id as id_of
from handlers.consultations.common import remove_buttons
from handlers.consultations.offers import deliver
from handlers.kit.replies import pressed, reply

CHOSEN = "cs_widen"  # user_data: consultation id → the areas ticked for asking again


async def ask_again(update: Update, context: BotContext) -> None:
    """*Ask again*: the same question goes to peers once more."""
    consultation_id = id_of(ASK_AGAIN, pressed(update).data)
    effects = await context.services.consultations.again.ask(consultation_id, context.me.id)
    await pressed(update).answer()
    await remove_buttons(update)
    await deliver(context, effects)  # the offers, and the asker told where her question is


async def ask_organisers(update: Update, context: BotContext) -> None:
    """*Ask an organiser*: the same question goes to the organisers at once."""
    consultation_id = id_of(ASK_ORGANISERS, pressed(update).data)
    effects = await context.services.consultations.again.ask(
        consultation_id, context.me.id, organisers=True
    )
    await pressed(update).answer()
    await remove_buttons(update)
    await deliver(context, effects)


def chosen(context: BotContext, view: ConsultationView) -> list[str]:
    """The areas ticked so far for asking this question again (first: its own)."""
    assert context.user_data is not None
    ticked = context.user_data.setdefault(CHOSEN, {})
    return ticked.setdefault(str(view.id), list(view.area_codes))


async def widen_markup(context: BotContext, view: ConsultationView) -> InlineKeyboardMarkup:
    return await areas_markup(
        context,
        chosen(context, view),
        lambda label, code: button(label, WIDEN_AREA, view.id, code),
        button(_("Done: ask again"), WIDEN_DONE, view.id),
    )


async def widen(update: Update, context: BotContext) -> None:
    """*Widen the areas*: the areas, the question's own ticked, to tick more."""
    consultation_id = id_of(WIDEN, pressed(update).data)
    view = await context.services.consultations.again.question(consultation_id, context.me.id)
    await pressed(update).answer()
    await reply(
        update,
        _("Question #{id}: tick the areas it should go to, then press “Done: ask again”.").format(
            id=view.id
        ),
        reply_markup=await widen_markup(context, view),
    )


async def widen_area(update: Update, context: BotContext) -> None:
    """Tick or untick one area."""
    query = pressed(update)
    consultation_id, code = WIDEN_AREA.decode(query.data)
    view = await context.services.consultations.again.question(int(consultation_id), context.me.id)
    if code not in {area.code for area in await expertise.list_areas(context.services.db)}:
        raise Refused(STALE)
    ticked = chosen(context, view)
    if code in ticked:
        ticked.remove(code)
    else:
        ticked.append(code)
    await query.answer()
    await query.edit_message_reply_markup(await widen_markup(context, view))


async def widen_done(update: Update, context: BotContext) -> None:
    """Done: the question goes to peers of the ticked areas (one at least)."""
    assert context.user_data is not None
    consultation_id = id_of(WIDEN_DONE, pressed(update).data)
    view = await context.services.consultations.again.question(consultation_id, context.me.id)
    effects = await context.services.consultations.again.ask(
        view.id, context.me.id, area_codes=chosen(context, view)
    )
    context.user_data.get(CHOSEN, {}).pop(str(view.id), None)
    await pressed(update).answer()
    await remove_buttons(update)
    await deliver(context, effects)
