"""The applicant answers an organiser's question: the Answer button, then their message,
which goes under every copy of the application's card."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.i18n import _, use_locale
from bot.membership.refusals import DECIDED
from handlers.kit.replies import explain, reply
from handlers.membership.buttons import REPLY
from handlers.membership.notify import locale_of_chat, send

ANSWERING = "answering"
ANSWER = "mb_answer"


async def start_answer(update: Update, context: BotContext) -> str:
    """The applicant's "Answer" button: only for their own application under review."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (application_id,) = REPLY.decode(query.data)
    applications = context.services.membership.applications
    view = await applications.own_pending(context.me.id, application_id)
    await query.answer()
    context.user_data[ANSWER] = view.id
    await reply(update, _("Write your answer, or /cancel."))
    return ANSWERING


async def answered(update: Update, context: BotContext) -> str | int:
    """The applicant's answer goes to every card of their application."""
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    text = clean(update.message.text)
    if not text or length(text) > 2000:
        await reply(update, _("Please write 1 to 2000 characters, or /cancel."))
        return ANSWERING
    application_id = int(context.user_data.pop(ANSWER))
    applications = context.services.membership.applications
    try:
        view = await applications.own_pending(context.me.id, application_id, refusal=DECIDED)
    except Refused as error:  # decided meanwhile: the answer has nowhere to go
        await reply(update, explain(error))
        return ConversationHandler.END
    for chat_id, message_id in view.cards:
        with use_locale(await locale_of_chat(context, chat_id)):
            forwarded = _("The applicant of application #{id} answers:\n\n{answer}").format(
                id=view.id, answer=text
            )
        await send(context, chat_id, forwarded, reply_to_message_id=message_id)
    await reply(update, _("Thank you, your answer has been passed to the organisers."))
    return ConversationHandler.END
