"""Shared by the meetings handlers: reading button data, finding a meeting the person may
see or change (answering a forged or stale button), explaining rejected input."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.i18n import _
from bot.meetings import service as meetings
from bot.meetings.parsing import InvalidInput
from handlers.kit.replies import reply
from handlers.meetings.notices import working_groups
from handlers.meetings.render import PREFIX
from models import Meeting


def explain(error: InvalidInput) -> str:
    """The reason for a rejection in the current language."""
    return _(error.message).format(**error.values)


def button(callback, *names: str) -> CallbackQueryHandler:  # type: ignore[no-untyped-def]
    """A handler for this feature's buttons named `names` (data "mt:<name>:...")."""
    return CallbackQueryHandler(callback, pattern=f"^{PREFIX}({'|'.join(names)}):")


def parts_of(update: Update) -> list[str]:
    """The fields of a button's data after the prefix, e.g. ["a", "12", "g"]."""
    assert update.callback_query is not None
    return (update.callback_query.data or "").removeprefix(PREFIX).split(":")


def number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def two_numbers(update: Update) -> tuple[int | None, int | None]:
    """The two numbers of a button's data like "r:12:4" (None where there is none)."""
    parts = parts_of(update)
    if len(parts) != 3:
        return None, None
    return number(parts[1]), number(parts[2])


async def visible_meeting(update: Update, context: BotContext, raw_id: str) -> Meeting | None:
    """The meeting behind a button or a command, if this person may see it; else an answer."""
    meeting_id = number(raw_id)
    meeting = None if meeting_id is None else await meetings.get(context.services.db, meeting_id)
    groups = working_groups(context.application)
    if meeting is not None and await meetings.in_audience(
        context.services.db, meeting, context.me, groups
    ):
        return meeting
    text = _("There is no such meeting for you.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)
    return None


async def managed_meeting(update: Update, context: BotContext, raw_id: str) -> Meeting | None:
    meeting = await visible_meeting(update, context, raw_id)
    if meeting is not None and not meetings.may_manage(meeting, context.me):
        assert update.callback_query is not None
        await update.callback_query.answer(
            _("Only the meeting's organiser can change it."), show_alert=True
        )
        return None
    return meeting
