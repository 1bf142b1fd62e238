"""A peer answers an offer (accept / decline); the asker withdraws their question."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update

from bot.consultations.refusals import TAKEN
from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import MESSAGE, length, shorten
from bot.i18n import _, use_locale
from handlers.consultations.buttons import ACCEPT, CLOSE, CONTACTS, DECLINE, WITHDRAW, button
from handlers.consultations.buttons import pressed_id as id_of
from handlers.consultations.common import locale_of, remove_buttons, send_to
from handlers.consultations.offers import deliver, end_offer_messages, schedule_round
from handlers.kit.replies import pressed, reply


def talk_keyboard(consultation_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(_("Exchange contacts"), CONTACTS, consultation_id),
                button(_("Close"), CLOSE, consultation_id),
            ]
        ]
    )


async def accept_offer(update: Update, context: BotContext) -> None:
    """Accept: the first one wins (decided by the database), the others' offers end."""
    query = pressed(update)
    offer_id = id_of(ACCEPT, query.data)
    try:
        effects = await context.services.consultations.routing.accept(offer_id, context.me.id)
    except Refused as refusal:
        if refusal.reason == TAKEN:
            await remove_buttons(update)  # the offer is over: its buttons go with the answer
        raise
    view = effects.consultation
    await query.answer()
    notices = []
    offer_message = query.message
    if isinstance(offer_message, Message):
        accepted = "\n\n" + _(
            "You accepted this request. Write your answer here: I will pass it on."
        )
        offer = shorten(offer_message.text or "", MESSAGE - length(accepted))
        await query.edit_message_text(offer + accepted, reply_markup=talk_keyboard(view.id))
        notices.append((offer_message.chat_id, offer_message.message_id))
    schedule_round(context, view)
    await end_offer_messages(context, view, effects.ended_offers)
    assert view.expert is not None
    with use_locale(locale_of(context, view.asker)):
        sent = await send_to(
            context,
            view.asker,
            _(
                "{expert} accepted your question #{id}. Write here: I will pass your messages "
                "on. When several consultations are open, reply to a message of the one you mean."
            ).format(expert=view.expert.name, id=view.id),
            reply_markup=talk_keyboard(view.id),
        )
    if sent is not None:
        notices.append((sent.chat_id, sent.message_id))
    await context.services.consultations.talks.remember(view.id, notices)


async def decline_offer(update: Update, context: BotContext) -> None:
    offer_id = id_of(DECLINE, pressed(update).data)
    effects = await context.services.consultations.routing.decline(offer_id, context.me.id)
    await pressed(update).answer()
    await remove_buttons(update)
    await reply(update, _("You declined the request. Thank you for answering!"))
    await deliver(context, effects)


async def withdraw_question(update: Update, context: BotContext) -> None:
    """The asker withdraws a question nobody has accepted yet."""
    consultation_id = id_of(WITHDRAW, pressed(update).data)
    effects = await context.services.consultations.routing.cancel(consultation_id, context.me.id)
    await pressed(update).answer()
    await remove_buttons(update)
    await reply(update, _("Your question #{id} is withdrawn.").format(id=effects.consultation.id))
    schedule_round(context, effects.consultation)
    await end_offer_messages(context, effects.consultation, effects.ended_offers)
