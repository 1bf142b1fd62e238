"""Members and their groups: /groups, /join (and its button), /leave with confirmation,
/mygroups; and every group left at once when membership of the community ends."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.groups import GroupView
from bot.groups.membership import Change, GroupsLeft
from bot.groups.views import GroupRef
from bot.i18n import _
from bot.membership.ending import Ended
from handlers.groups.buttons import ASK_LEAVE, GROUPS_PAGE, JOIN, LEAVE, MY_GROUPS_PAGE, STAY
from handlers.groups.chats import chat_link_line, invite_link, remove_from_chat
from handlers.groups.common import argument_text, describe
from handlers.groups.notices import announce_start, coordinator_gone
from handlers.kit import pages
from handlers.kit.replies import pressed, reply

GAP = "\n\n"  # between two groups in a list


async def list_groups(update: Update, context: BotContext) -> None:
    """/groups: every active group, with a join button for those the person is not in."""
    await _show_groups(update, context, 0)


async def turn_groups(update: Update, context: BotContext) -> None:
    """‹ › under /groups: that page, in place."""
    (number,) = GROUPS_PAGE.decode(pressed(update).data)
    await _show_groups(update, context, number)


async def _show_groups(update: Update, context: BotContext, number: int) -> None:
    directory = context.services.groups
    all_groups = await directory.list_groups()
    if not all_groups:
        await reply(update, _("There are no working groups yet."))
        return
    mine = {group.id for group in await directory.groups_of(context.me.id)}
    header = _("Working groups:")
    shown = pages.page([describe(g) for g in all_groups], number, header=header, separator=GAP)
    buttons = [
        [
            InlineKeyboardButton(
                _("Join «{group}»").format(group=group.name), callback_data=JOIN(group.id)
            )
        ]
        for group in (all_groups[index] for index in shown.indices)
        if group.id not in mine
    ]
    text = pages.page_text(header, shown, GAP)
    markup = pages.markup(shown, GROUPS_PAGE, buttons)
    await pages.show(update, text, markup, edit=update.callback_query is not None)


async def _after_change(context: BotContext, change: Change) -> None:
    """The election the bot called because someone joined or left, announced."""
    if change.election is not None:
        await announce_start(context, change.election)


async def _join(update: Update, context: BotContext, group: GroupRef) -> None:
    change = await context.services.groups.membership.join(group=group, person_id=context.me.id)
    joined = change.group
    if update.callback_query is not None:
        await update.callback_query.answer()
    lines = [_("You have joined «{group}».").format(group=joined.name)]
    link = await invite_link(context, joined)
    if link is not None:
        lines.append(chat_link_line(link))
    elif joined.chat_id is not None:
        lines.append(_("The chat link is not available right now; ask the coordinator."))
    await reply(update, "\n".join(lines))
    await _after_change(context, change)


async def join_command(update: Update, context: BotContext) -> None:
    """/join <group>."""
    name = argument_text(context)
    if not name:
        await reply(update, _("Which group? Send /join and the group's name, or use /groups."))
        return
    await _join(update, context, name)


async def join_button(update: Update, context: BotContext) -> None:
    """The join button under /groups (its id is checked again in the database)."""
    assert update.callback_query is not None
    (group_id,) = JOIN.decode(update.callback_query.data)
    await _join(update, context, group_id)


def _leave_question(group: GroupView) -> tuple[str, InlineKeyboardMarkup]:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Yes, leave"), callback_data=LEAVE(group.id)),
                InlineKeyboardButton(_("No, stay"), callback_data=STAY()),
            ]
        ]
    )
    text = _("Leave «{group}»? You will also be removed from its chat.").format(group=group.name)
    return text, keyboard


async def leave_command(update: Update, context: BotContext) -> None:
    """/leave <group>: asks for confirmation; without a name offers the person's groups."""
    name = argument_text(context)
    if not name:
        mine = await context.services.groups.groups_of(context.me.id)
        if not mine:
            await reply(update, _("You are not in any working group."))
            return
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(g.name, callback_data=ASK_LEAVE(g.id))] for g in mine]
        )
        await reply(update, _("Which group do you want to leave?"), reply_markup=keyboard)
        return
    group = await context.services.groups.membership.leaving(group=name, person_id=context.me.id)
    text, keyboard = _leave_question(group)
    await reply(update, text, reply_markup=keyboard)


async def ask_leave_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    (group_id,) = ASK_LEAVE.decode(query.data)
    membership = context.services.groups.membership
    group = await membership.leaving(group=group_id, person_id=context.me.id)  # one of theirs
    await query.answer()
    text, keyboard = _leave_question(group)
    await query.edit_message_text(text, reply_markup=keyboard)


async def tell_ended(context: BotContext, ended: Ended) -> None:
    """After `MembershipEnd` (membership revoked, or personal data erased): out of every
    group chat too; a group that lost its coordinator is told, and gets an election."""
    left = ended.of(GroupsLeft)
    person = ended.person
    for change in left.changes if left else []:
        await remove_from_chat(context, change.group.chat_id, person.telegram_id)
        if change.coordinator_left:
            await coordinator_gone(context, change.group, person)
        await _after_change(context, change)


async def confirm_leave(update: Update, context: BotContext) -> None:
    """ "Yes, leave": out of the group and its chat; a leaving coordinator means an election."""
    query = update.callback_query
    assert query is not None
    (group_id,) = LEAVE.decode(query.data)
    change = await context.services.groups.membership.leave(
        group_id=group_id, person_id=context.me.id
    )
    await query.answer()
    await query.edit_message_text(_("You have left «{group}».").format(group=change.group.name))
    await remove_from_chat(context, change.group.chat_id, context.me.telegram_id)
    await _after_change(context, change)


async def stay(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(_("You stay in the group."))


async def my_groups(update: Update, context: BotContext) -> None:
    """/mygroups."""
    await _show_mine(update, context, 0)


async def turn_mine(update: Update, context: BotContext) -> None:
    """‹ › under /mygroups: that page, in place."""
    (number,) = MY_GROUPS_PAGE.decode(pressed(update).data)
    await _show_mine(update, context, number)


async def _show_mine(update: Update, context: BotContext, number: int) -> None:
    mine = await context.services.groups.groups_of(context.me.id)
    if not mine:
        await reply(update, _("You are not in any working group. See /groups."))
        return
    header = _("Your working groups:")
    entries = [
        describe(group) + ("\n" + chat_link_line(group.invite_link) if group.invite_link else "")
        for group in mine
    ]
    shown = pages.page(entries, number, header=header, separator=GAP)
    text, markup = pages.page_text(header, shown, GAP), pages.markup(shown, MY_GROUPS_PAGE)
    await pages.show(update, text, markup, edit=update.callback_query is not None)
