"""How a meeting looks in a chat: its card, its buttons, the time poll. Rendered in the
current locale (wrap in use_locale for someone else's)."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.text import MESSAGE, fit_lines
from bot.i18n import _, ngettext
from bot.meetings.views import Card, MeetingView, when_text
from handlers.meetings.buttons import (
    ADD_MATERIAL,
    ANSWER,
    ATTENDEES,
    CALENDAR,
    CANCEL,
    EDIT_PLACE,
    EDIT_TIME,
    EXPORT,
    FULL_TEXT,
    GROUP_ANSWER,
    MATERIALS,
)
from handlers.meetings.moments import local_time
from handlers.meetings.poll_card import fix_rows, poll_rows, poll_text, tally_text
from models import Answer, MeetingStatus, utcnow

Rows = list[list[InlineKeyboardButton]]
Rendered = tuple[str, InlineKeyboardMarkup | None]
CARD_ROOM = MESSAGE - 400  # room for a notice's headline above the card (it names the title)


def answer_name(answer: Answer) -> str:
    names = {
        Answer.INVITED: _("no answer yet"),
        Answer.GOING: _("going"),
        Answer.WAITING: _("on the waiting list"),
        Answer.MAYBE: _("maybe"),
        Answer.NOT_GOING: _("not going"),
    }
    return names[answer]


def card_lines(
    meeting: MeetingView,
    *,
    answer: Answer | None,
    going: int,
    show_link: bool,
    position: int | None = None,
) -> tuple[list[str], list[int]]:
    """The meeting as a member sees it, and where its lines that grow are (the place, the
    agenda); the online link only for those registered, and for someone waiting their place
    in the queue."""
    lines = [f"«{meeting.title}» (#{meeting.id})"]
    growing = []
    if meeting.group_name:
        lines.append(_("Working group: {name}").format(name=meeting.group_name))
    if meeting.status is MeetingStatus.CANCELLED:
        lines.append(_("CANCELLED"))
        if meeting.cancel_reason:
            lines.append(_("Reason: {reason}").format(reason=meeting.cancel_reason))
    if meeting.status is MeetingStatus.POLLING:
        lines.append(_("The time is being chosen."))
    else:
        lines.append(_("When: {when}").format(when=when_text(meeting)))
    if meeting.place:
        growing.append(len(lines))
        lines.append(_("Where: {place}").format(place=meeting.place))
    if meeting.online_link:
        lines.append(
            _("Online: {link}").format(link=meeting.online_link)
            if show_link
            else _("Online: the link is shown once you register (Going).")
        )
    if meeting.agenda:
        growing.append(len(lines))
        lines.append(_("Agenda: {agenda}").format(agenda=meeting.agenda))
    if meeting.capacity is not None:
        lines.append(
            _("Places taken: {going} of {capacity}.").format(going=going, capacity=meeting.capacity)
        )
    elif meeting.status is MeetingStatus.SCHEDULED and going:
        lines.append(ngettext("{n} person is going.", "{n} people are going.", going))
    if meeting.registration_deadline is not None:
        lines.append(
            _("Registration until {when}.").format(
                when=local_time(meeting, meeting.registration_deadline)
            )
        )
    if answer is Answer.WAITING and position is not None:
        lines.append(
            _("Your answer: on the waiting list, place {n} in the queue.").format(n=position)
        )
    elif answer is not None:
        lines.append(_("Your answer: {answer}.").format(answer=answer_name(answer)))
    return lines, growing


def card(
    meeting: MeetingView,
    *,
    answer: Answer | None,
    going: int,
    show_link: bool,
    position: int | None = None,
) -> str:
    """The card as part of one message: the place and the agenda shortened with "…" when
    it would not fit under a notice's headline."""
    lines, growing = card_lines(
        meeting, answer=answer, going=going, show_link=show_link, position=position
    )
    return fit_lines(lines, growing, CARD_ROOM)


def full_card(view: Card) -> str:
    """Everything the card says to its reader, however long (sent in parts)."""
    show_link = view.manager or view.answer is Answer.GOING
    meeting = view.meeting
    lines, _growing = card_lines(
        meeting,
        answer=view.answer,
        going=view.going,
        show_link=show_link,
        position=view.position,
    )
    return "\n".join(lines)


def shown(view: Card) -> Rendered:
    """A card as its reader sees it, with the buttons they may press: the time poll (with the
    tallies and the buttons to fix or cancel, for its organiser), or the meeting."""
    meeting = view.meeting
    if meeting.status is MeetingStatus.POLLING:
        text = poll_text(meeting, view.slots, view.votes)
        rows = poll_rows(meeting, view.slots)
        if view.manager:
            text += "\n\n" + tally_text(meeting, view.tallies)
            rows += fix_rows(meeting, view.tallies)
        return text, markup(rows)
    show_link = view.manager or view.answer is Answer.GOING
    text = card(
        meeting,
        answer=view.answer,
        going=view.going,
        show_link=show_link,
        position=view.position,
    )
    if meeting.status is MeetingStatus.CANCELLED:
        return text, None
    now = utcnow()
    rows = member_rows(meeting, now)
    if text != full_card(view):
        rows.append([_button(_("Read in full"), FULL_TEXT(meeting.id))])
    if view.manager:
        rows += manager_rows(meeting, now)
        if view.feedback.count:
            average = format(view.feedback.average or 0, ".1f")
            text += "\n" + ngettext(
                "Feedback: {n} rating, average {average}.",
                "Feedback: {n} ratings, average {average}.",
                view.feedback.count,
                average=average,
            )
    return text, markup(rows)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def member_rows(meeting: MeetingView, now: datetime) -> Rows:
    """Going / Maybe / Not going until the start; the calendar file and the materials."""
    rows = []
    if meeting.status is MeetingStatus.SCHEDULED and meeting.starts_at > now:
        rows.append(
            [
                _button(_("Going"), ANSWER(meeting.id, "g")),
                _button(_("Maybe"), ANSWER(meeting.id, "m")),
                _button(_("Not going"), ANSWER(meeting.id, "n")),
            ]
        )
    rows.append(
        [
            _button(_("Calendar (.ics)"), CALENDAR(meeting.id)),
            _button(_("Materials"), MATERIALS(meeting.id)),
        ]
    )
    return rows


def manager_rows(meeting: MeetingView, now: datetime) -> Rows:
    """Answers and export always; changes and cancellation until the meeting is over."""
    rows = [
        [
            _button(_("Attendees"), ATTENDEES(meeting.id)),
            _button(_("Export CSV"), EXPORT(meeting.id)),
        ]
    ]
    if meeting.ends_at > now:
        rows.append(
            [
                _button(_("Change time"), EDIT_TIME(meeting.id)),
                _button(_("Change place"), EDIT_PLACE(meeting.id)),
            ]
        )
    rows.append([_button(_("Add material"), ADD_MATERIAL(meeting.id))])
    if meeting.ends_at > now:
        rows[-1].append(_button(_("Cancel meeting"), CANCEL(meeting.id)))
    return rows


def markup(rows: Rows) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup(rows) if rows else None


def invitation_markup(meeting: MeetingView) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(member_rows(meeting, utcnow()))


def group_card(meeting: MeetingView, going: int) -> Rendered:
    """The card in the working group's chat: no online link (it goes privately to those who
    register) and answer buttons while the meeting is ahead."""
    text = _("A meeting of the working group.") + "\n\n"
    text += card(meeting, answer=None, going=going, show_link=False)
    if meeting.status is not MeetingStatus.SCHEDULED or meeting.starts_at <= utcnow():
        return text, None
    labels = {"g": _("Going"), "m": _("Maybe"), "n": _("Not going")}
    row = [_button(label, GROUP_ANSWER(meeting.id, code)) for code, label in labels.items()]
    return text, InlineKeyboardMarkup([row])


def cant_come_markup(meeting: MeetingView) -> InlineKeyboardMarkup:
    """Under a reminder: one press frees the place."""
    return InlineKeyboardMarkup([[_button(_("I can't come"), ANSWER(meeting.id, "n"))]])
