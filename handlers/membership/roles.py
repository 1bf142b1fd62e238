"""/setrole, /promote, /demote and /revoke (organisers), and the community chat: members'
join requests are approved, everyone else's declined with a link to apply; a revoked member
is removed."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.core.people import PersonView
from bot.core.text import typed
from bot.i18n import _, use_locale
from bot.membership.roles import ASSIGNABLE
from handlers.kit.replies import reply, role_name
from handlers.membership.ending import tell_ended
from handlers.membership.notify import locale_of_chat, send
from models import Role

logger = logging.getLogger(__name__)


def _role_from(text: str) -> Role | None:
    """A role by its code (member) or its name in the current language (участник)."""
    wanted = text.strip().lower()
    return next(
        (role for role in ASSIGNABLE if wanted in (role.value, role_name(role).lower())), None
    )


async def _tell(context: BotContext, person: PersonView, render: Callable[[], str]) -> None:
    """A message to the person concerned, rendered in their language."""
    with use_locale(await locale_of_chat(context, person.telegram_id)):
        text = render()
    await send(context, person.telegram_id, text)


async def set_role(update: Update, context: BotContext) -> None:
    """/setrole @username role: member, coordinator or organiser (audited)."""
    args = context.args or []
    role = _role_from(args[1]) if len(args) == 2 else None
    if role is None:
        names = ", ".join(role_name(candidate) for candidate in ASSIGNABLE)
        await reply(update, _("Usage: /setrole @username role ({roles}).").format(roles=names))
        return
    changed = await context.services.membership.roles.set_role(context.me, args[0], role)
    await _role_given(update, context, changed)


async def promote(update: Update, context: BotContext) -> None:
    """/promote @username: one step up, member → coordinator → organiser (audited)."""
    await _step_role(update, context, +1)


async def demote(update: Update, context: BotContext) -> None:
    """/demote @username: one step down, organiser → coordinator → member (audited)."""
    await _step_role(update, context, -1)


async def _step_role(update: Update, context: BotContext, step: int) -> None:
    args = context.args or []
    if len(args) != 1:
        command = "/promote" if step > 0 else "/demote"
        await reply(update, _("Usage: {command} @username.").format(command=command))
        return
    changed = await context.services.membership.roles.step(context.me, args[0], step)
    await _role_given(update, context, changed)


async def _role_given(update: Update, context: BotContext, changed: PersonView) -> None:
    """Tell the organiser and the person."""
    await reply(
        update,
        _("{name} is now: {role}.").format(name=changed.display_name, role=role_name(changed.role)),
    )
    await _tell(
        context,
        changed,
        lambda: _("Your role in the community is now: {role}.").format(
            role=role_name(changed.role)
        ),
    )


async def revoke(update: Update, context: BotContext) -> None:
    """/revoke @username reason: the person is no longer a member and leaves the chat; what
    they could do as a member ends, and the people concerned are told."""
    args = context.args or []
    if len(args) < 2:
        await reply(update, _("Usage: /revoke @username reason."))
        return
    reason = typed(" ".join(args[1:]), 500)  # over 500 characters: refused, not cut
    ended = await context.services.membership.roles.revoke(context.me, args[0], reason)
    person = ended.person
    await remove_from_community_chat(context, person.telegram_id)
    await tell_ended(context, ended)
    await reply(update, _("{name} is no longer a member.").format(name=person.display_name))
    await _tell(
        context,
        person,
        lambda: _("Your membership of the community has been revoked. Reason: {reason}").format(
            reason=reason
        ),
    )


async def remove_from_community_chat(context: BotContext, telegram_id: int) -> None:
    """Ban and unban at once: removed now, free to ask again if admitted again."""
    chat_id = await context.services.membership.chats.community_chat()
    if chat_id is None:
        return
    try:
        await context.bot.ban_chat_member(chat_id, telegram_id)
        await context.bot.unban_chat_member(chat_id, telegram_id, only_if_banned=True)
    except TelegramError as error:
        logger.warning("could not remove a person from the community chat: %s", error)


async def join_request(update: Update, context: BotContext) -> None:
    """A request to join the community chat: members are let in, others invited to apply.
    Requests to other chats are not ours (working groups handle theirs)."""
    request = update.chat_join_request
    assert request is not None
    if request.chat.id != await context.services.membership.chats.community_chat():
        return
    if context.person is not None and context.person.role.at_least(Role.MEMBER):
        await request.approve()
        return
    await request.decline()
    link = f"https://t.me/{context.bot.username}?start=apply"
    text = _(
        "The community chat is for members. To become one, fill in the questionnaire: {link}"
    ).format(link=link)
    await send(context, request.user_chat_id, text)
