"""/mydata: everything kept about me, as a summary in words and a file; /deleteme: withdraw
consent and destroy it."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any

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
from bot.core.personal import Named, Section
from bot.core.text import MESSAGE, length, shorten
from bot.i18n import _, current_locale
from handlers.kit.replies import reply
from handlers.membership.buttons import DELETE
from handlers.membership.ending import end_membership
from handlers.membership.roles import remove_from_community_chat
from models import Role

Kept = list[tuple[str, list[Section]]]  # what `personal_data.export` gives
HEADLINE_LENGTH = 40
HEADLINES = 3  # records named in a section's line of the summary


def _shown(value: Any) -> Any:
    """A value as the reader sees it (a name stored in both languages, in theirs)."""
    if isinstance(value, Named):
        return value.ru if current_locale() == "ru" else value.en
    return value


def _document(export: Kept) -> dict[str, Any]:
    """The file: features, sections and fields in words, in the reader's language."""
    return {
        _(title): {
            _(section.title): [
                {_(key): _shown(value) for key, value in record.items()}
                for record in section.records
            ]
            for section in sections
        }
        for title, sections in export
    }


def _headlines(section: Section) -> str:
    """« The first records » of a section, for its line in the summary."""
    key = section.headline
    names = [
        str(_shown(record[key]))
        for record in section.records[:HEADLINES]
        if key and record.get(key)
    ]
    if not names:
        return ""
    more = "; …" if len(section.records) > len(names) else ""
    return " — " + "; ".join(f"«{shorten(name, HEADLINE_LENGTH)}»" for name in names) + more


def _summary(export: Kept, *, headlines: bool) -> str:
    parts = [_("What the bot keeps about you (the file has all of it):")]
    for title, sections in export:
        lines = [
            f"• {_(section.title)}: {len(section.records)}"
            + (_headlines(section) if headlines else "")
            for section in sections
            if section.records
        ]
        if lines:
            parts.append("\n".join([_(title), *lines]))
    parts.append(_("Send /deleteme to delete your data."))
    return "\n\n".join(parts)


def summary(export: Kept) -> str:
    """What is kept, feature by feature: each section that has records, with how many and,
    when one message holds it, what the first ones are (the file has everything)."""
    text = _summary(export, headlines=True)
    return text if length(text) <= MESSAGE else _summary(export, headlines=False)


async def my_data(update: Update, context: BotContext) -> None:
    """A summary in words, then a JSON file with every record about the person."""
    export = await personal_data.export(context.services.db, context.me.id)
    await reply(update, summary(export))
    content = json.dumps(_document(export), ensure_ascii=False, indent=2).encode()
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
