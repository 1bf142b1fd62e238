"""What the working-group handlers share: refusals, dates, and private delivery to members.

`send_privately` is the one place that sends a message to many members; it is meant to be
replaced by the broadcasts outbox when that feature lands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError

from bot import groups
from bot.context import BotContext, Services
from bot.groups import GroupView, Refusal
from bot.i18n import _, resolve_locale, use_locale
from bot.people import PersonView
from handlers.common import reply
from models import PersonStatus

logger = logging.getLogger(__name__)

CALLBACK_PREFIX = "wg:"
Rendered = tuple[str, InlineKeyboardMarkup | None]


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


def locale_of(services: Services, person: PersonView) -> str:
    return resolve_locale(person.language, None, services.settings.default_locale)


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int


async def send_privately(
    bot: Bot,
    services: Services,
    recipients: Sequence[PersonView],
    render: Callable[[PersonView], Rendered],
) -> Delivery:
    """Send each recipient a message rendered in their language; count who was reached.

    A 403 marks the person unreachable; a 429 is retried by the rate limiter.
    """
    sent = failed = 0
    for person in recipients:
        with use_locale(locale_of(services, person)):
            text, markup = render(person)
        try:
            await bot.send_message(person.telegram_id, text, reply_markup=markup)
            sent += 1
        except Forbidden:
            await services.people.set_status(person.telegram_id, PersonStatus.UNREACHABLE)
            failed += 1
        except TelegramError as error:
            logger.warning("private message to person %s failed: %s", person.id, error)
            failed += 1
    return Delivery(sent, failed)


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
