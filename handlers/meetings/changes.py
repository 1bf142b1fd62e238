"""Dialogues started by a meeting's buttons: change its time or place, attach material
(the organiser), rate it and comment (attendees). Persistent, so a restart loses nothing.
A refused answer is explained and the same step waits for a better one."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.callbacks import CallbackAction
from bot.i18n import N_, _, ngettext
from bot.meetings.views import Changed
from handlers.kit.incoming import NEW, TEXT
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Setup, guard
from handlers.meetings.buttons import ADD_MATERIAL, EDIT_PLACE, EDIT_TIME, RATE
from handlers.meetings.notices import schedule, schedule_announcement, unschedule

EDIT_TIME_STEP, EDIT_PLACE_STEP, ADD_MATERIAL_STEP, COMMENT = range(10, 14)
EDITING = "meetings.editing"
RATING = "meetings.rating"
Handlers = list[BaseHandler[Update, BotContext, Any]]


def _begin(
    action: CallbackAction, state: int, question: str
) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """A button of the meeting's organiser that opens a step of the dialogue."""

    async def begin(update: Update, context: BotContext) -> int:
        query = pressed(update)
        (meeting_id,) = action.decode(query.data)
        meeting = await context.services.meetings.managed(context.me, meeting_id)
        await query.answer()
        assert context.user_data is not None
        context.user_data[EDITING] = meeting.id
        await reply(update, _(question).format(zone=meeting.timezone, title=meeting.title))
        return state

    begin.__doc__ = f"{action}: the question of step {state}."
    return begin


def _editing(context: BotContext) -> int:
    assert context.user_data is not None
    return int(context.user_data.get(EDITING, 0))


def _text(update: Update) -> str:
    assert update.message is not None
    return update.message.text or ""


async def _changed(update: Update, context: BotContext, changed: Changed) -> int:
    """A change made: the meeting's jobs afresh if its time moved, the announcement sent in
    a job, and the organiser told how many will hear of it."""
    meeting_id = changed.meeting.id
    if changed.jobs is not None:
        unschedule(context.community, meeting_id)
        schedule(context.community, changed.jobs)
    schedule_announcement(context.community, meeting_id, changed.announcement)
    await reply(
        update,
        ngettext(
            "Changed; {n} person who answered is being told.",
            "Changed; {n} people who answered are being told.",
            changed.told,
        ),
    )
    return ConversationHandler.END


async def edit_time(update: Update, context: BotContext) -> int:
    meetings = context.services.meetings
    changed = await meetings.change_time(context.me, _editing(context), _text(update))
    return await _changed(update, context, changed)


async def edit_place(update: Update, context: BotContext) -> int:
    meetings = context.services.meetings
    changed = await meetings.change_place(context.me, _editing(context), _text(update))
    return await _changed(update, context, changed)


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


async def rate_meeting(update: Update, context: BotContext) -> int:
    """A rating from 1 to 5, then an optional comment."""
    query = pressed(update)
    meeting_id, rating = RATE.decode(query.data)
    await context.services.meetings.rate(context.me, meeting_id, rating)
    await query.answer()
    assert context.user_data is not None
    context.user_data[RATING] = meeting_id
    await query.edit_message_text(
        _("Thank you: {rating} of 5. Add a short comment? Send it, or /skip.").format(rating=rating)
    )
    return COMMENT


async def save_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    meeting_id = int(context.user_data.get(RATING, 0))
    await context.services.meetings.comment(context.me, meeting_id, _text(update))
    return await skip_comment(update, context)


async def skip_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(RATING, None)
    await reply(update, _("Thank you for the feedback!"))
    return ConversationHandler.END


async def stop_dialogue(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(EDITING, None)
    context.user_data.pop(RATING, None)
    await reply(update, _("Stopped; nothing changed."))
    return ConversationHandler.END


def dialogues(setup: Setup) -> list[ConversationHandler[BotContext]]:
    """Changing a meeting, and the feedback after it."""
    cancel: Handlers = [setup.command_handler("cancel", stop_dialogue, None)]
    questions = [
        (EDIT_TIME, EDIT_TIME_STEP, N_("The new date and time, like 15.12.2026 18:30 ({zone})?")),
        (EDIT_PLACE, EDIT_PLACE_STEP, N_("The new address, or a new online link (https://…)?")),
        (ADD_MATERIAL, ADD_MATERIAL_STEP, N_("Send a file or a link to attach to «{title}».")),
    ]
    edit = ConversationHandler[BotContext](
        entry_points=[
            setup.button_handler(action, _begin(action, state, question))
            for action, state, question in questions
        ],
        states={
            EDIT_TIME_STEP: [MessageHandler(TEXT, guard(edit_time))],
            EDIT_PLACE_STEP: [MessageHandler(TEXT, guard(edit_place))],
            ADD_MATERIAL_STEP: [MessageHandler(NEW & ~filters.COMMAND, guard(add_material))],
        },
        fallbacks=cancel,
        name="meetings_edit",
        persistent=True,
        allow_reentry=True,
    )
    feedback = ConversationHandler[BotContext](
        entry_points=[setup.button_handler(RATE, rate_meeting)],
        states={
            COMMENT: [
                MessageHandler(TEXT, guard(save_comment)),
                setup.command_handler("skip", skip_comment, None),
            ]
        },
        fallbacks=cancel,
        name="meetings_feedback",
        persistent=True,
        allow_reentry=True,
    )
    return [edit, feedback]
