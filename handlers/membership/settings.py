"""/setreviewchat and /setcommunitychat: an organiser runs them inside that chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot import membership
from bot.context import BotContext
from bot.i18n import _
from handlers.common import reply, require_role
from models import Role


async def _set_chat(update: Update, context: BotContext, name: str, done: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        await reply(update, _("Run this command inside the group it is meant for."))
        return
    await membership.set_chat_setting(context.services.db, name, chat.id, actor_id=context.me.id)
    await reply(update, done)


@require_role(Role.ORGANISER)
async def set_review_chat(update: Update, context: BotContext) -> None:
    """This chat receives the application cards from now on."""
    await _set_chat(
        update,
        context,
        membership.REVIEW_CHAT,
        _("This chat now receives new applications for review."),
    )


@require_role(Role.ORGANISER)
async def set_community_chat(update: Update, context: BotContext) -> None:
    """This chat is the community chat: the bot admits members' join requests."""
    await _set_chat(
        update,
        context,
        membership.COMMUNITY_CHAT,
        _(
            "This chat is now the community chat. Members who ask to join are admitted; "
            "others are invited to apply. The bot must be an administrator here."
        ),
    )
