"""/setrole, /promote, /demote and /revoke (organisers), and the community chat: members'
join requests are approved, everyone else's declined with a link to apply; a revoked member
is removed."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot import membership
from bot.context import BotContext
from bot.core.people import PersonView
from bot.i18n import _, use_locale
from handlers.groups import leave_all_groups
from handlers.kit.replies import reply, require_role, role_name
from handlers.membership.notify import locale_of_chat, send
from models import Role

logger = logging.getLogger(__name__)

ASSIGNABLE = (Role.MEMBER, Role.COORDINATOR, Role.ORGANISER)


def _role_from(text: str) -> Role | None:
    """A role by its code (member) or its name in the current language (участник)."""
    wanted = text.strip().lower()
    return next(
        (role for role in ASSIGNABLE if wanted in (role.value, role_name(role).lower())), None
    )


async def _target(update: Update, context: BotContext, reference: str) -> PersonView | None:
    person = await membership.find_person(context.services.db, reference)
    if person is None:
        await reply(
            update,
            _("Nobody known to the bot matches {who}. Use @username or a Telegram id.").format(
                who=reference
            ),
        )
        return None
    if person.telegram_id == context.me.telegram_id:
        await reply(update, _("You cannot change your own role."))
        return None
    return person


@require_role(Role.ORGANISER)
async def set_role(update: Update, context: BotContext) -> None:
    """/setrole @username role: member, coordinator or organiser (audited)."""
    args = context.args or []
    role = _role_from(args[1]) if len(args) == 2 else None
    if role is None:
        names = ", ".join(role_name(candidate) for candidate in ASSIGNABLE)
        await reply(update, _("Usage: /setrole @username role ({roles}).").format(roles=names))
        return
    person = await _target(update, context, args[0])
    if person is not None:
        await _give_role(update, context, person, role)


@require_role(Role.ORGANISER)
async def promote(update: Update, context: BotContext) -> None:
    """/promote @username: one step up, member → coordinator → organiser (audited)."""
    await _step_role(update, context, +1)


@require_role(Role.ORGANISER)
async def demote(update: Update, context: BotContext) -> None:
    """/demote @username: one step down, organiser → coordinator → member (audited)."""
    await _step_role(update, context, -1)


async def _step_role(update: Update, context: BotContext, step: int) -> None:
    args = context.args or []
    command = "/promote" if step > 0 else "/demote"
    if len(args) != 1:
        await reply(update, _("Usage: {command} @username.").format(command=command))
        return
    person = await _target(update, context, args[0])
    if person is None:
        return
    if person.role not in ASSIGNABLE:
        await reply(
            update,
            _("{name} is not a member yet: applications are decided in the review.").format(
                name=person.display_name
            ),
        )
        return
    position = ASSIGNABLE.index(person.role) + step
    if not 0 <= position < len(ASSIGNABLE):
        text = (
            _("{name} is already an organiser.")
            if step > 0
            else _("{name} is a member; /revoke ends a membership.")
        )
        await reply(update, text.format(name=person.display_name))
        return
    await _give_role(update, context, person, ASSIGNABLE[position])


async def _give_role(update: Update, context: BotContext, person: PersonView, role: Role) -> None:
    """Change the role (audited, menu refreshed), tell the organiser and the person."""
    changed = await context.services.people.set_role(
        actor=context.me, telegram_id=person.telegram_id, role=role
    )
    await reply(
        update,
        _("{name} is now: {role}.").format(name=changed.display_name, role=role_name(role)),
    )
    with use_locale(await locale_of_chat(context, changed.telegram_id)):
        text = _("Your role in the community is now: {role}.").format(role=role_name(role))
    await send(context, changed.telegram_id, text)


@require_role(Role.ORGANISER)
async def revoke(update: Update, context: BotContext) -> None:
    """/revoke @username reason: the person is no longer a member and leaves the chat."""
    args = context.args or []
    if len(args) < 2:
        await reply(update, _("Usage: /revoke @username reason."))
        return
    person = await _target(update, context, args[0])
    if person is None:
        return
    if not person.role.at_least(Role.MEMBER):
        await reply(update, _("{name} is not a member.").format(name=person.display_name))
        return
    reason = " ".join(args[1:])[:500]
    await context.services.people.set_role(
        actor=context.me, telegram_id=person.telegram_id, role=Role.APPLICANT
    )
    await membership.record_action(
        context.services.db,
        actor_id=context.me.id,
        action="membership.revoke",
        person_id=person.id,
        reason=reason,
    )
    await remove_from_community_chat(context, person.telegram_id)
    await leave_all_groups(context, person)
    await reply(update, _("{name} is no longer a member.").format(name=person.display_name))
    with use_locale(await locale_of_chat(context, person.telegram_id)):
        text = _("Your membership of the community has been revoked. Reason: {reason}").format(
            reason=reason
        )
    await send(context, person.telegram_id, text)


async def remove_from_community_chat(context: BotContext, telegram_id: int) -> None:
    """Ban and unban at once: removed now, free to ask again if admitted again."""
    chat_id = await membership.chat_setting(context.services.db, membership.COMMUNITY_CHAT)
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
    chat_id = await membership.chat_setting(context.services.db, membership.COMMUNITY_CHAT)
    if request.chat.id != chat_id:
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
