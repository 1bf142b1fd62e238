"""Organisers' commands: /newgroup and /editgroup (a dialogue: name, then purpose),
/archivegroup, /appoint."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot import jobs
from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.groups.directory import NAME_LIMIT, PURPOSE_LIMIT
from bot.groups.refusals import NAME_TAKEN
from bot.groups.views import is_member_ref
from bot.i18n import _
from handlers.groups.common import argument_text, describe
from handlers.groups.notices import job_name
from handlers.kit.replies import refuse, reply

NAME, PURPOSE = range(2)
KEEP = "-"
EDITED_KEY, NAME_KEY = "wg_edit", "wg_name"


async def new_group(update: Update, context: BotContext) -> int:
    """/newgroup: asks for the name, then the purpose."""
    assert context.user_data is not None
    context.user_data[EDITED_KEY] = 0
    await reply(update, _("The name of the new working group (up to 100 characters)?"))
    return NAME


async def edit_group(update: Update, context: BotContext) -> int:
    """/editgroup <group>: a new name and purpose ("-" keeps the old one)."""
    assert context.user_data is not None
    group = await context.services.groups.find(argument_text(context))
    if group is None:
        await reply(update, _("Send /editgroup and the group's name or number."))
        return ConversationHandler.END
    context.user_data[EDITED_KEY] = group.id
    await reply(
        update,
        _("The new name of «{group}»? Send - to keep it.").format(group=group.name),
    )
    return NAME


async def take_name(update: Update, context: BotContext) -> int:
    assert update.message is not None and context.user_data is not None
    name = " ".join(clean(update.message.text).split())
    editing = bool(context.user_data.get(EDITED_KEY))
    if editing and name == KEEP:
        context.user_data[NAME_KEY] = None
    elif not name or length(name) > NAME_LIMIT:
        await reply(update, _("The name must be 1 to 100 characters. The name, please?"))
        return NAME
    else:
        context.user_data[NAME_KEY] = name
    await reply(
        update,
        _("The purpose of the group (up to 1000 characters)?")
        + (" " + _("Send - to keep it.") if editing else ""),
    )
    return PURPOSE


async def take_purpose(update: Update, context: BotContext) -> int:
    """Create or change the group; a taken name asks for the name again."""
    assert update.message is not None and context.user_data is not None
    purpose = clean(update.message.text)
    group_id = int(context.user_data.get(EDITED_KEY) or 0)
    if group_id and purpose == KEEP:
        purpose_value: str | None = None
    elif not purpose or length(purpose) > PURPOSE_LIMIT:
        await reply(update, _("The purpose must be 1 to 1000 characters. The purpose, please?"))
        return PURPOSE
    else:
        purpose_value = purpose
    name = context.user_data.get(NAME_KEY)
    directory = context.services.groups
    try:
        if group_id:
            group = await directory.edit(
                actor_id=context.me.id, group_id=group_id, name=name, purpose=purpose_value
            )
        else:
            group = await directory.create(actor_id=context.me.id, name=str(name), purpose=purpose)
    except Refused as error:
        if error.reason != NAME_TAKEN:  # the group was archived meanwhile
            await refuse(update, error)
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
    context.user_data.pop(EDITED_KEY, None)
    context.user_data.pop(NAME_KEY, None)
    return ConversationHandler.END


async def cancel_edit(update: Update, context: BotContext) -> int:
    await reply(update, _("Cancelled; nothing was changed."))
    return _end_edit(context)


async def archive_group(update: Update, context: BotContext) -> None:
    """/archivegroup <group>: hidden from lists, open elections cancelled (audited)."""
    directory = context.services.groups
    group = await directory.find(argument_text(context))
    if group is None:
        await reply(update, _("Send /archivegroup and the group's name or number."))
        return
    for election_id in await directory.archive(actor_id=context.me.id, group_id=group.id):
        jobs.cancel(context.community, job_name(election_id))
    await reply(update, _("«{group}» is archived.").format(group=group.name))


async def appoint(update: Update, context: BotContext) -> None:
    """/appoint <group> @member: an acting coordinator for a group without one."""
    args = context.args or []
    if len(args) < 2 or not is_member_ref(args[-1]):
        await reply(
            update,
            _(
                "Send /appoint, the group's name or number and the member's @username or "
                "number from /members, e.g. /appoint 3 @anna or /appoint 3 #12."
            ),
        )
        return
    appointed = await context.services.groups.appoint(
        actor_id=context.me.id, group=" ".join(args[:-1]), member=args[-1]
    )
    await reply(
        update,
        _("{name} is now the acting coordinator of «{group}».").format(
            name=appointed.person.display_name, group=appointed.group.name
        ),
    )
