"""Runs before every other handler (group -1): who sent the update, and in which language
to answer; and notices when a person blocks or unblocks the bot."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
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
    """Load the person and set the language of everything said in reply. Only someone who
    has started the bot is stored: an update from their private chat with it (Telegram opens
    one only with /start) creates them; a group message, a poll answer, an inline query or a
    join request finds them only if they had, and leaves `context.person` None otherwise."""
    services = context.services
    user = update.effective_user
    if user is None or user.is_bot:
        context.locale = services.settings.default_locale
        set_locale(context.locale)
        return
    find = services.people.identify if has_started(update) else services.people.recognise
    person = await find(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
    )
    context.person = person
    context.locale = resolve_locale(
        person.language if person else None,
        user.language_code,
        services.settings.default_locale,
    )
    set_locale(context.locale)


LEAVING = (ChatMember.BANNED, ChatMember.LEFT)  # the bot blocked, in a private chat


def has_started(update: Update) -> bool:
    """Whether the update shows that its sender has started the bot: it comes from their
    private chat with it (Telegram opens one only with /start), and is not them blocking
    the bot (which anyone may do from the bot's profile without ever starting it)."""
    chat, change = update.effective_chat, update.my_chat_member
    if chat is None or chat.type != ChatType.PRIVATE:
        return False
    return change is None or change.new_chat_member.status not in LEAVING


async def private_chat_membership(update: Update, context: BotContext) -> None:
    """The person blocked the bot (kicked) or restarted it (member) in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    if change.new_chat_member.status in LEAVING:
        await context.services.people.set_status(change.from_user.id, PersonStatus.UNREACHABLE)


def register(setup: Setup) -> None:
    setup.add(TypeHandler(Update, drop_repeated), group=DEDUPLICATE_GROUP)
    setup.add(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    setup.add(ChatMemberHandler(private_chat_membership, ChatMemberHandler.MY_CHAT_MEMBER))
