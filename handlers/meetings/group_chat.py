"""Meetings from a working group's chat: its coordinator sends /newmeeting (or /meeting) there,
gets a short answer in the chat and continues privately, the group chosen as the audience."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import filters

from bot.context import BotContext
from bot.i18n import _
from handlers.groups import coordinator_group
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from handlers.meetings.buttons import GROUP_START
from models import PersonStatus


async def from_group_chat(update: Update, context: BotContext) -> None:
    """The coordinator of the chat's group (a chat admin, as for every coordinator command) is
    sent a private button; anyone else is refused."""
    group = await coordinator_group(update, context)
    if group is None:
        return
    person = context.me
    button = InlineKeyboardButton(
        _("New meeting of «{group}»").format(group=group.name),
        callback_data=GROUP_START(group.id),
    )
    try:
        await context.bot.send_message(
            person.telegram_id,
            _("Press the button to create a meeting of «{group}» here.").format(group=group.name),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
    except Forbidden:
        await context.services.people.set_status(person.telegram_id, PersonStatus.UNREACHABLE)
        await reply(
            update, _("I cannot write to you: open a private chat with me and press Start.")
        )
        return
    except TelegramError:
        await reply(update, _("I could not write to you just now; please try again later."))
        return
    await reply(update, _("I have written to you privately to set up the meeting."))


def register(setup: Setup) -> None:
    """Only in group chats; in private chats /newmeeting and /meeting are the dialogues'."""
    in_groups = filters.ChatType.GROUPS
    setup.command("newmeeting", from_group_chat, None, filters=in_groups)
    bare = filters.Regex(r"^/meeting(@\w+)?\s*$")  # /meeting <number> is not for groups
    setup.command("meeting", from_group_chat, None, filters=in_groups & bare)
