"""/language: choose Russian or English with inline buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.commands.catalogue import Where
from bot.commands.menus import refresh_person_menu
from bot.config import SUPPORTED_LOCALES
from bot.context import BotContext
from bot.core.callbacks import Callbacks, choice
from bot.i18n import N_, _, set_locale
from handlers.kit.replies import reply
from handlers.kit.setup import Setup

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
BUTTONS = Callbacks("lang")
CHOOSE = BUTTONS.action("set", choice(*SUPPORTED_LOCALES))


async def ask_language(update: Update, context: BotContext) -> None:
    """Offer the languages as buttons."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=CHOOSE(code))
                for code in SUPPORTED_LOCALES
            ]
        ]
    )
    await reply(update, _("Choose your language:"), reply_markup=keyboard)


async def choose_language(update: Update, context: BotContext) -> None:
    """Save the chosen language; the answer already comes in it."""
    query = update.callback_query
    assert query is not None
    (code,) = CHOOSE.decode(query.data)
    person = await context.services.people.set_language(context.me.telegram_id, code)
    assert person is not None  # identified in group -1
    context.person = person
    set_locale(code)
    await query.answer()
    await query.edit_message_text(
        _("Language: {language}. Send /help for the commands.").format(
            language=LANGUAGE_NAMES[code]
        )
    )
    await refresh_person_menu(context.bot, context.services, person)


def register(setup: Setup) -> None:
    setup.command("language", ask_language, N_("choose the language"), where=Where.ANYWHERE)
    setup.button(CHOOSE, choose_language)
