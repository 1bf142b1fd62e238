"""What the working-group handlers share: refusals, dates, posts in a group's chat.

Messages to many members go through the broadcast outbox (`bot.outbox.notices.send_to_each`).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from datetime import datetime

from telegram import Bot, Update
from telegram.error import TelegramError

from bot import groups
from bot.context import BotContext, Services
from bot.groups import GroupView, Refusal
from bot.i18n import _, use_locale
from handlers.kit.replies import reply

logger = logging.getLogger(__name__)

CALLBACK_PREFIX = "wg:"


def refusal_text(reason: Refusal) -> str:
    """A refusal in the current language."""
    texts = {
        Refusal.NOT_FOUND: _("There is no such working group. Send /groups for the list."),
        Refusal.NAME_TAKEN: _("A working group with this name already exists."),
        Refusal.ALREADY_MEMBER: _("You are already in this working group."),
        Refusal.NOT_MEMBER: _("This is only for members of the working group."),
        Refusal.CHAT_TAKEN: _("This chat is already linked to another working group."),
        Refusal.HAS_COORDINATOR: _("This group already has a coordinator."),
        Refusal.ELECTION_RUNNING: _("An election is already under way in this group."),
        Refusal.PHASE_OVER: _("This stage of the election is over."),
        Refusal.NOT_CANDIDATE: _("This button is no longer active."),
    }
    return texts[reason]


async def refuse(update: Update, reason: Refusal) -> None:
    """Answer a refusal as a toast for a button, as a message otherwise."""
    if update.callback_query is not None:
        await update.callback_query.answer(refusal_text(reason), show_alert=True)
    else:
        await reply(update, refusal_text(reason))


def argument_text(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


async def named_group(update: Update, context: BotContext, question: str) -> GroupView | None:
    """The group the command names; None when it names none (`question` is the answer) or an
    unknown one (refused)."""
    name = argument_text(context)
    if not name:
        await reply(update, question)
        return None
    group = await groups.find_group(context.services.db, name)
    if group is None:
        await refuse(update, Refusal.NOT_FOUND)
    return group


def moment(context: BotContext, when: datetime) -> str:
    """A moment in the community's time zone, as people read it."""
    defaults = context.bot.defaults
    zone = defaults.tzinfo if defaults else None
    return f"{when.astimezone(zone):%d.%m.%Y %H:%M}"


async def post_to_chat(bot: Bot, chat_id: int | None, text: str) -> bool:
    """Post in a group chat (in the community's language); False when it is not possible."""
    if chat_id is None:
        return False
    try:
        await bot.send_message(chat_id, text)
    except TelegramError as error:
        logger.warning("post to group chat failed: %s", error)
        return False
    return True


def in_community_locale(services: Services) -> AbstractContextManager[None]:
    """Group chats hear the community's language."""
    return use_locale(services.settings.default_locale)
