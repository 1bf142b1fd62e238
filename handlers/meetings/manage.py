"""The organiser's buttons under a meeting's card: the attendees and their CSV, fixing the
time of a poll, cancelling."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.context import BotContext
from bot.i18n import _, ngettext
from bot.meetings.files import attendee_csv
from handlers.kit import pages
from handlers.kit.replies import pressed, reply
from handlers.meetings.buttons import (
    ATTENDEES,
    ATTENDEES_PAGE,
    CANCEL,
    CANCEL_NO,
    CANCEL_YES,
    EXPORT,
    FIX,
)
from handlers.meetings.notices import schedule, schedule_announcement, unschedule
from handlers.meetings.render import answer_name, local_time, when_text

ATTENDEES_PER_PAGE = 50  # short lines: a page of a big meeting stays readable


async def show_attendees(update: Update, context: BotContext) -> None:
    """The answers, numbered, page by page (the Attendees button: a new message)."""
    (meeting_id,) = ATTENDEES.decode(pressed(update).data)
    await _attendees(update, context, meeting_id, 0, edit=False)


async def turn_attendees(update: Update, context: BotContext) -> None:
    """‹ › under the answers: that page, in place."""
    meeting_id, number = ATTENDEES_PAGE.decode(pressed(update).data)
    await _attendees(update, context, meeting_id, number, edit=True)


async def _attendees(
    update: Update, context: BotContext, meeting_id: int, number: int, *, edit: bool
) -> None:
    found = await context.services.meetings.attendees(context.me, meeting_id)
    header = _("Answers for «{title}»:").format(title=found.meeting.title)
    lines = [
        f"{place}. {line.name} — {answer_name(line.answer)}"
        for place, line in enumerate(found.lines, start=1)
    ] or [_("Nobody has answered yet.")]
    invited = found.invitations
    if invited.total:
        lines.append(
            "\n"
            + _(
                "Invitations: delivered {sent}, blocked the bot {blocked}, failed {failed}, "
                "still to send {pending}."
            ).format(
                sent=invited.sent,
                blocked=invited.blocked,
                failed=invited.failed,
                pending=invited.pending,
            )
        )
    shown = pages.page(lines, number, header=header, per_page=ATTENDEES_PER_PAGE)
    markup = pages.markup(shown, partial(ATTENDEES_PAGE, meeting_id))
    await pages.show(update, pages.page_text(header, shown), markup, edit=edit)


async def export_attendees(update: Update, context: BotContext) -> None:
    """The answers as a CSV file, for the meeting's organiser only."""
    query = pressed(update)
    (meeting_id,) = EXPORT.decode(query.data)
    found = await context.services.meetings.attendees(context.me, meeting_id)
    await query.answer()
    meeting = found.meeting
    header = [_("Name"), _("Username"), _("Answer"), _("Answered at"), _("Rating"), _("Comment")]
    content = attendee_csv(
        header,
        (
            [
                line.name,
                line.username or "",
                answer_name(line.answer),
                local_time(meeting, line.answered_at) if line.answered_at else "",
                str(line.rating or ""),
                line.comment or "",
            ]
            for line in found.lines
        ),
    )
    await context.bot.send_document(
        context.me.telegram_id, InputFile(content, filename=f"meeting-{meeting.id}-attendees.csv")
    )


async def fix_time(update: Update, context: BotContext) -> None:
    """One press: the poll's best time becomes the meeting's time; invitations go out."""
    query = pressed(update)
    meeting_id, slot_id = FIX.decode(query.data)
    fixed = await context.services.meetings.fix_time(context.me, meeting_id, slot_id)
    await query.answer()
    schedule(context.community, fixed.jobs)
    text = _("The time is fixed: {when}. The invitations are going out.").format(
        when=when_text(fixed.meeting)
    )
    await query.edit_message_text(text)


async def ask_cancel(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (meeting_id,) = CANCEL.decode(query.data)
    meeting = await context.services.meetings.managed(context.me, meeting_id)
    await query.answer()
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Yes, cancel it"), callback_data=CANCEL_YES(meeting.id)),
                InlineKeyboardButton(_("No, keep it"), callback_data=CANCEL_NO(meeting.id)),
            ]
        ]
    )
    text = _("Cancel «{title}»? Everyone who answered will be told.").format(title=meeting.title)
    await reply(update, text, reply_markup=keyboard)


async def confirm_cancel(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (meeting_id,) = CANCEL_YES.decode(query.data)
    cancelled = await context.services.meetings.cancel(context.me, meeting_id)
    await query.answer()
    unschedule(context.community, meeting_id)
    schedule_announcement(context.community, meeting_id, cancelled.announcement)
    await query.edit_message_text(
        ngettext(
            "The meeting is cancelled; {n} person who answered is being told.",
            "The meeting is cancelled; {n} people who answered are being told.",
            cancelled.told,
        )
    )


async def keep_meeting(update: Update, context: BotContext) -> None:
    query = pressed(update)
    await query.answer()
    await query.edit_message_text(_("Nothing changed."))
