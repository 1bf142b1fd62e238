"""Answers for whatever no feature handled: /cancel with nothing to cancel, unknown
commands, free text and stale buttons; and the error handler. Registered after every
feature."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.commands.catalogue import Where
from bot.context import BotContext
from bot.i18n import N_, _
from handlers.core.errors import on_error
from handlers.kit.incoming import EDITED, NEW
from handlers.kit.replies import reply
from handlers.kit.setup import Setup


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/cancel outside any dialogue."""
    await reply(update, _("There is nothing to cancel. Send /help for the commands."))


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not know: in private, or addressed to the bot in a group."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or message.text is None or chat is None:
        return
    command = message.text.split()[0]
    name, _sep, addressee = command.partition("@")
    if chat.type != ChatType.PRIVATE and addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot, or not addressed: stay quiet in groups
    await reply(
        update,
        _("I don't know the command {command}. Send /help for the list.").format(command=name),
    )


async def free_text(update: Update, context: BotContext) -> None:
    """Text outside any dialogue in a private chat."""
    await reply(
        update,
        _("I answer commands and buttons. Send /help to see what I can do for you."),
    )


async def edited(update: Update, context: BotContext) -> None:
    """An edited text in a private chat: nothing changes (handlers.kit.incoming), say so."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        _(
            "Edits to messages already sent are not taken into account: "
            "the bot sees each message as it was first sent."
        ),
        do_quote=True,
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no handler knows (an old message, or forged data)."""
    query = update.callback_query
    assert query is not None
    await query.answer(_("This button is no longer active."), show_alert=True)


def register(setup: Setup) -> None:
    setup.command(
        "cancel", nothing_to_cancel, N_("stop the current dialogue"), where=Where.ANYWHERE
    )
    setup.add(MessageHandler(NEW & filters.COMMAND, unknown_command))
    setup.add(MessageHandler(NEW & filters.ChatType.PRIVATE & ~filters.COMMAND, free_text))
    setup.add(MessageHandler(EDITED, edited))
    setup.add(CallbackQueryHandler(stale_button))
    setup.application.add_error_handler(on_error)
