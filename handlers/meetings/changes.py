"""The dialogue started by the organiser's buttons under a meeting: move it (the new time is
echoed in words and confirmed with a button), change its place, cancel it (with a reason,
confirmed), attach material. Persistent, so a restart loses nothing. A refused answer is
explained and the same step waits for a better one."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.callbacks import CallbackAction
from bot.i18n import N_, _, ngettext
from bot.meetings.parsing import parse_text
from bot.meetings.views import Changed
from handlers.kit.incoming import NEW, TEXT
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Setup, guard
from handlers.meetings.announce import schedule_announcement
from handlers.meetings.buttons import (
    ADD_MATERIAL,
    CANCEL,
    CANCEL_NO,
    CANCEL_YES,
    EDIT_PLACE,
    EDIT_TIME,
    MOVE,
)
from handlers.meetings.moments import in_words
from handlers.meetings.notices import schedule, unschedule
from models import MeetingStatus

EDIT_TIME_STEP, EDIT_PLACE_STEP, ADD_MATERIAL_STEP, CANCEL_REASON, CANCEL_CONFIRM = range(10, 15)
EDITING = "meetings.editing"
REASON = "meetings.cancel_reason"
Handlers = list[BaseHandler[Update, BotContext, Any]]
Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
CANCEL_QUESTION = N_(
    "Why is «{title}» cancelled? Send the reason: everyone invited will read it. "
    "/cancel keeps the meeting."
)


def _begin(action: CallbackAction, state: int, question: str) -> Step:
    """A button of the meeting's organiser that opens a step of the dialogue."""

    async def begin(update: Update, context: BotContext) -> int:
        query = pressed(update)
        (meeting_id,) = action.decode(query.data)
        return await _ask(update, context, meeting_id, state, question)

    begin.__doc__ = f"{action}: the question of step {state}."
    return begin


async def _ask(
    update: Update, context: BotContext, meeting_id: int, state: int, question: str
) -> int:
    """Ask the organiser of this meeting a question of the dialogue (their right checked)."""
    meeting = await context.services.meetings.managed(context.me, meeting_id)
    await pressed(update).answer()
    assert context.user_data is not None
    context.user_data[EDITING] = meeting.id
    await reply(update, _(question).format(zone=meeting.timezone, title=meeting.title))
    return state


def _editing(context: BotContext) -> int:
    assert context.user_data is not None
    return int(context.user_data.get(EDITING, 0))


def _text(update: Update) -> str:
    assert update.message is not None
    return update.message.text or ""


def _keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in buttons]]
    )


async def _changed(update: Update, context: BotContext, changed: Changed) -> int:
    """A change made: the meeting's jobs afresh if its time moved, the announcement sent in
    a job, and the organiser told how many will hear of it."""
    meeting_id = changed.meeting.id
    cancelled = changed.meeting.status is MeetingStatus.CANCELLED
    if changed.jobs is not None or cancelled:
        unschedule(context.community, meeting_id)
    if changed.jobs is not None:
        schedule(context.community, changed.jobs)
    schedule_announcement(context.community, meeting_id, changed.announcement)
    if cancelled:
        text = ngettext(
            "The meeting is cancelled; {n} invited person is being told.",
            "The meeting is cancelled; {n} invited people are being told.",
            changed.told,
        )
    else:
        text = ngettext(
            "Changed; {n} invited person is being told.",
            "Changed; {n} invited people are being told.",
            changed.told,
        )
    if update.callback_query is not None:  # confirmed with a button: the buttons go
        await update.callback_query.edit_message_text(text)
    else:
        await reply(update, text)
    assert context.user_data is not None
    context.user_data.pop(REASON, None)
    return ConversationHandler.END


async def edit_time(update: Update, context: BotContext) -> int:
    """The new time in words, to confirm; another time may be sent instead."""
    moved = await context.services.meetings.new_time(context.me, _editing(context), _text(update))
    meeting = moved.meeting
    text = _("New time of «{title}»: {when}. Move it? Everyone invited will be told.").format(
        title=meeting.title, when=in_words(moved.starts_at, meeting.timezone)
    )
    minutes = int(moved.starts_at.timestamp()) // 60
    keyboard = _keyboard(
        (_("Yes, move it"), MOVE(meeting.id, minutes)),
        (_("No, keep it"), CANCEL_NO(meeting.id)),
    )
    await reply(update, text, reply_markup=keyboard)
    return EDIT_TIME_STEP


async def move(update: Update, context: BotContext) -> int:
    """The organiser confirmed the new time."""
    query = pressed(update)
    meeting_id, minutes = MOVE.decode(query.data)
    starts = datetime.fromtimestamp(minutes * 60, UTC)
    changed = await context.services.meetings.change_time(context.me, meeting_id, starts)
    await query.answer()
    return await _changed(update, context, changed)


async def edit_place(update: Update, context: BotContext) -> int:
    meetings = context.services.meetings
    changed = await meetings.change_place(context.me, _editing(context), _text(update))
    return await _changed(update, context, changed)


async def cancel_reason(update: Update, context: BotContext) -> int:
    """The reason for cancelling, then Yes / No."""
    reason = parse_text(_text(update), 500)
    meeting = await context.services.meetings.managed(context.me, _editing(context))
    assert context.user_data is not None
    context.user_data[REASON] = {"meeting": meeting.id, "reason": reason}
    text = _("Cancel «{title}»? Reason: {reason}\nEveryone invited will be told.").format(
        title=meeting.title, reason=reason
    )
    keyboard = _keyboard(
        (_("Yes, cancel it"), CANCEL_YES(meeting.id)),
        (_("No, keep it"), CANCEL_NO(meeting.id)),
    )
    await reply(update, text, reply_markup=keyboard)
    return CANCEL_CONFIRM


async def confirm_cancel(update: Update, context: BotContext) -> int:
    """Yes, cancel: with the reason given; without one (an old button), it is asked for."""
    query = pressed(update)
    (meeting_id,) = CANCEL_YES.decode(query.data)
    assert context.user_data is not None
    given = context.user_data.get(REASON) or {}
    if given.get("meeting") != meeting_id:
        return await _ask(update, context, meeting_id, CANCEL_REASON, CANCEL_QUESTION)
    meetings = context.services.meetings
    cancelled = await meetings.cancel(context.me, meeting_id, str(given["reason"]))
    await query.answer()
    return await _changed(update, context, cancelled)


async def keep_meeting(update: Update, context: BotContext) -> int:
    """ "No, keep it": nothing changes (for the one who may cancel it)."""
    query = pressed(update)
    (meeting_id,) = CANCEL_NO.decode(query.data)
    await context.services.meetings.managed(context.me, meeting_id)
    await query.answer()
    assert context.user_data is not None
    context.user_data.pop(REASON, None)
    await query.edit_message_text(_("Nothing changed."))
    return ConversationHandler.END


async def add_material(update: Update, context: BotContext) -> int:
    """A document, or a link, attached to the meeting."""
    message = update.message
    assert message is not None
    meeting_id, document = _editing(context), message.document
    await context.services.meetings.add_material(
        context.me,
        meeting_id,
        file_id=document.file_id if document else None,
        file_name=document.file_name if document else None,
        text=None if document else message.text,
    )
    await reply(
        update,
        _("Attached. Members find it under Materials in /meeting {id}.").format(id=meeting_id),
    )
    return ConversationHandler.END


async def stop_dialogue(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(EDITING, None)
    context.user_data.pop(REASON, None)
    await reply(update, _("Stopped; nothing changed."))
    return ConversationHandler.END


def dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    """Changing a meeting: its buttons (also the confirmations) enter or end the dialogue."""
    cancel: Handlers = [setup.command_handler("cancel", stop_dialogue, None)]
    questions = [
        (
            EDIT_TIME,
            EDIT_TIME_STEP,
            N_(
                "The new date and time? For example 15.12.2026 18:30, "
                "15 December 18:30 or tomorrow at 18:00 (time zone {zone})."
            ),
        ),
        (EDIT_PLACE, EDIT_PLACE_STEP, N_("The new address, or a new online link (https://…)?")),
        (ADD_MATERIAL, ADD_MATERIAL_STEP, N_("Send a file or a link to attach to «{title}».")),
        (CANCEL, CANCEL_REASON, CANCEL_QUESTION),
    ]
    entry_points: Handlers = [
        setup.button_handler(action, _begin(action, state, question))
        for action, state, question in questions
    ]
    entry_points += [
        setup.button_handler(MOVE, move),
        setup.button_handler(CANCEL_YES, confirm_cancel),
        setup.button_handler(CANCEL_NO, keep_meeting),
    ]
    reason = MessageHandler(TEXT, guard(cancel_reason))
    return ConversationHandler[BotContext](
        entry_points=entry_points,
        states={
            EDIT_TIME_STEP: [MessageHandler(TEXT, guard(edit_time))],
            EDIT_PLACE_STEP: [MessageHandler(TEXT, guard(edit_place))],
            ADD_MATERIAL_STEP: [MessageHandler(NEW & ~filters.COMMAND, guard(add_material))],
            CANCEL_REASON: [reason],
            CANCEL_CONFIRM: [reason],
        },
        fallbacks=cancel,
        name="meetings_edit",
        persistent=True,
        allow_reentry=True,
    )
