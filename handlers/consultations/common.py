"""What the consultation handlers share: the press being answered, a person's language,
writing to someone who may have blocked the bot."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden

from bot.consultations.views import Party
from bot.context import BotContext
from handlers.kit.replies import pressed
from models import PersonStatus


def locale_of(context: BotContext, party: Party) -> str:
    return context.services.settings.locale_for(party.language)


async def remove_buttons(update: Update) -> None:
    """Take the buttons off the pressed message (they may be gone already)."""
    with contextlib.suppress(BadRequest):
        await pressed(update).edit_message_reply_markup(None)


async def send_to(context: BotContext, party: Party, text: str, **kwargs: Any) -> Message | None:
    """Write to someone; None when they blocked the bot (then they are marked unreachable)."""
    try:
        return await context.bot.send_message(party.telegram_id, text, **kwargs)
    except Forbidden:
        await context.services.people.set_status(party.telegram_id, PersonStatus.UNREACHABLE)
        return None
