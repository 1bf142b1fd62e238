"""The groups' Telegram chats: /linkchat in a group chat, invite links that need the bot's
approval, join requests (the group's members approved, others declined), who is in a chat
(chat member updates), and taking someone out of a chat."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import BotContext
from bot.core.errors import Refused
from bot.groups import GroupView
from bot.groups.chats import may_link_chat
from bot.groups.refusals import LINK_NOT_ALLOWED
from bot.i18n import _, ngettext
from bot.outbox.notices import Rendered, send_to_each
from handlers.groups.common import argument_text
from handlers.kit.replies import reply

logger = logging.getLogger(__name__)

IN_CHAT = {
    ChatMember.OWNER,
    ChatMember.ADMINISTRATOR,
    ChatMember.MEMBER,
    ChatMember.RESTRICTED,
}


async def invite_link(context: BotContext, group: GroupView) -> str | None:
    """The link to the group chat that needs the bot's approval (it approves members only):
    made once and kept, since every new link counts against the chat's own rate limit."""
    if group.chat_id is None:
        return None
    if group.invite_link is not None:
        return group.invite_link
    try:
        link = await context.bot.create_chat_invite_link(
            group.chat_id, name=f"wg{group.id}", creates_join_request=True
        )
    except TelegramError as error:
        logger.warning("no invite link for group %s: %s", group.id, error)
        return None
    await context.services.groups.chats.keep_invite_link(
        group_id=group.id, chat_id=group.chat_id, link=link.invite_link
    )
    return link.invite_link


def chat_link_line(link: str) -> str:
    return _("The group's chat: {link} — ask to join, and I will let you in.").format(link=link)


async def send_link_to_members(context: BotContext, group: GroupView, link: str) -> int:
    """Everyone already in the group gets the new chat's link (through the outbox, once
    each); how many will get it."""
    members = await context.services.groups.members(group.id)

    def render(_label: str) -> Rendered:
        heading = _("«{group}» now has a chat.").format(group=group.name)
        return f"{heading}\n{chat_link_line(link)}", None

    return await send_to_each(
        context.community, kind="group_chat_link", people=members, render=render
    )


async def remove_from_chat(context: BotContext, chat_id: int | None, telegram_id: int) -> None:
    """Take a person out of a group chat (a ban lifted at once, so they may come back)."""
    if chat_id is None:
        return
    try:
        member = await context.bot.get_chat_member(chat_id, telegram_id)
        if member.status in (ChatMember.MEMBER, ChatMember.RESTRICTED):
            await context.bot.ban_chat_member(chat_id, telegram_id)
            await context.bot.unban_chat_member(chat_id, telegram_id, only_if_banned=True)
    except TelegramError as error:
        logger.warning("could not remove a person from a group chat: %s", error)


async def link_chat(update: Update, context: BotContext) -> None:
    """/linkchat <group> in a Telegram group: by an organiser or that group's coordinator,
    and only where the bot is an admin that may invite people."""
    chat = update.effective_chat
    message = update.effective_message
    assert chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        await reply(update, _("Send /linkchat inside the group chat you want to link."))
        return
    if message.sender_chat is not None:
        await reply(update, _("I can't tell who is writing anonymously; turn off anonymity first."))
        return
    chats = context.services.groups.chats
    group = await context.services.groups.find(argument_text(context))
    if group is None:
        await reply(update, _("Send /linkchat and the group's name or number."))
        return
    if not may_link_chat(context.person, group):  # before asking Telegram about the bot
        raise Refused(LINK_NOT_ALLOWED)
    me = await context.bot.get_chat_member(chat.id, context.bot.id)
    if me.status != ChatMember.ADMINISTRATOR or not getattr(me, "can_invite_users", False):
        await reply(
            update,
            _(
                "I am not an admin of this chat. Make me an admin with the right to invite "
                "users, then send /linkchat again."
            ),
        )
        return
    linked = await chats.link(actor=context.me, group_id=group.id, chat_id=chat.id)
    link = await invite_link(context, linked)
    newly = group.chat_id != chat.id  # linking the same chat again tells nobody again
    told = await send_link_to_members(context, linked, link) if link and newly else 0
    done = _("This chat is now the chat of «{group}».").format(group=group.name)
    if told:
        done += "\n" + ngettext(
            "I am sending its link to {n} member of the group.",
            "I am sending its link to {n} members of the group.",
            told,
        )
    await reply(update, done)


async def join_request(update: Update, context: BotContext) -> None:
    """Approve a group member's request to join the group's chat; decline anyone else.
    Chats that are not a group's chat belong to other features: left alone."""
    request = update.chat_join_request
    assert request is not None
    chats = context.services.groups.chats
    admitted = await chats.admits(request.chat.id, context.person)
    if admitted is None:
        return
    try:
        if admitted:
            await request.approve()
        else:
            await request.decline()
    except TelegramError as error:  # e.g. the request expired or was handled by an admin
        logger.warning("join request to a group chat not answered: %s", error)
        return
    if admitted:
        await chats.record_presence(
            chat_id=request.chat.id, telegram_id=request.from_user.id, in_chat=True
        )


async def chat_member_changed(update: Update, context: BotContext) -> None:
    """Someone joined or left a chat: remembered for /members when it is a group's chat."""
    change = update.chat_member
    assert change is not None
    await context.services.groups.chats.record_presence(
        chat_id=change.chat.id,
        telegram_id=change.new_chat_member.user.id,
        in_chat=change.new_chat_member.status in IN_CHAT,
    )
