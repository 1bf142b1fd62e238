"""After a meeting: those who went rate it from 1 to 5 and may add a comment. A persistent
dialogue, so a restart loses nothing."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.i18n import _
from handlers.kit.incoming import TEXT
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Setup, guard
from handlers.meetings.buttons import RATE

COMMENT = 13
RATING = "meetings.rating"
Handlers = list[BaseHandler[Update, BotContext, Any]]


def _text(update: Update) -> str:
    assert update.message is not None
    return update.message.text or ""


async def rate_meeting(update: Update, context: BotContext) -> int:
    """A rating from 1 to 5, then an optional comment."""
    query = pressed(update)
    meeting_id, rating = RATE.decode(query.data)
    await context.services.meetings.rate(context.me, meeting_id, rating)
    await query.answer()
    assert context.user_data is not None
    context.user_data[RATING] = meeting_id
    await query.edit_message_text(
        _("Thank you: {rating} of 5. Add a short comment? Send it, or /skip.").format(rating=rating)
    )
    return COMMENT


async def save_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    meeting_id = int(context.user_data.get(RATING, 0))
    await context.services.meetings.comment(context.me, meeting_id, _text(update))
    return await skip_comment(update, context)


async def skip_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(RATING, None)
    await reply(update, _("Thank you for the feedback!"))
    return ConversationHandler.END


async def stop_feedback(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(RATING, None)
    await reply(update, _("Stopped; nothing changed."))
    return ConversationHandler.END


def dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    cancel: Handlers = [setup.command_handler("cancel", stop_feedback, None)]
    return ConversationHandler[BotContext](
        entry_points=[setup.button_handler(RATE, rate_meeting)],
        states={
            COMMENT: [
                MessageHandler(TEXT, guard(save_comment)),
                setup.command_handler("skip", skip_comment, None),
            ]
        },
        fallbacks=cancel,
        name="meetings_feedback",
        persistent=True,
        allow_reentry=True,
    )
