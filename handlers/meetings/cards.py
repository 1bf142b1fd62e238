"""/meetings and /meeting: the list with one's answers, a meeting's card and its buttons
(answers, calendar file, votes, attendees, export, changes, materials, feedback)."""

from __future__ import annotations

import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, filters

from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.context import BotContext
from bot.i18n import N_, _, ngettext
from bot.meetings import service as meetings
from bot.meetings.files import attendee_csv, calendar_event
from bot.meetings.parsing import InvalidInput
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from handlers.meetings import group_chat as meeting_groups
from handlers.meetings import new as meeting_new
from handlers.meetings.buttons import (
    button,
    explain,
    managed_meeting,
    number,
    parts_of,
    two_numbers,
    visible_meeting,
)
from handlers.meetings.changes import dialogues
from handlers.meetings.notices import (
    REMINDERS_KEY,
    announce,
    invitations_kind,
    plan,
    restore,
    schedule_invitations,
    tell_promoted,
    unschedule,
    working_groups,
)
from handlers.meetings.render import (
    PREFIX,
    answer_name,
    card,
    fix_keyboard,
    local_time,
    manager_keyboard,
    markup,
    member_keyboard,
    poll_markup,
    poll_text,
    tally_text,
    when_text,
)
from models import Answer, Meeting, MeetingStatus, Role, SlotVote, utcnow

_ANSWERS = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NOT_GOING}
_VOTES = {"y": SlotVote.YES, "m": SlotVote.MAYBE, "n": SlotVote.NO}


async def view(context: BotContext, meeting: Meeting) -> tuple[str, InlineKeyboardMarkup | None]:
    """The meeting as this person sees it, with the buttons they may press."""
    db, me = context.services.db, context.me
    assert meeting.id is not None
    manage = meetings.may_manage(meeting, me)
    if meeting.status is MeetingStatus.POLLING:
        slots = await meetings.slots(db, meeting.id)
        text = poll_text(meeting, slots, await meetings.votes_of(db, meeting.id, me.id))
        rows = list(poll_markup(meeting, slots).inline_keyboard)
        if manage:
            tallies = await meetings.tally(db, meeting.id)
            text += "\n\n" + tally_text(meeting, tallies)
            rows += fix_keyboard(meeting, tallies)
        return text, markup([list(row) for row in rows])
    answer = await meetings.answer_of(db, meeting.id, me.id)
    going = await meetings.count_going(db, meeting.id)
    text = card(meeting, answer=answer, going=going, show_link=manage or answer is Answer.GOING)
    if meeting.status is MeetingStatus.CANCELLED:
        return text, None
    now = utcnow()
    rows = member_keyboard(meeting, now)
    if manage:
        rows += manager_keyboard(meeting, now)
        count, average = await meetings.feedback_summary(db, meeting.id)
        if count:
            text += "\n" + ngettext(
                "Feedback: {n} rating, average {average}.",
                "Feedback: {n} ratings, average {average}.",
                count,
                average=f"{average:.1f}",
            )
    return text, markup(rows)


async def _refresh(update: Update, context: BotContext, meeting: Meeting) -> None:
    """Show the meeting's current state in the message whose button was pressed."""
    assert update.callback_query is not None and meeting.id is not None
    fresh = await meetings.get(context.services.db, meeting.id)
    text, reply_markup = await view(context, fresh or meeting)
    try:
        await update.callback_query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as error:  # unchanged (the same answer twice)
        if "not modified" not in str(error):
            raise


@require_role(Role.MEMBER)
async def list_meetings(update: Update, context: BotContext) -> None:
    """Upcoming meetings with one's own answer; past ones with materials."""
    db, me = context.services.db, context.me
    groups = working_groups(context.application)
    now = utcnow()
    lines, rows = [], []
    for meeting, answer in await meetings.upcoming_for(db, me, now):
        if not await meetings.in_audience(db, meeting, me, groups):
            continue
        state = (
            _("time poll")
            if meeting.status is MeetingStatus.POLLING
            else answer_name(answer or Answer.INVITED)
        )
        when = local_time(meeting, meeting.starts_at)
        lines.append(f"#{meeting.id} {when} «{meeting.title}» — {state}")
        rows.append(
            [
                InlineKeyboardButton(
                    f"#{meeting.id} {meeting.title}"[:60],
                    callback_data=f"{PREFIX}open:{meeting.id}",
                )
            ]
        )
    text = (
        _("Upcoming meetings:") + "\n" + "\n".join(lines) if lines else _("No upcoming meetings.")
    )
    past = [
        m
        for m in await meetings.with_materials(db)
        if m.ends_at <= now and await meetings.in_audience(db, m, me, groups)
    ]
    if past:
        text += "\n\n" + _("Past meetings with materials:") + "\n"
        text += "\n".join(f"#{m.id} {local_time(m, m.starts_at)} «{m.title}»" for m in past)
        rows += [
            [InlineKeyboardButton(f"#{m.id} {m.title}"[:60], callback_data=f"{PREFIX}mat:{m.id}")]
            for m in past
        ]
    await reply(
        update, text + "\n\n" + _("Open one with /meeting <number>."), reply_markup=markup(rows)
    )


@require_role(Role.MEMBER)
async def show_meeting(update: Update, context: BotContext) -> None:
    """/meeting <number>: the card with its buttons."""
    if not context.args:
        await reply(update, _("Send /meeting <number>; /meetings lists them."))
        return
    meeting = await visible_meeting(update, context, context.args[0])
    if meeting is not None:
        text, reply_markup = await view(context, meeting)
        await reply(update, text, reply_markup=reply_markup)


@require_role(Role.MEMBER)
async def open_meeting(update: Update, context: BotContext) -> None:
    meeting = await visible_meeting(update, context, parts_of(update)[1])
    if meeting is not None:
        await update.callback_query.answer()  # type: ignore[union-attr]
        text, reply_markup = await view(context, meeting)
        await reply(update, text, reply_markup=reply_markup)


@require_role(Role.MEMBER)
async def answer_invitation(update: Update, context: BotContext) -> None:
    """Going / Maybe / Not going; full meetings put people on the waiting list."""
    query = update.callback_query
    assert query is not None
    parts = parts_of(update)
    wanted = _ANSWERS.get(parts[2]) if len(parts) == 3 else None
    meeting = await visible_meeting(update, context, parts[1])
    if meeting is None or meeting.id is None:
        return
    if wanted is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    try:
        result = await meetings.answer(
            context.services.db, meeting.id, context.me.id, wanted, utcnow()
        )
    except InvalidInput as error:
        await query.answer(explain(error), show_alert=True)
        return
    if result.answer is Answer.WAITING:
        await query.answer(_("The meeting is full: you are on the waiting list."), show_alert=True)
    else:
        await query.answer(_("Your answer: {answer}.").format(answer=answer_name(result.answer)))
    await _refresh(update, context, meeting)
    if result.promoted:
        await tell_promoted(context, meeting, result.promoted)


@require_role(Role.MEMBER)
async def send_calendar(update: Update, context: BotContext) -> None:
    """The meeting as an .ics file; the online link inside only for those registered."""
    meeting = await visible_meeting(update, context, parts_of(update)[1])
    if meeting is None or meeting.id is None:
        return
    if meeting.status is MeetingStatus.POLLING:
        await update.callback_query.answer(  # type: ignore[union-attr]
            _("The time of this meeting is not fixed yet."), show_alert=True
        )
        return
    answer = await meetings.answer_of(context.services.db, meeting.id, context.me.id)
    registered = answer is Answer.GOING or meetings.may_manage(meeting, context.me)
    content = calendar_event(meeting, domain=context.bot.username or "bot", include_link=registered)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await context.bot.send_document(
        context.me.telegram_id, InputFile(content, filename=f"meeting-{meeting.id}.ics")
    )


@require_role(Role.MEMBER)
async def show_attendees(update: Update, context: BotContext) -> None:
    meeting = await managed_meeting(update, context, parts_of(update)[1])
    if meeting is None or meeting.id is None:
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    rows = await meetings.attendees(context.services.db, meeting.id)
    lines = [_("Answers for «{title}»:").format(title=meeting.title)]
    lines += [
        f"{number}. {person.display_name} — {answer_name(row.answer)}"
        for number, (person, row) in enumerate(rows, start=1)
    ]
    if not rows:
        lines.append(_("Nobody has answered yet."))
    invited = await context.application.services.outbox.counts_of_kind(invitations_kind(meeting.id))
    if invited.total:
        lines += [
            "",
            _(
                "Invitations: delivered {sent}, blocked the bot {blocked}, failed {failed}, "
                "still to send {pending}."
            ).format(
                sent=invited.sent,
                blocked=invited.blocked,
                failed=invited.failed,
                pending=invited.pending,
            ),
        ]
    await reply(update, "\n".join(lines))


@require_role(Role.MEMBER)
async def export_attendees(update: Update, context: BotContext) -> None:
    """The answers as a CSV file, for the meeting's organiser only."""
    meeting = await managed_meeting(update, context, parts_of(update)[1])
    if meeting is None or meeting.id is None:
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    rows = await meetings.attendees(context.services.db, meeting.id)
    header = [_("Name"), _("Username"), _("Answer"), _("Answered at"), _("Rating"), _("Comment")]
    content = attendee_csv(
        header,
        (
            [
                person.display_name,
                person.username or "",
                answer_name(row.answer),
                local_time(meeting, row.answered_at) if row.answered_at else "",
                str(row.rating or ""),
                row.comment or "",
            ]
            for person, row in rows
        ),
    )
    await context.bot.send_document(
        context.me.telegram_id, InputFile(content, filename=f"meeting-{meeting.id}-attendees.csv")
    )


@require_role(Role.MEMBER)
async def vote_slot(update: Update, context: BotContext) -> None:
    """Yes / Maybe / No for one candidate time."""
    query = update.callback_query
    assert query is not None
    parts = parts_of(update)
    choice = _VOTES.get(parts[2]) if len(parts) == 3 else None
    slot_id = number(parts[1]) if len(parts) > 1 else None
    if choice is None or slot_id is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    db = context.services.db
    meeting = await meetings.meeting_of_slot(db, slot_id)
    groups = working_groups(context.application)
    if meeting is None or not await meetings.in_audience(db, meeting, context.me, groups):
        await query.answer(_("There is no such meeting for you."), show_alert=True)
        return
    try:
        meeting = await meetings.vote(db, slot_id, context.me.id, choice)
    except InvalidInput as error:
        await query.answer(explain(error), show_alert=True)
        return
    await query.answer(_("Thank you, noted."))
    await _refresh(update, context, meeting)


@require_role(Role.MEMBER)
async def fix_time(update: Update, context: BotContext) -> None:
    """One press: the poll's best time becomes the meeting's time; invitations go out."""
    query = update.callback_query
    assert query is not None
    meeting_id, slot_id = two_numbers(update)
    if meeting_id is None or slot_id is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    try:
        meeting = await meetings.fix_slot(
            context.services.db, context.me, meeting_id, slot_id, utcnow()
        )
    except InvalidInput as error:
        await query.answer(explain(error), show_alert=True)
        return
    await query.answer()
    schedule_invitations(context.application, meeting_id)
    await plan(context.application, meeting)
    text = _("The time is fixed: {when}. The invitations are going out.").format(
        when=when_text(meeting)
    )
    await query.edit_message_text(text)


@require_role(Role.MEMBER)
async def ask_cancel(update: Update, context: BotContext) -> None:
    meeting = await managed_meeting(update, context, parts_of(update)[1])
    if meeting is None:
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, cancel it"), callback_data=f"{PREFIX}cxy:{meeting.id}"
                ),
                InlineKeyboardButton(_("No, keep it"), callback_data=f"{PREFIX}cxn:{meeting.id}"),
            ]
        ]
    )
    text = _("Cancel «{title}»? Everyone who answered will be told.").format(title=meeting.title)
    await reply(update, text, reply_markup=keyboard)


@require_role(Role.MEMBER)
async def confirm_cancel(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    meeting_id = number(parts_of(update)[1])
    try:
        meeting = await meetings.cancel(context.services.db, context.me, meeting_id or 0, utcnow())
    except InvalidInput as error:
        await query.answer(explain(error), show_alert=True)
        return
    await query.answer()
    unschedule(context.application, meeting_id or 0)
    told = await announce(context.application, meeting.id, "cancel")  # type: ignore[arg-type]
    await query.edit_message_text(
        ngettext(
            "The meeting is cancelled; {n} person who answered is being told.",
            "The meeting is cancelled; {n} people who answered are being told.",
            told,
        )
    )


async def keep_meeting(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(_("Nothing changed."))


@require_role(Role.MEMBER)
async def show_materials(update: Update, context: BotContext) -> None:
    """Links and files attached to a meeting, for its audience."""
    meeting = await visible_meeting(update, context, parts_of(update)[1])
    if meeting is None or meeting.id is None:
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    found = await meetings.materials(context.services.db, meeting.id)
    if not found:
        await reply(update, _("No materials for «{title}» yet.").format(title=meeting.title))
        return
    lines = [_("Materials of «{title}»:").format(title=meeting.title)]
    lines += [item.url for item in found if item.url]
    lines += [item.file_name or _("file") for item in found if item.file_id]
    await reply(update, "\n".join(lines))
    for item in found:
        if item.file_id:
            await context.bot.send_document(context.me.telegram_id, item.file_id)


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    catalogue.add(
        CommandSpec("newmeeting", N_("create a meeting or a time poll"), Role.MEMBER),
        CommandSpec("meetings", N_("upcoming meetings"), Role.MEMBER),
        CommandSpec("meeting", N_("one meeting: answer, calendar, materials"), Role.MEMBER),
    )
    application.add_handler(meeting_new.conversation())
    meeting_groups.register(application)  # /newmeeting, /meeting in a working group's chat
    for dialogue in dialogues():
        application.add_handler(dialogue)
    private = filters.ChatType.PRIVATE  # cards may carry the online link: never in groups
    application.add_handler(CommandHandler("meetings", list_meetings, filters=private))
    application.add_handler(CommandHandler("meeting", show_meeting, filters=private))
    for callback, names in [
        (open_meeting, ("open",)),
        (answer_invitation, ("a",)),
        (send_calendar, ("ics",)),
        (show_attendees, ("list",)),
        (export_attendees, ("csv",)),
        (vote_slot, ("v",)),
        (fix_time, ("fix",)),
        (ask_cancel, ("cx",)),
        (confirm_cancel, ("cxy",)),
        (keep_meeting, ("cxn",)),
        (show_materials, ("mat",)),
    ]:
        application.add_handler(button(callback, *names))
    application.bot_data[REMINDERS_KEY] = meetings.reminder_offsets(
        os.environ.get(meetings.REMINDERS_VARIABLE)
    )
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name="meetings.restore")
