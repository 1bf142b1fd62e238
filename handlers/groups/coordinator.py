"""Coordinator commands in a group's chat: /members, /announce_group, /remove, /pin, /task.

Only the group's coordinator (from the database) who is also an admin of the chat (from
Telegram) may use them. An anonymous admin (the message comes from the chat itself) is
refused: Telegram does not say which admin it is, so the database check of the coordinator
cannot be made, and letting every admin act as the coordinator would bypass the election.
"""

from __future__ import annotations

import logging
import re

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import CommandHandler

from bot import groups
from bot.commands.catalogue import CommandCatalogue, CommandSpec, Where
from bot.context import BotContext
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.plan import Plan
from bot.groups import GroupRefused, GroupView
from bot.i18n import N_, _, ngettext
from bot.outbox import notices
from bot.outbox.content import Draft
from bot.outbox.notices import send_to_each, tell
from handlers.groups.common import refuse
from handlers.groups.members import IN_CHAT, remove_from_chat
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import Role

logger = logging.getLogger(__name__)

SHORT_LIST = 10  # longer lists go to the coordinator privately
MESSAGE_LIMIT = 4096
PLAN_SEPARATOR = "|"
HEADER_MARGIN = 20  # the header in another language may be this much longer
PLAN_NUMBER = re.compile(r"#?\d{1,9}")  # a plan item by its number; other text stays as written


async def coordinator_group(update: Update, context: BotContext) -> GroupView | None:
    """The chat's group when the sender is its coordinator and a chat admin; else a refusal."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        await reply(update, _("Use this command in your working group's chat."))
        return None
    group = await groups.group_by_chat(context.services.db, chat.id)
    if group is None:
        await reply(update, _("This chat is not linked to a working group."))
        return None
    if message.sender_chat is not None:
        await reply(
            update,
            _(
                "I can't tell which admin writes anonymously. The coordinator should turn "
                "off anonymity and send the command again."
            ),
        )
        return None
    person = context.person
    refusal = _("Only the coordinator of this group, as an admin of this chat, can do this.")
    if person is None or group.coordinator_id != person.id:
        await reply(update, refusal)
        return None
    member = await context.bot.get_chat_member(chat.id, person.telegram_id)
    if member.status not in (ChatMember.OWNER, ChatMember.ADMINISTRATOR):
        await reply(update, refusal)
        return None
    return group


def split_for_messages(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into messages that fit Telegram's limit."""
    pieces: list[str] = []
    for line in lines:
        if pieces and len(pieces[-1]) + 1 + len(line) <= limit:
            pieces[-1] += "\n" + line
        else:
            pieces.append(line[:limit])
    return pieces


async def _short_or_private(
    update: Update, context: BotContext, summary: str, lines: list[str]
) -> None:
    """A short answer in the chat; a long list goes to the coordinator privately."""
    if len(lines) <= SHORT_LIST:
        await reply(update, "\n".join([summary, *lines]))
        return
    try:
        for piece in split_for_messages([summary, *lines]):
            await context.bot.send_message(context.me.telegram_id, piece)
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
    await groups.record_presence(
        context.services.db, chat_id=chat_id, telegram_id=person.telegram_id, in_chat=present
    )
    return present


async def show_members(update: Update, context: BotContext) -> None:
    """/members: the group's members, and whether each is in this chat."""
    group = await coordinator_group(update, context)
    if group is None or group.chat_id is None:
        return
    rows = await groups.presence(context.services.db, group.id)
    people = [person for person, _known in rows]
    present = [await _in_chat(context, group.chat_id, person, known) for person, known in rows]
    lines = [
        ("✅ " if here else "❌ ") + person.display_name
        for person, here in zip(people, present, strict=True)
    ]
    summary = ngettext(
        "«{group}»: {n} member, {here} in this chat.",
        "«{group}»: {n} members, {here} in this chat.",
        len(people),
        group=group.name,
        here=sum(present),
    )
    await _short_or_private(update, context, summary, lines)


async def announce(update: Update, context: BotContext) -> None:
    """/announce_group <text>, or /announce_group in reply to a message (a text, a photo or a
    document): to every member of the group privately, formatting kept."""
    group = await coordinator_group(update, context)
    if group is None:
        return
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

    def headed() -> Draft:
        """Under a header in the current language (each member's, when it is sent)."""
        return draft.headed(_("From the coordinator of «{group}»:").format(group=group.name))

    if headed().room() < HEADER_MARGIN:
        await reply(update, _("The announcement is too long for Telegram; please shorten it."))
        return
    recipients = [
        person
        for person in await groups.members(context.services.db, group.id)
        if person.id != context.me.id
    ]

    queued = await send_to_each(
        context.application,
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
    group = await coordinator_group(update, context)
    if group is None:
        return
    args = context.args or []
    if len(args) < 2 or not args[0].startswith("@"):
        await reply(update, _("Send /remove @member and the reason."))
        return
    username, reason = args[0][1:].lower(), " ".join(args[1:])
    people = await groups.members(context.services.db, group.id)
    person = next((p for p in people if (p.username or "").lower() == username), None)
    if person is None or person.id == context.me.id:
        await reply(update, _("{who} is not a member of this group.").format(who=args[0]))
        return
    try:
        await groups.remove_member(
            context.services.db,
            actor_id=context.me.id,
            group_id=group.id,
            person_id=person.id,
            reason=reason,
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    await remove_from_chat(context, group.chat_id, person.telegram_id)
    await tell(
        context.application,
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
    group = await coordinator_group(update, context)
    message = update.effective_message
    if group is None or message is None:
        return
    if message.reply_to_message is None:
        await reply(update, _("Reply with /pin to the message you want to pin."))
        return
    try:
        await context.bot.pin_chat_message(message.chat_id, message.reply_to_message.message_id)
    except TelegramError as error:
        logger.warning("pin failed: %s", error)
        await reply(update, _("I could not pin it: I need the admin right to pin messages."))


async def _plan_reference(db: Database, group_id: int, number: int) -> str | None:
    """'#N «title»' for an item of the group's or the community's plan; None if none."""
    item = await Plan(db).get(number)
    if item is None or item.working_group_id not in (None, group_id):
        return None
    return f"#{number} «{item.title}»"[: groups.PLAN_ITEM_LIMIT]


async def task(update: Update, context: BotContext) -> None:
    """/task add <title> [| plan item: #number of the plan, or words], /task list,
    /task done <number>."""
    group = await coordinator_group(update, context)
    if group is None:
        return
    args = context.args or []
    action = args[0].lower() if args else ""
    db = context.services.db
    if action == "add" and len(args) > 1:
        title, _sep, plan_item = " ".join(args[1:]).partition(PLAN_SEPARATOR)
        title, plan_item = title.strip(), plan_item.strip() or None
        if (
            not title
            or len(title) > groups.TASK_LIMIT
            or len(plan_item or "") > groups.PLAN_ITEM_LIMIT
        ):
            await reply(update, _("The task must be 1 to 300 characters, the plan item up to 100."))
            return
        if plan_item is not None and PLAN_NUMBER.fullmatch(plan_item):
            plan_item = await _plan_reference(db, group.id, int(plan_item.lstrip("#")))
            if plan_item is None:
                await reply(
                    update, _("Neither the group's plan nor the community's has that item.")
                )
                return
        added = await groups.add_task(
            db, group_id=group.id, actor_id=context.me.id, title=title, plan_item=plan_item
        )
        await reply(update, _("Task #{id} added.").format(id=added.id))
    elif action == "list":
        tasks = await groups.open_tasks(db, group.id)
        lines = [
            f"#{t.id} {t.title}" + (f" ({_('plan')}: {t.plan_item})" if t.plan_item else "")
            for t in tasks
        ]
        summary = ngettext("{n} open task.", "{n} open tasks.", len(tasks))
        await _short_or_private(update, context, summary, lines)
    elif action == "done" and len(args) == 2 and args[1].lstrip("#").isdigit():
        try:
            done = await groups.complete_task(
                db, group_id=group.id, task_id=int(args[1].lstrip("#"))
            )
        except GroupRefused:
            await reply(
                update,
                _("There is no open task #{id} in this group.").format(id=args[1].lstrip("#")),
            )
            return
        await reply(update, _("Task #{id} is done.").format(id=done.id))
    else:
        await reply(
            update,
            _("Send /task add <task> [| plan item], /task list or /task done <number>."),
        )


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    for name, description, callback in (
        ("members", N_("the group's members, in this chat or not (coordinator)"), show_members),
        ("announce_group", N_("a message to every member of the group (coordinator)"), announce),
        ("remove", N_("remove a member from the group (coordinator)"), remove_member),
        ("pin", N_("pin the message you reply to (coordinator)"), pin),
        ("task", N_("the group's tasks (coordinator)"), task),
    ):
        catalogue.add(CommandSpec(name, description, min_role=Role.MEMBER, where=Where.GROUP))
        application.add_handler(CommandHandler(name, callback))
