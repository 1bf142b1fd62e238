"""The organiser's buttons under a meeting's card: the attendees and their CSV, fixing the
time of a poll (cancelling is a dialogue, in `changes`)."""

from __future__ import annotations

from functools import partial

from telegram import InputFile, Update

from bot.context import BotContext
from bot.i18n import _, ngettext
from bot.meetings.files import attendee_csv
from handlers.kit import pages
from handlers.kit.replies import pressed
from handlers.meetings.buttons import ATTENDEES, ATTENDEES_PAGE, EXPORT, FIX
from handlers.meetings.notices import schedule, unschedule
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
    """One press: the chosen candidate time becomes the meeting's time; those who said Yes
    to it are going; invitations go out."""
    query = pressed(update)
    meeting_id, slot_id = FIX.decode(query.data)
    fixed = await context.services.meetings.fix_time(context.me, meeting_id, slot_id)
    await query.answer()
    unschedule(context.community, meeting_id)  # the poll's reminder and close
    schedule(context.community, fixed.jobs)
    text = _("The time is fixed: {when}. The invitations are going out.").format(
        when=when_text(fixed.meeting)
    )
    text += "\n" + ngettext(
        "{n} person who said Yes to this time is registered as going.",
        "{n} people who said Yes to this time are registered as going.",
        fixed.going,
    )
    if fixed.waiting:
        text += "\n" + ngettext(
            "{n} more is on the waiting list.", "{n} more are on the waiting list.", fixed.waiting
        )
    await query.edit_message_text(text)
