"""/language: choose Russian or English with inline buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.commands import CommandCatalogue, CommandSpec, Where
from bot.config import SUPPORTED_LOCALES
from bot.context import BotContext
from bot.i18n import N_, _, set_locale
from handlers.common import reply
from handlers.menus import refresh_person_menu

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
CALLBACK_PREFIX = "lang:"


async def ask_language(update: Update, context: BotContext) -> None:
    """Offer the languages as buttons."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=CALLBACK_PREFIX + code)
                for code in SUPPORTED_LOCALES
            ]
        ]
    )
    await reply(update, _("Choose your language:"), reply_markup=keyboard)


async def choose_language(update: Update, context: BotContext) -> None:
    """Save the chosen language; the answer already comes in it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.removeprefix(CALLBACK_PREFIX)
    if code not in SUPPORTED_LOCALES:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
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


def register(application: Application) -> None:
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    catalogue.add(CommandSpec("language", N_("choose the language"), where=Where.ANYWHERE))
    application.add_handler(CommandHandler("language", ask_language))
    application.add_handler(CallbackQueryHandler(choose_language, pattern=f"^{CALLBACK_PREFIX}"))
