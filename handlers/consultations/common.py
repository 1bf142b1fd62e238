"""What the consultation handlers share: the press being answered, a person's language,
writing to someone who may have blocked the bot."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.consultations.views import Party
from bot.context import BotContext
from bot.i18n import resolve_locale
from models import PersonStatus


def pressed(update: Update) -> CallbackQuery:
    """The button press of a button handler."""
    assert update.callback_query is not None
    return update.callback_query


def locale_of(context: BotContext, party: Party) -> str:
    return resolve_locale(party.language, None, context.services.settings.default_locale)


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
