"""Dialogues started by a meeting's buttons: change its time or place, attach material
(the organiser), rate it and comment (attendees). Persistent, so a restart loses nothing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import N_, _, ngettext
from bot.meetings import service as meetings
from bot.meetings.parsing import InvalidInput, parse_link, parse_start_times, parse_text
from handlers.kit.replies import reply
from handlers.meetings.buttons import (
    button,
    explain,
    managed_meeting,
    parts_of,
    two_numbers,
)
from handlers.meetings.notices import announce, plan, unschedule
from models import Meeting, Role, utcnow

EDIT_TIME, EDIT_PLACE, ADD_MATERIAL, COMMENT = range(10, 14)
EDITING = "meetings.editing"
RATING = "meetings.rating"


async def begin_edit(update: Update, context: BotContext) -> int:
    """Change time / place / add material: only the meeting's organiser."""
    parts = parts_of(update)
    query = update.callback_query
    assert query is not None
    if context.person is None or not context.person.role.at_least(Role.MEMBER):
        await query.answer(_("There is no such meeting for you."), show_alert=True)
        return ConversationHandler.END
    meeting = await managed_meeting(update, context, parts[1] if len(parts) > 1 else "")
    if meeting is None:
        return ConversationHandler.END
    await update.callback_query.answer()  # type: ignore[union-attr]
    assert context.user_data is not None
    context.user_data[EDITING] = meeting.id
    state, question = {
        "et": (EDIT_TIME, _("The new date and time, like 15.12.2026 18:30 ({zone})?")),
        "ep": (EDIT_PLACE, _("The new address, or a new online link (https://…)?")),
        "am": (ADD_MATERIAL, _("Send a file or a link to attach to «{title}».")),
    }[parts[0]]
    await reply(update, question.format(zone=meeting.timezone, title=meeting.title))
    return state


async def _editing(update: Update, context: BotContext) -> Meeting | None:
    assert context.user_data is not None
    meeting = await meetings.get(context.services.db, int(context.user_data.get(EDITING, 0)))
    if meeting is None:
        await reply(update, _("This meeting no longer exists."))
    return meeting


async def edit_time(update: Update, context: BotContext) -> int:
    meeting = await _editing(update, context)
    if meeting is None or meeting.id is None:
        return ConversationHandler.END
    text = update.message.text or ""  # type: ignore[union-attr]
    try:
        starts, _zone = parse_start_times(text, meeting.timezone, utcnow())
        if len(starts) != 1:
            raise InvalidInput(N_("Please send one date and time."))
        meeting = await meetings.change_time(
            context.services.db, context.me, meeting.id, starts[0], utcnow()
        )
    except InvalidInput as error:
        await reply(update, explain(error))
        return EDIT_TIME
    unschedule(context.application, meeting.id)  # type: ignore[arg-type]
    await plan(context.application, meeting)
    told = await announce(context.application, meeting.id, "time")  # type: ignore[arg-type]
    await _done(update, told)
    return ConversationHandler.END


async def edit_place(update: Update, context: BotContext) -> int:
    meeting = await _editing(update, context)
    if meeting is None or meeting.id is None:
        return ConversationHandler.END
    text = (update.message.text or "").strip()  # type: ignore[union-attr]
    try:
        if text.lower().startswith(("http://", "https://")):
            place, link = None, parse_link(text)
        else:
            place, link = parse_text(text, 500), None
        meeting = await meetings.change_place(
            context.services.db, context.me, meeting.id, utcnow(), place=place, link=link
        )
    except InvalidInput as error:
        await reply(update, explain(error))
        return EDIT_PLACE
    told = await announce(context.application, meeting.id, "place")  # type: ignore[arg-type]
    await _done(update, told)
    return ConversationHandler.END


async def _done(update: Update, told: int) -> None:
    await reply(
        update,
        ngettext(
            "Changed; {n} person who answered is being told.",
            "Changed; {n} people who answered are being told.",
            told,
        ),
    )


async def add_material(update: Update, context: BotContext) -> int:
    """A document, or a link, attached to the meeting."""
    meeting = await _editing(update, context)
    message = update.message
    if meeting is None or meeting.id is None or message is None:
        return ConversationHandler.END
    db = context.services.db
    try:
        if message.document is not None:
            document = message.document
            await meetings.add_material(
                db, context.me, meeting.id, file_id=document.file_id, file_name=document.file_name
            )
        elif message.text is not None:
            await meetings.add_material(db, context.me, meeting.id, url=parse_link(message.text))
        else:
            raise InvalidInput(N_("Send a file (as a document) or a link."))
    except InvalidInput as error:
        await reply(update, explain(error))
        return ADD_MATERIAL
    await reply(
        update,
        _("Attached. Members find it under Materials in /meeting {id}.").format(id=meeting.id),
    )
    return ConversationHandler.END


async def rate_meeting(update: Update, context: BotContext) -> int:
    """A rating from 1 to 5, then an optional comment."""
    query = update.callback_query
    assert query is not None
    meeting_id, rating = two_numbers(update)
    if context.person is None or meeting_id is None or rating is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return ConversationHandler.END
    try:
        await meetings.rate(context.services.db, meeting_id, context.me.id, rating, utcnow())
    except InvalidInput as error:
        await query.answer(explain(error), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    assert context.user_data is not None
    context.user_data[RATING] = meeting_id
    await query.edit_message_text(
        _("Thank you: {rating} of 5. Add a short comment? Send it, or /skip.").format(rating=rating)
    )
    return COMMENT


async def save_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None and update.message is not None
    try:
        text = parse_text(update.message.text or "", 2000)
        await meetings.comment(
            context.services.db, int(context.user_data.pop(RATING, 0)), context.me.id, text
        )
    except InvalidInput as error:
        await reply(update, explain(error))
        return ConversationHandler.END
    await reply(update, _("Thank you for the feedback!"))
    return ConversationHandler.END


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


def dialogues() -> list[ConversationHandler]:
    text = filters.TEXT & ~filters.COMMAND
    cancel = [CommandHandler("cancel", stop_dialogue)]
    edit = ConversationHandler(
        entry_points=[button(begin_edit, "et", "ep", "am")],
        states={
            EDIT_TIME: [MessageHandler(text, edit_time)],
            EDIT_PLACE: [MessageHandler(text, edit_place)],
            ADD_MATERIAL: [MessageHandler(~filters.COMMAND, add_material)],
        },
        fallbacks=cancel,
        name="meetings_edit",
        persistent=True,
        allow_reentry=True,
    )
    feedback = ConversationHandler(
        entry_points=[button(rate_meeting, "r")],
        states={
            COMMENT: [MessageHandler(text, save_comment), CommandHandler("skip", skip_comment)]
        },
        fallbacks=cancel,
        name="meetings_feedback",
        persistent=True,
        allow_reentry=True,
    )
    return [edit, feedback]
