"""/mydata: everything kept about me, as a file; /deleteme: withdraw consent and destroy it."""

from __future__ import annotations

import json
from contextlib import suppress

from telegram import (
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.error import TelegramError

from bot import personal_data
from bot.context import BotContext
from bot.i18n import _
from handlers.kit.replies import reply
from handlers.membership.buttons import DELETE
from handlers.membership.ending import end_membership
from handlers.membership.roles import remove_from_community_chat
from models import Role


async def my_data(update: Update, context: BotContext) -> None:
    """A JSON file with every record about the person."""
    data = await personal_data.export(context.services.db, context.me.id)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(content, filename="my-data.json"),
        caption=_("Everything the bot keeps about you. Send /deleteme to delete it."),
    )


async def delete_me(update: Update, context: BotContext) -> None:
    """Ask before destroying anything."""
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("Yes, delete my data"), callback_data=DELETE("yes"))],
            [InlineKeyboardButton(_("No, keep them"), callback_data=DELETE("no"))],
        ]
    )
    await reply(
        update,
        _(
            "This withdraws your consent to the processing of personal data: your profile, "
            "applications, contacts, groups, questions, comments and reasons are destroyed, "
            "and a membership ends. Votes, ratings and decisions stay as anonymous counts, "
            "without your name. Delete?"
        ),
        reply_markup=keyboard,
    )


async def confirm_delete(update: Update, context: BotContext) -> None:
    """The person confirmed: destroy the data, leave the community chat."""
    query = update.callback_query
    assert query is not None
    (choice,) = DELETE.decode(query.data)
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if choice == "no":
        if message is not None:
            await message.edit_text(_("Nothing was deleted."))
        return
    person = context.me
    services = context.services
    await end_membership(context, person)
    await personal_data.erase(services.db, person.id)
    services.people.forget(person.telegram_id)
    context.community.drop_user_data(person.telegram_id)
    context.community.drop_chat_data(person.telegram_id)
    context.person = None
    if person.role.at_least(Role.MEMBER):
        await remove_from_community_chat(context, person.telegram_id)
    with suppress(TelegramError):  # back to the newcomers' menu
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(person.telegram_id))
    if message is not None:
        await message.edit_text(
            _("Your personal data have been deleted. Thank you for having been with us.")
        )
