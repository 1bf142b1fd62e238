"""The private note a newly elected coordinator gets: her commands, and what is missing for
them to work (a linked chat, her admin rights in it)."""

from __future__ import annotations

from telegram import ChatMember
from telegram.error import TelegramError

from bot.context import BotContext
from bot.core.people import PersonView
from bot.groups.votes import ElectionView
from bot.i18n import _
from bot.outbox.notices import Rendered, tell


async def _is_admin(context: BotContext, chat_id: int, person: PersonView) -> bool | None:
    """Whether she is an admin of the group's chat (None: Telegram did not say)."""
    try:
        member = await context.bot.get_chat_member(chat_id, person.telegram_id)
    except TelegramError:
        return None
    return member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


async def welcome_coordinator(
    context: BotContext, election: ElectionView, winner: PersonView
) -> None:
    chat_id = election.group_chat_id
    admin = None if chat_id is None else await _is_admin(context, chat_id, winner)

    def render() -> Rendered:
        lines = [
            _("You are now the coordinator of «{group}». In the group's chat:").format(
                group=election.group_name
            ),
            _("/members — who is in the group, and in the chat"),
            _("/announce_group — a message to every member privately"),
            _("/task — the group's tasks"),
            _("/remove — take someone out of the group, with a reason"),
            _("/pin — pin a message (in reply to it)"),
            "",
        ]
        if chat_id is None:
            lines.append(
                _(
                    "The group has no chat yet: create a Telegram group, add me as an admin "
                    "who may invite users, and send /linkchat {group} there."
                ).format(group=election.group_name)
            )
        elif admin is False:
            lines.append(
                _(
                    "You are not an admin of the group's chat yet: ask its owner to make you "
                    "one. These commands work for the coordinator as an admin of the chat."
                )
            )
        return "\n".join(lines).strip(), None

    await tell(context.community, winner, render)
