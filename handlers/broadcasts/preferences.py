"""/settings: how announcements reach a member — at once, in a daily digest, or only in
/news (urgent ones always come at once)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import _
from handlers.broadcasts import buttons
from handlers.broadcasts.form import button
from handlers.broadcasts.texts import mode_name
from handlers.kit.replies import pressed, reply
from models import DeliveryMode


def _keyboard(current: DeliveryMode) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(("✓ " if mode is current else "") + mode_name(mode), buttons.PREFERENCE(mode))]
            for mode in DeliveryMode
        ]
    )


def _text(current: DeliveryMode) -> str:
    return "\n".join(
        [
            _("How do you want to get announcements? Now: {mode}.").format(mode=mode_name(current)),
            _("Urgent announcements always come at once."),
        ]
    )


async def show_settings(update: Update, context: BotContext) -> None:
    """The delivery preference with buttons to change it."""
    current = await context.services.broadcasts.preferences.mode(context.me.id)
    await reply(update, _text(current), reply_markup=_keyboard(current))


async def choose_mode(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (mode,) = buttons.PREFERENCE.decode(query.data)
    await context.services.broadcasts.preferences.choose(context.me.id, mode)
    await query.answer(_("Saved."))
    await query.edit_message_text(_text(mode), reply_markup=_keyboard(mode))
