"""Messages to other people (reviewers, applicants), each in the recipient's language."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.logs import chat_label
from models import PersonStatus

logger = logging.getLogger(__name__)


async def locale_of_chat(context: BotContext, chat_id: int) -> str:
    """A private chat speaks its person's language; a group the community's default."""
    settings = context.services.settings
    if chat_id < 0:
        return settings.default_locale
    person = await context.services.people.get(chat_id)
    return settings.locale_for(person.language if person else None)


async def send(context: BotContext, chat_id: int, text: str, **kwargs: Any) -> Message | None:
    """Send, or give up quietly: a person who blocked the bot is marked unreachable."""
    try:
        return await context.bot.send_message(chat_id, text, **kwargs)
    except Forbidden:
        if chat_id > 0:
            await context.services.people.set_status(chat_id, PersonStatus.UNREACHABLE)
        logger.info("%s is unreachable", chat_label(chat_id))
    except TelegramError as error:
        logger.warning("message to %s failed: %s", chat_label(chat_id), error)
    return None
