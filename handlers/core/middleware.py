"""Runs before every other handler (group -1): who sent the update, and in which language
to answer; and notices when a person blocks or unblocks the bot."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot.context import BotContext
from bot.i18n import resolve_locale, set_locale
from handlers.kit.setup import Setup
from models import PersonStatus

DEDUPLICATE_GROUP = -2
IDENTIFY_GROUP = -1


async def drop_repeated(update: Update, context: BotContext) -> None:
    """Stop a repeated update before any handler sees it (even one seen before a restart)."""
    if not await context.services.recent_updates.first_time(update.update_id):
        raise ApplicationHandlerStop


async def identify(update: Update, context: BotContext) -> None:
    """Load (or create) the person and set the language of everything said in reply."""
    services = context.services
    user = update.effective_user
    if user is None or user.is_bot:
        context.locale = services.settings.default_locale
        set_locale(context.locale)
        return
    person = await services.people.identify(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
    )
    context.person = person
    context.locale = resolve_locale(
        person.language, user.language_code, services.settings.default_locale
    )
    set_locale(context.locale)


async def private_chat_membership(update: Update, context: BotContext) -> None:
    """The person blocked the bot (kicked) or restarted it (member) in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    people = context.services.people
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await people.set_status(change.from_user.id, PersonStatus.UNREACHABLE)


def register(setup: Setup) -> None:
    setup.add(TypeHandler(Update, drop_repeated), group=DEDUPLICATE_GROUP)
    setup.add(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    setup.add(ChatMemberHandler(private_chat_membership, ChatMemberHandler.MY_CHAT_MEMBER))
