"""The global error handler: log with the update id, apologise to the person."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotContext
from bot.i18n import _
from models import PersonStatus

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (no personal data) and tell the person something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat = update.effective_chat
    if isinstance(context.error, Forbidden):
        if chat.type == ChatType.PRIVATE:
            await context.services.people.set_status(chat.id, PersonStatus.UNREACHABLE)
        return
    try:
        if update.callback_query is not None:
            with contextlib.suppress(BadRequest):  # the handler had answered the press
                await update.callback_query.answer()
        await chat.send_message(
            _("Sorry, something went wrong on our side. Please try again a bit later.")
        )
    except TelegramError:
        logger.warning("could not apologise for update %s", update_id)
