"""/setreviewchat and /setcommunitychat: an organiser runs them inside that chat."""

from __future__ import annotations

from telegram import ChatMemberAdministrator, ChatMemberOwner, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import BotContext
from bot.i18n import _
from bot.membership.chats import COMMUNITY_CHAT, REVIEW_CHAT
from handlers.kit.replies import reply


async def _set_chat(update: Update, context: BotContext, name: str, done: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        await reply(update, _("Run this command inside the group it is meant for."))
        return
    await context.services.membership.chats.set(name, chat.id, actor_id=context.me.id)
    await reply(update, done)


async def set_review_chat(update: Update, context: BotContext) -> None:
    """This chat receives the application cards from now on."""
    await _set_chat(
        update,
        context,
        REVIEW_CHAT,
        _("This chat now receives new applications for review."),
    )


async def set_community_chat(update: Update, context: BotContext) -> None:
    """This chat is the community chat: the bot admits members' join requests."""
    done = _(
        "This chat is now the community chat. Members who ask to join are admitted; "
        "others are invited to apply."
    )
    if not await _bot_can_invite(update, context):
        done += "\n\n" + _(
            "Make the bot an administrator with the right to invite users: until then it "
            "cannot admit anyone or make invitation links."
        )
    await _set_chat(update, context, COMMUNITY_CHAT, done)


async def _bot_can_invite(update: Update, context: BotContext) -> bool:
    chat = update.effective_chat
    assert chat is not None
    try:
        member = await chat.get_member(context.bot.id)
    except TelegramError:
        return False
    if isinstance(member, ChatMemberOwner):
        return True
    return isinstance(member, ChatMemberAdministrator) and bool(member.can_invite_users)
