"""After closing: the asker rates the consultation, then may thank the expert publicly (the
recommendation dialogue)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.consultations.refusals import RECOMMENDATION_TOO_LONG
from bot.context import BotContext
from bot.core.errors import Refused
from bot.i18n import _
from handlers.consultations.buttons import RATE, SKIP, button
from handlers.consultations.common import remove_buttons
from handlers.kit.replies import pressed, refuse, reply

RECOMMEND = 1  # the dialogue's one state (stored: keep the number)
RECOMMENDING = "cs_recommend"  # user_data: the consultation being thanked for


def rating_keyboard(consultation_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(str(n), RATE, consultation_id, n) for n in range(1, 6)]])


async def rate(update: Update, context: BotContext) -> int:
    """A rating 1-5, then an invitation to thank the expert publicly."""
    assert context.user_data is not None
    query = pressed(update)
    consultation_id, rating = RATE.decode(query.data)
    await context.services.consultations.records.rate(consultation_id, context.me.id, rating)
    await query.answer()
    await query.edit_message_text(_("Thank you! Your rating: {n} of 5.").format(n=rating))
    context.user_data[RECOMMENDING] = consultation_id
    keyboard = InlineKeyboardMarkup([[button(_("Skip"), SKIP, consultation_id)]])
    await reply(
        update,
        _(
            "Would you like to thank the expert publicly? Your words will appear in their "
            "record (/experts). Write them now, or press Skip."
        ),
        reply_markup=keyboard,
    )
    return RECOMMEND


async def recommendation_text(update: Update, context: BotContext) -> int:
    """The thanks, published; one too long is asked for again."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    consultation_id = int(context.user_data.get(RECOMMENDING, 0))
    records = context.services.consultations.records
    try:
        await records.recommend(consultation_id, context.me.id, message.text)
    except Refused as refusal:
        await refuse(update, refusal)
        if refusal.reason == RECOMMENDATION_TOO_LONG:
            return RECOMMEND
    else:
        await reply(update, _("Thank you, your recommendation is published."))
    context.user_data.pop(RECOMMENDING, None)
    return ConversationHandler.END


async def skip_recommendation(update: Update, context: BotContext) -> int:
    await pressed(update).answer()
    await remove_buttons(update)
    return await stop_recommendation(update, context)


async def recommendation_wrong_input(update: Update, context: BotContext) -> int:
    await reply(update, _("Please write your recommendation as text, or press Skip."))
    return RECOMMEND


async def stop_recommendation(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(RECOMMENDING, None)
    await reply(update, _("All right. Thank you for the rating!"))
    return ConversationHandler.END
