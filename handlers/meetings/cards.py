"""/meetings and /meeting: the list with one's answers, a meeting's card, and the buttons
every member of its audience has (answers, time votes, calendar file, materials)."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InputFile, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import _
from bot.meetings.views import Rsvp
from bot.outbox.notices import tell
from handlers.kit.pages import send_parts
from handlers.kit.replies import pressed, reply
from handlers.meetings import group_card
from handlers.meetings.buttons import (
    ANSWER,
    ANSWERS,
    CALENDAR,
    FULL_TEXT,
    GROUP_ANSWER,
    MATERIALS,
    OPEN,
    VOTE,
    VOTES,
    meeting_number,
)
from handlers.meetings.notices import tell_promoted
from handlers.meetings.render import (
    Rendered,
    answer_name,
    full_card,
    local_time,
    markup,
    shown,
)
from models import Answer, MeetingStatus


async def refresh(query: CallbackQuery, rendered: Rendered) -> None:
    """Show the meeting's current state in the message whose button was pressed."""
    text, reply_markup = rendered
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as error:  # unchanged (the same answer twice)
        if "not modified" not in str(error):
            raise


async def list_meetings(update: Update, context: BotContext) -> None:
    """Upcoming meetings with one's own answer; past ones with materials."""
    found = await context.services.meetings.upcoming(context.me)
    lines, rows = [], []
    for meeting, answer in found.ahead:
        state = (
            _("time poll")
            if meeting.status is MeetingStatus.POLLING
            else answer_name(answer or Answer.INVITED)
        )
        when = local_time(meeting, meeting.starts_at)
        lines.append(f"#{meeting.id} {when} «{meeting.title}» — {state}")
        label = f"#{meeting.id} {meeting.title}"[:60]
        rows.append([InlineKeyboardButton(label, callback_data=OPEN(meeting.id))])
    text = (
        _("Upcoming meetings:") + "\n" + "\n".join(lines) if lines else _("No upcoming meetings.")
    )
    past = found.past_with_materials
    if past:
        text += "\n\n" + _("Past meetings with materials:") + "\n"
        text += "\n".join(f"#{m.id} {local_time(m, m.starts_at)} «{m.title}»" for m in past)
        rows += [
            [InlineKeyboardButton(f"#{m.id} {m.title}"[:60], callback_data=MATERIALS(m.id))]
            for m in past
        ]
    await reply(
        update, text + "\n\n" + _("Open one with /meeting <number>."), reply_markup=markup(rows)
    )


async def show_meeting(update: Update, context: BotContext) -> None:
    """/meeting <number>: the card with its buttons."""
    if not context.args:
        await reply(update, _("Send /meeting <number>; /meetings lists them."))
        return
    meeting_id = meeting_number(context.args[0])
    text, reply_markup = shown(await context.services.meetings.card(context.me, meeting_id))
    await reply(update, text, reply_markup=reply_markup)


async def open_meeting(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (meeting_id,) = OPEN.decode(query.data)
    text, reply_markup = shown(await context.services.meetings.card(context.me, meeting_id))
    await query.answer()
    await reply(update, text, reply_markup=reply_markup)


async def _answered(query: CallbackQuery, context: BotContext, result: Rsvp) -> None:
    """Say how the answer was taken (with the place in the queue when waiting), tell whoever
    moved up from the waiting list, and keep the group chat's card current."""
    if result.answer is Answer.WAITING:
        text = _("The meeting is full: you are on the waiting list, place {n} in the queue.")
        await query.answer(text.format(n=result.card.position), show_alert=True)
    else:
        await query.answer(_("Your answer: {answer}.").format(answer=answer_name(result.answer)))
    meeting = result.card.meeting
    if result.promoted:
        await tell_promoted(context.community, meeting, result.card.going, result.promoted)
    group_card.refresh_soon(context.community, meeting)


async def answer_invitation(update: Update, context: BotContext) -> None:
    """Going / Maybe / Not going (also "I can't come" under a reminder); full meetings put
    people on the waiting list."""
    query = pressed(update)
    meeting_id, code = ANSWER.decode(query.data)
    result = await context.services.meetings.rsvp(context.me, meeting_id, ANSWERS[code])
    await _answered(query, context, result)
    await refresh(query, shown(result.card))


async def answer_in_group(update: Update, context: BotContext) -> None:
    """An answer under the card in a working group's chat; the person gets their own card
    (with the online link once going) privately."""
    query = pressed(update)
    meeting_id, code = GROUP_ANSWER.decode(query.data)
    result = await context.services.meetings.rsvp(context.me, meeting_id, ANSWERS[code])
    await _answered(query, context, result)
    if result.changed and result.answer in (Answer.GOING, Answer.WAITING):
        await tell(context.community, context.me, lambda: shown(result.card))


async def vote_slot(update: Update, context: BotContext) -> None:
    """Yes / Maybe / No for one candidate time."""
    query = pressed(update)
    slot_id, code = VOTE.decode(query.data)
    view = await context.services.meetings.vote(context.me, slot_id, VOTES[code])
    await query.answer(_("Thank you, noted."))
    await refresh(query, shown(view))


async def send_full_text(update: Update, context: BotContext) -> None:
    """ "Read in full" under a shortened card: the whole card, privately, in parts."""
    query = pressed(update)
    (meeting_id,) = FULL_TEXT.decode(query.data)
    view = await context.services.meetings.card(context.me, meeting_id)
    await query.answer()
    await send_parts(context.bot, context.me.telegram_id, full_card(view))


async def send_calendar(update: Update, context: BotContext) -> None:
    """The meeting as an .ics file; the online link inside only for those registered."""
    query = pressed(update)
    (meeting_id,) = CALENDAR.decode(query.data)
    domain = context.bot.username or "bot"
    content = await context.services.meetings.calendar(context.me, meeting_id, domain=domain)
    await query.answer()
    caption = _(
        "The calendar file of meeting #{id}: open it to add the meeting to your calendar, "
        "with a reminder. If the meeting changes, take a new file here."
    ).format(id=meeting_id)
    await context.bot.send_document(
        context.me.telegram_id,
        InputFile(content, filename=f"meeting-{meeting_id}.ics"),
        caption=caption,
    )


async def show_materials(update: Update, context: BotContext) -> None:
    """Links and files attached to a meeting, for its audience."""
    query = pressed(update)
    (meeting_id,) = MATERIALS.decode(query.data)
    found = await context.services.meetings.materials(context.me, meeting_id)
    await query.answer()
    title = found.meeting.title
    if not found.items:
        await reply(update, _("No materials for «{title}» yet.").format(title=title))
        return
    lines = [_("Materials of «{title}»:").format(title=title)]
    lines += [item.url for item in found.items if item.url]
    lines += [item.file_name or _("file") for item in found.items if item.file_id]
    await reply(update, "\n".join(lines))
    for item in found.items:
        if item.file_id:
            await context.bot.send_document(context.me.telegram_id, item.file_id)
