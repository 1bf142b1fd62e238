"""What the working-group handlers share: a group in a list, command arguments, dates, posts
in a group's chat.

Messages to many members go through the broadcast outbox (`bot.outbox.notices.send_to_each`).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from datetime import datetime

from telegram import Bot
from telegram.error import TelegramError

from bot.context import BotContext
from bot.groups import GroupView
from bot.i18n import _, ngettext, use_locale
from bot.services import Services
from handlers.kit.pages import send_parts

logger = logging.getLogger(__name__)


def describe(group: GroupView) -> str:
    """One group in a list: name, purpose, size and coordinator."""
    size = ngettext("{n} member", "{n} members", group.size)
    if group.coordinator_name is None:
        coordinator = _("no coordinator yet")
    elif group.acting:
        coordinator = _("acting coordinator: {name}").format(name=group.coordinator_name)
    else:
        coordinator = _("coordinator: {name}").format(name=group.coordinator_name)
    return f"«{group.name}» — {group.purpose}\n{size}, {coordinator}"


def argument_text(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


def moment(context: BotContext, when: datetime) -> str:
    """A moment in the community's time zone, as people read it."""
    defaults = context.bot.defaults
    zone = defaults.tzinfo if defaults else None
    return f"{when.astimezone(zone):%d.%m.%Y %H:%M}"


async def post_to_chat(bot: Bot, chat_id: int | None, text: str) -> bool:
    """Post in a group chat (in the community's language; a long text in parts); False when
    it is not possible."""
    if chat_id is None:
        return False
    try:
        await send_parts(bot, chat_id, text)
    except TelegramError as error:
        logger.warning("post to group chat failed: %s", error)
        return False
    return True


def in_community_locale(services: Services) -> AbstractContextManager[None]:
    """Group chats hear the community's language."""
    return use_locale(services.settings.default_locale)
