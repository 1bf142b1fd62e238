"""Helpers shared by the consultation handlers: the service, buttons, safe sending."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.consultations.routing import Consultations, Party
from bot.context import BotContext
from bot.i18n import _, resolve_locale
from models import PersonStatus

PREFIX = "cs:"
STALE = "This button is no longer active."
T = TypeVar("T")


def service(context: BotContext) -> Consultations:
    return Consultations(context.services.db)


def locale_of(context: BotContext, party: Party) -> str:
    return resolve_locale(party.language, None, context.services.settings.default_locale)


def button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=PREFIX + data)


def callback_id(update: Update) -> int | None:
    """The number at the end of this feature's callback data (never trusted further)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    tail = query.data.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


async def stale(update: Update) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(_(STALE), show_alert=True)


async def act_on_press(update: Update, action: Callable[[int], Awaitable[T | None]]) -> T | None:
    """Do `action` with the number on the pressed button and answer the press; None when the
    button is stale or the action came to nothing (the press is then answered as stale)."""
    assert update.callback_query is not None
    number = callback_id(update)
    result = None if number is None else await action(number)
    if result is None:
        await stale(update)
        return None
    await update.callback_query.answer()
    return result


async def remove_buttons(update: Update) -> None:
    """Take the buttons off the pressed message (they may be gone already)."""
    assert update.callback_query is not None
    with contextlib.suppress(BadRequest):
        await update.callback_query.edit_message_reply_markup(None)


async def send_to(context: BotContext, party: Party, text: str, **kwargs: Any) -> Message | None:
    """Write to someone; None when they blocked the bot (then they are marked unreachable)."""
    try:
        return await context.bot.send_message(party.telegram_id, text, **kwargs)
    except Forbidden:
        await context.services.people.set_status(party.telegram_id, PersonStatus.UNREACHABLE)
        return None
