"""The organiser's buttons under a meeting's card: the attendees and their CSV, fixing the
time of a poll, cancelling."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.context import BotContext
from bot.i18n import _, ngettext
from bot.meetings.files import attendee_csv
from handlers.kit.replies import pressed, reply
from handlers.meetings.buttons import ATTENDEES, CANCEL, CANCEL_NO, CANCEL_YES, EXPORT, FIX
from handlers.meetings.notices import schedule, schedule_announcement, unschedule
from handlers.meetings.render import answer_name, local_time, when_text


async def show_attendees(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (meeting_id,) = ATTENDEES.decode(query.data)
    found = await context.services.meetings.attendees(context.me, meeting_id)
    await query.answer()
    lines = [_("Answers for «{title}»:").format(title=found.meeting.title)]
    lines += [
        f"{number}. {line.name} — {answer_name(line.answer)}"
        for number, line in enumerate(found.lines, start=1)
    ]
    if not found.lines:
        lines.append(_("Nobody has answered yet."))
    invited = found.invitations
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


async def export_attendees(update: Update, context: BotContext) -> None:
    """The answers as a CSV file, for the meeting's organiser only."""
    query = pressed(update)
    (meeting_id,) = EXPORT.decode(query.data)
    found = await context.services.meetings.attendees(context.me, meeting_id)
    await query.answer()
    meeting = found.meeting
    header = [_("Name"), _("Contact"), _("Answer"), _("Answered at"), _("Rating"), _("Comment")]
    content = attendee_csv(
        header,
        (
            [
                line.name,
                line.contact or "",
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
    """ "No, keep it": nothing changes (for the one who may cancel it)."""
    query = pressed(update)
    (meeting_id,) = CANCEL_NO.decode(query.data)
    await context.services.meetings.managed(context.me, meeting_id)
    await query.answer()
    await query.edit_message_text(_("Nothing changed."))
