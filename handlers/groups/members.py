"""Working groups: /groups, /join, /leave, /mygroups for members; /newgroup, /editgroup,
/archivegroup, /appoint for organisers; /linkchat in a group chat; and the group chats'
join requests (handler group 1: approve the group's members, decline others)."""

from __future__ import annotations

import logging
import re

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import groups
from bot.commands.catalogue import CommandCatalogue, CommandSpec, Where
from bot.context import BotContext
from bot.core.people import PersonView
from bot.groups import GroupRefused, GroupView, Refusal, elections
from bot.i18n import N_, _, ngettext
from handlers.groups import elections as election_handlers
from handlers.groups.common import CALLBACK_PREFIX, argument_text, named_group, refuse
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from models import Role

logger = logging.getLogger(__name__)

NAME, PURPOSE = range(2)
JOIN = re.compile(rf"^{CALLBACK_PREFIX}j:(\d+)$")
ASK_LEAVE = re.compile(rf"^{CALLBACK_PREFIX}lq:(\d+)$")
LEAVE = re.compile(rf"^{CALLBACK_PREFIX}l:(\d+)$")
STAY = f"{CALLBACK_PREFIX}stay"
GROUP_CHATS = 1  # the handler group of chat join requests and chat members
KEEP = "-"
IN_CHAT = {
    ChatMember.OWNER,
    ChatMember.ADMINISTRATOR,
    ChatMember.MEMBER,
    ChatMember.RESTRICTED,
}


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


# ----- members ---------------------------------------------------------------------------


@require_role(Role.MEMBER)
async def list_groups(update: Update, context: BotContext) -> None:
    """/groups: every active group, with a join button for those the person is not in."""
    db = context.services.db
    all_groups = await groups.list_groups(db)
    if not all_groups:
        await reply(update, _("There are no working groups yet."))
        return
    mine = {group.id for group in await groups.groups_of(db, context.me.id)}
    buttons = [
        [
            InlineKeyboardButton(
                _("Join «{group}»").format(group=group.name),
                callback_data=f"{CALLBACK_PREFIX}j:{group.id}",
            )
        ]
        for group in all_groups
        if group.id not in mine
    ]
    text = "\n\n".join([_("Working groups:")] + [describe(group) for group in all_groups])
    await reply(update, text, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)


async def _invite_link(context: BotContext, group: GroupView) -> str | None:
    """A link to the group chat that needs the bot's approval (it approves members only)."""
    if group.chat_id is None:
        return None
    try:
        link = await context.bot.create_chat_invite_link(
            group.chat_id, name=f"wg{group.id}", creates_join_request=True
        )
    except TelegramError as error:
        logger.warning("no invite link for group %s: %s", group.id, error)
        return None
    return link.invite_link


async def _join(update: Update, context: BotContext, group_id: int) -> None:
    try:
        group = await groups.join(context.services.db, group_id=group_id, person_id=context.me.id)
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    lines = [_("You have joined «{group}».").format(group=group.name)]
    link = await _invite_link(context, group)
    if link is not None:
        lines.append(
            _("The group's chat: {link} — ask to join, and I will let you in.").format(link=link)
        )
    elif group.chat_id is not None:
        lines.append(_("The chat link is not available right now; ask the coordinator."))
    await reply(update, "\n".join(lines))
    if elections.first_election_due(group):
        await election_handlers.start_by_bot(context, group.id)


@require_role(Role.MEMBER)
async def join_command(update: Update, context: BotContext) -> None:
    """/join <group>."""
    group = await named_group(
        update, context, _("Which group? Send /join and the group's name, or use /groups.")
    )
    if group is not None:
        await _join(update, context, group.id)


@require_role(Role.MEMBER)
async def join_button(update: Update, context: BotContext) -> None:
    """The join button under /groups (its id is checked again in the database)."""
    assert update.callback_query is not None and update.callback_query.data is not None
    match = JOIN.match(update.callback_query.data)
    assert match is not None
    await _join(update, context, int(match.group(1)))


def _leave_question(group: GroupView) -> tuple[str, InlineKeyboardMarkup]:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, leave"), callback_data=f"{CALLBACK_PREFIX}l:{group.id}"
                ),
                InlineKeyboardButton(_("No, stay"), callback_data=STAY),
            ]
        ]
    )
    text = _("Leave «{group}»? You will also be removed from its chat.").format(group=group.name)
    return text, keyboard


@require_role(Role.MEMBER)
async def leave_command(update: Update, context: BotContext) -> None:
    """/leave <group>: asks for confirmation; without a name offers the person's groups."""
    db = context.services.db
    name = argument_text(context)
    if not name:
        mine = await groups.groups_of(db, context.me.id)
        if not mine:
            await reply(update, _("You are not in any working group."))
            return
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(g.name, callback_data=f"{CALLBACK_PREFIX}lq:{g.id}")]
                for g in mine
            ]
        )
        await reply(update, _("Which group do you want to leave?"), reply_markup=keyboard)
        return
    group = await groups.find_group(db, name)
    if group is None:
        await refuse(update, Refusal.NOT_FOUND)
        return
    if not await groups.is_member(db, group.id, context.me.id):
        await reply(update, _("You are not in «{group}».").format(group=group.name))
        return
    text, keyboard = _leave_question(group)
    await reply(update, text, reply_markup=keyboard)


@require_role(Role.MEMBER)
async def ask_leave_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    match = ASK_LEAVE.match(query.data)
    assert match is not None
    group = await groups.get_group(context.services.db, int(match.group(1)))
    if group is None:
        await refuse(update, Refusal.NOT_FOUND)
        return
    await query.answer()
    text, keyboard = _leave_question(group)
    await query.edit_message_text(text, reply_markup=keyboard)


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


async def leave_all_groups(context: BotContext, person: PersonView) -> None:
    """Out of every group and group chat (membership revoked, or personal data erased); a
    group that loses its coordinator gets an election."""
    for group in await groups.groups_of(context.services.db, person.id):
        _left, was_coordinator = await groups.leave(
            context.services.db, group_id=group.id, person_id=person.id
        )
        await remove_from_chat(context, group.chat_id, person.telegram_id)
        if was_coordinator:
            await election_handlers.start_by_bot(context, group.id)


@require_role(Role.MEMBER)
async def confirm_leave(update: Update, context: BotContext) -> None:
    """ "Yes, leave": out of the group and its chat; a leaving coordinator means an election."""
    query = update.callback_query
    assert query is not None and query.data is not None
    match = LEAVE.match(query.data)
    assert match is not None
    try:
        group, was_coordinator = await groups.leave(
            context.services.db, group_id=int(match.group(1)), person_id=context.me.id
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    await query.answer()
    await query.edit_message_text(_("You have left «{group}».").format(group=group.name))
    await remove_from_chat(context, group.chat_id, context.me.telegram_id)
    if was_coordinator:
        await election_handlers.start_by_bot(context, group.id)


async def stay(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(_("You stay in the group."))


@require_role(Role.MEMBER)
async def my_groups(update: Update, context: BotContext) -> None:
    """/mygroups."""
    mine = await groups.groups_of(context.services.db, context.me.id)
    if not mine:
        await reply(update, _("You are not in any working group. See /groups."))
        return
    text = "\n\n".join([_("Your working groups:")] + [describe(group) for group in mine])
    await reply(update, text)


# ----- organisers ------------------------------------------------------------------------


@require_role(Role.ORGANISER)
async def new_group(update: Update, context: BotContext) -> int:
    """/newgroup: asks for the name, then the purpose."""
    assert context.user_data is not None
    context.user_data["wg_edit"] = 0
    await reply(update, _("The name of the new working group (up to 100 characters)?"))
    return NAME


@require_role(Role.ORGANISER)
async def edit_group(update: Update, context: BotContext) -> int:
    """/editgroup <group>: a new name and purpose ("-" keeps the old one)."""
    assert context.user_data is not None
    group = await groups.find_group(context.services.db, argument_text(context) or "")
    if group is None:
        await reply(update, _("Send /editgroup and the group's name or number."))
        return ConversationHandler.END
    context.user_data["wg_edit"] = group.id
    await reply(
        update,
        _("The new name of «{group}»? Send - to keep it.").format(group=group.name),
    )
    return NAME


async def take_name(update: Update, context: BotContext) -> int:
    assert update.message is not None and context.user_data is not None
    name = " ".join((update.message.text or "").split())
    editing = bool(context.user_data.get("wg_edit"))
    if editing and name == KEEP:
        context.user_data["wg_name"] = None
    elif not name or len(name) > groups.NAME_LIMIT:
        await reply(update, _("The name must be 1 to 100 characters. The name, please?"))
        return NAME
    else:
        context.user_data["wg_name"] = name
    await reply(
        update,
        _("The purpose of the group (up to 1000 characters)?")
        + (" " + _("Send - to keep it.") if editing else ""),
    )
    return PURPOSE


async def take_purpose(update: Update, context: BotContext) -> int:
    """Create or change the group; a taken name asks for the name again."""
    assert update.message is not None and context.user_data is not None
    purpose = (update.message.text or "").strip()
    group_id = int(context.user_data.get("wg_edit") or 0)
    if group_id and purpose == KEEP:
        purpose_value: str | None = None
    elif not purpose or len(purpose) > groups.PURPOSE_LIMIT:
        await reply(update, _("The purpose must be 1 to 1000 characters. The purpose, please?"))
        return PURPOSE
    else:
        purpose_value = purpose
    name = context.user_data.get("wg_name")
    db = context.services.db
    try:
        if group_id:
            group = await groups.edit_group(
                db, actor_id=context.me.id, group_id=group_id, name=name, purpose=purpose_value
            )
        else:
            group = await groups.create_group(
                db, actor_id=context.me.id, name=str(name), purpose=purpose
            )
    except GroupRefused as refusal:
        if refusal.reason is not Refusal.NAME_TAKEN:
            await refuse(update, refusal.reason)
            return _end_edit(context)
        await reply(update, _("A working group with this name already exists. Another name?"))
        return NAME
    _end_edit(context)
    await reply(
        update,
        (_("Group changed:") if group_id else _("Group created:"))
        + "\n"
        + describe(group)
        + "\n\n"
        + _("To link its chat, add me there as an admin and send /linkchat {id} in it.").format(
            id=group.id
        ),
    )
    return ConversationHandler.END


def _end_edit(context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop("wg_edit", None)
    context.user_data.pop("wg_name", None)
    return ConversationHandler.END


async def cancel_edit(update: Update, context: BotContext) -> int:
    await reply(update, _("Cancelled; nothing was changed."))
    return _end_edit(context)


@require_role(Role.ORGANISER)
async def archive_group(update: Update, context: BotContext) -> None:
    """/archivegroup <group>: hidden from lists, open elections cancelled (audited)."""
    group = await groups.find_group(context.services.db, argument_text(context) or "")
    if group is None:
        await reply(update, _("Send /archivegroup and the group's name or number."))
        return
    cancelled = await groups.archive_group(
        context.services.db, actor_id=context.me.id, group_id=group.id
    )
    assert context.job_queue is not None
    for election_id in cancelled:
        for job in context.job_queue.get_jobs_by_name(election_handlers.job_name(election_id)):
            job.schedule_removal()
    await reply(update, _("«{group}» is archived.").format(group=group.name))


@require_role(Role.ORGANISER)
async def appoint(update: Update, context: BotContext) -> None:
    """/appoint <group> @member: an acting coordinator for a group without one."""
    args = context.args or []
    if len(args) < 2 or not args[-1].startswith("@"):
        await reply(
            update,
            _(
                "Send /appoint, the group's name or number and the member's @username, "
                "e.g. /appoint 3 @anna."
            ),
        )
        return
    db = context.services.db
    group = await groups.find_group(db, " ".join(args[:-1]))
    if group is None:
        await refuse(update, Refusal.NOT_FOUND)
        return
    username = args[-1]
    person = next(
        (
            p
            for p in await groups.members(db, group.id)
            if (p.username or "").lower() == username[1:].lower()
        ),
        None,
    )
    if person is None:
        await reply(
            update, _("{who} is not a member of «{group}».").format(who=username, group=group.name)
        )
        return
    try:
        await groups.appoint(db, actor_id=context.me.id, group_id=group.id, person_id=person.id)
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    await reply(
        update,
        _("{name} is now the acting coordinator of «{group}».").format(
            name=person.display_name, group=group.name
        ),
    )


# ----- the group chat --------------------------------------------------------------------


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
    group = await groups.find_group(context.services.db, argument_text(context) or "")
    if group is None:
        await reply(update, _("Send /linkchat and the group's name or number."))
        return
    person = context.person
    allowed = person is not None and (
        person.role.at_least(Role.ORGANISER) or group.coordinator_id == person.id
    )
    if not allowed:
        await reply(update, _("Only an organiser or the group's coordinator can link a chat."))
        return
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
    try:
        await groups.link_chat(
            context.services.db, actor_id=context.me.id, group_id=group.id, chat_id=chat.id
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    await reply(update, _("This chat is now the chat of «{group}».").format(group=group.name))


async def join_request(update: Update, context: BotContext) -> None:
    """Approve a group member's request to join the group's chat; decline anyone else.
    Chats that are not a group's chat belong to other features: left alone."""
    request = update.chat_join_request
    assert request is not None
    group = await groups.group_by_chat(context.services.db, request.chat.id)
    if group is None:
        return
    person = context.person
    admitted = person is not None and await groups.is_member(
        context.services.db, group.id, person.id
    )
    try:
        if admitted:
            await request.approve()
        else:
            await request.decline()
    except TelegramError as error:  # e.g. the request expired or was handled by an admin
        logger.warning("join request to a group chat not answered: %s", error)
        return
    if admitted and person is not None:
        await groups.record_presence(
            context.services.db,
            chat_id=request.chat.id,
            telegram_id=person.telegram_id,
            in_chat=True,
        )


async def chat_member_changed(update: Update, context: BotContext) -> None:
    """Someone joined or left a chat: remembered for /members when it is a group's chat."""
    change = update.chat_member
    assert change is not None
    await groups.record_presence(
        context.services.db,
        chat_id=change.chat.id,
        telegram_id=change.new_chat_member.user.id,
        in_chat=change.new_chat_member.status in IN_CHAT,
    )


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    member, organiser = Role.MEMBER, Role.ORGANISER
    for name, description, role, where in (
        ("groups", N_("working groups"), member, Where.PRIVATE),
        ("join", N_("join a working group"), member, Where.PRIVATE),
        ("leave", N_("leave a working group"), member, Where.PRIVATE),
        ("mygroups", N_("your working groups"), member, Where.PRIVATE),
        ("newgroup", N_("create a working group"), organiser, Where.PRIVATE),
        ("editgroup", N_("rename a working group or change its purpose"), organiser, Where.PRIVATE),
        ("archivegroup", N_("archive a working group"), organiser, Where.PRIVATE),
        ("appoint", N_("appoint an acting coordinator"), organiser, Where.PRIVATE),
        ("linkchat", N_("link this chat to a working group"), member, Where.GROUP),
    ):
        catalogue.add(CommandSpec(name, description, min_role=role, where=where))
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("groups", list_groups, filters=private))
    application.add_handler(CommandHandler("join", join_command, filters=private))
    application.add_handler(CommandHandler("leave", leave_command, filters=private))
    application.add_handler(CommandHandler("mygroups", my_groups, filters=private))
    application.add_handler(CommandHandler("archivegroup", archive_group, filters=private))
    application.add_handler(CommandHandler("appoint", appoint, filters=private))
    application.add_handler(CommandHandler("linkchat", link_chat))
    application.add_handler(CallbackQueryHandler(join_button, pattern=JOIN))
    application.add_handler(CallbackQueryHandler(ask_leave_button, pattern=ASK_LEAVE))
    application.add_handler(CallbackQueryHandler(confirm_leave, pattern=LEAVE))
    application.add_handler(CallbackQueryHandler(stay, pattern=f"^{STAY}$"))
    text = filters.TEXT & ~filters.COMMAND & private
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CommandHandler("newgroup", new_group, filters=private),
                CommandHandler("editgroup", edit_group, filters=private),
            ],
            states={
                NAME: [MessageHandler(text, take_name)],
                PURPOSE: [MessageHandler(text, take_purpose)],
            },
            fallbacks=[CommandHandler("cancel", cancel_edit)],
            name="groups.edit",
            persistent=True,
        )
    )
    # Group 1: membership handles the community chat's join requests and members in group 0.
    application.add_handler(ChatJoinRequestHandler(join_request), group=GROUP_CHATS)
    application.add_handler(
        ChatMemberHandler(chat_member_changed, ChatMemberHandler.CHAT_MEMBER), group=GROUP_CHATS
    )
