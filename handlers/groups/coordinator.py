"""Coordinator commands in a group's chat: /members, /announce_group, /remove, /pin (and
/task, in `handlers.groups.tasks`).

Only the group's coordinator (from the database) who is also an admin of the chat (from
Telegram) may use them. An anonymous admin (the message comes from the chat itself) is
refused: Telegram does not say which admin it is, so the database check of the coordinator
cannot be made, and letting every admin act as the coordinator would bypass the election.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import typed
from bot.groups import GroupView
from bot.groups.membership import REASON_LIMIT
from bot.groups.refusals import ANONYMOUS_ADMIN, NOT_COORDINATOR, NOT_LINKED, PRIVATE_CHAT
from bot.groups.views import is_member_ref
from bot.i18n import _, ngettext
from bot.outbox import notices
from bot.outbox.content import Draft
from bot.outbox.notices import send_to_each, tell
from handlers.groups.chats import IN_CHAT, remove_from_chat
from handlers.kit.pages import send_parts
from handlers.kit.replies import refuse, reply
from models import Role

logger = logging.getLogger(__name__)

SHORT_LIST = 10  # longer lists go to the coordinator privately
HEADER_MARGIN = 20  # the header in another language may be this much longer


async def coordinated_group(update: Update, context: BotContext) -> GroupView:
    """The chat's group when the sender is its coordinator and a chat admin; else `Refused`."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        raise Refused(PRIVATE_CHAT)
    group = await context.services.groups.chats.by_chat(chat.id)
    if group is None:
        raise Refused(NOT_LINKED)
    if message.sender_chat is not None:
        raise Refused(ANONYMOUS_ADMIN)
    person = context.person
    if person is None or group.coordinator_id != person.id:
        raise Refused(NOT_COORDINATOR)
    if not person.role.at_least(Role.MEMBER):  # a coordinator's powers end with her membership
        raise Refused(NOT_COORDINATOR)
    member = await context.bot.get_chat_member(chat.id, person.telegram_id)
    if member.status not in (ChatMember.OWNER, ChatMember.ADMINISTRATOR):
        raise Refused(NOT_COORDINATOR)
    return group


async def coordinator_group(update: Update, context: BotContext) -> GroupView | None:
    """`coordinated_group` for other features' commands in a group's chat (meetings): the
    refusal answered, None."""
    try:
        return await coordinated_group(update, context)
    except Refused as error:
        await refuse(update, error)
        return None


async def short_or_private(
    update: Update, context: BotContext, summary: str, lines: list[str]
) -> None:
    """A short answer in the chat; a long list goes to the coordinator privately."""
    if len(lines) <= SHORT_LIST:
        await reply(update, "\n".join([summary, *lines]))
        return
    try:
        await send_parts(context.bot, context.me.telegram_id, "\n".join([summary, *lines]))
    except Forbidden:
        await reply(
            update, summary + "\n" + _("Start a private chat with me so I can send you the list.")
        )
        return
    await reply(update, summary + "\n" + _("The full list is in your private chat with me."))


async def _in_chat(
    context: BotContext, chat_id: int, person: PersonView, known: bool | None
) -> bool:
    """Known from chat_member updates, or asked from Telegram once and remembered."""
    if known is not None:
        return known
    try:
        member = await context.bot.get_chat_member(chat_id, person.telegram_id)
    except TelegramError:
        return False
    present = member.status in IN_CHAT
    await context.services.groups.chats.record_presence(
        chat_id=chat_id, telegram_id=person.telegram_id, in_chat=present
    )
    return present


async def show_members(update: Update, context: BotContext) -> None:
    """/members: the group's members, and whether each is in this chat."""
    group = await coordinated_group(update, context)
    if group.chat_id is None:
        return
    rows = await context.services.groups.chats.presence(group.id)
    people = [person for person, _known in rows]
    present = [await _in_chat(context, group.chat_id, person, known) for person, known in rows]
    lines = [  # the number names people without a username in /remove and /appoint
        ("✅ " if here else "❌ ") + f"#{person.id} {person.display_name}"
        for person, here in zip(people, present, strict=True)
    ]
    summary = ngettext(
        "«{group}»: {n} member, {here} in this chat.",
        "«{group}»: {n} members, {here} in this chat.",
        len(people),
        group=group.name,
        here=sum(present),
    )
    await short_or_private(update, context, summary, lines)


async def announce(update: Update, context: BotContext) -> None:
    """/announce_group <text>, or /announce_group in reply to a message (a text, a photo or a
    document): to every member of the group privately, formatting kept."""
    group = await coordinated_group(update, context)
    message = update.effective_message
    assert message is not None
    source = message.reply_to_message if not context.args else None
    draft = notices.draft_of(source) if source else notices.draft_of(message)
    if draft is not None and source is None:
        draft = draft.after_command()
    if draft is None or not (draft.text.strip() or draft.media_kind):
        await reply(
            update,
            _(
                "Send /announce_group and the text of the announcement, or send /announce_group "
                "in reply to a message (a text, a photo or a document) to announce it."
            ),
        )
        return
    content = draft

    def headed() -> Draft:
        """Under a header in the current language (each member's, when it is sent)."""
        return content.headed(_("From the coordinator of «{group}»:").format(group=group.name))

    if headed().room() < HEADER_MARGIN:
        await reply(update, _("The announcement is too long for Telegram; please shorten it."))
        return
    recipients = [
        person
        for person in await context.services.groups.members(group.id)
        if person.id != context.me.id
    ]
    queued = await send_to_each(
        context.community,
        kind="group_announce",
        people=recipients,
        render=lambda _label: headed().to_dict(),
        progress_chat_id=context.me.telegram_id,
    )
    answer = ngettext(
        "Sending to {n} member; I will tell you privately how the delivery goes.",
        "Sending to {n} members; I will tell you privately how the delivery goes.",
        queued,
    )
    if not queued:
        answer = _("The group has no other members I can write to.")
    await reply(update, answer)


async def remove_member(update: Update, context: BotContext) -> None:
    """/remove @member <reason>: out of the group and its chat; they are told why."""
    group = await coordinated_group(update, context)
    args = context.args or []
    if len(args) < 2 or not is_member_ref(args[0]):
        await reply(
            update,
            _(
                "Send /remove, the member's @username or number from /members, and the reason "
                "(up to {n} characters), e.g. /remove #12 did not take part."
            ).format(n=REASON_LIMIT),
        )
        return
    reason = typed(" ".join(args[1:]), REASON_LIMIT)
    _group, person = await context.services.groups.membership.remove(
        actor_id=context.me.id, group_id=group.id, who=args[0], reason=reason
    )
    await remove_from_chat(context, group.chat_id, person.telegram_id)
    await tell(
        context.community,
        person,
        lambda: (
            _("You were removed from «{group}». Reason: {reason}").format(
                group=group.name, reason=reason
            ),
            None,
        ),
    )
    await reply(update, _("{name} was removed from the group.").format(name=person.display_name))


async def pin(update: Update, context: BotContext) -> None:
    """/pin in reply to a message."""
    await coordinated_group(update, context)
    message = update.effective_message
    assert message is not None
    if message.reply_to_message is None:
        await reply(update, _("Reply with /pin to the message you want to pin."))
        return
    try:
        await context.bot.pin_chat_message(message.chat_id, message.reply_to_message.message_id)
    except TelegramError as error:
        logger.warning("pin failed: %s", error)
        await reply(update, _("I could not pin it: I need the admin right to pin messages."))
