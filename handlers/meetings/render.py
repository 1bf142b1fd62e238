"""How a meeting looks in a chat: its card, its buttons, the time poll. Rendered in the
current locale (wrap in use_locale for someone else's)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import _, ngettext
from bot.meetings.service import SlotTally
from models import Answer, Meeting, MeetingSlot, MeetingStatus, SlotVote, utcnow

PREFIX = "mt:"
GROUP_START = f"{PREFIX}grp:"  # mt:grp:<group id>: /newmeeting for a group, from its chat


def local_time(meeting: Meeting, moment: datetime) -> str:
    return f"{moment.astimezone(ZoneInfo(meeting.timezone)):%d.%m.%Y %H:%M}"


def when_text(meeting: Meeting) -> str:
    zone = ZoneInfo(meeting.timezone)
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%d.%m.%Y %H:%M}"
    return f"{start:%d.%m.%Y %H:%M}–{end_text} ({meeting.timezone})"


def answer_name(answer: Answer) -> str:
    names = {
        Answer.INVITED: _("no answer yet"),
        Answer.GOING: _("going"),
        Answer.WAITING: _("on the waiting list"),
        Answer.MAYBE: _("maybe"),
        Answer.NOT_GOING: _("not going"),
    }
    return names[answer]


def card(meeting: Meeting, *, answer: Answer | None, going: int, show_link: bool) -> str:
    """The meeting as a member sees it; the online link only for those registered."""
    lines = [f"«{meeting.title}» (#{meeting.id})"]
    if meeting.status is MeetingStatus.CANCELLED:
        lines.append(_("CANCELLED"))
    if meeting.status is MeetingStatus.POLLING:
        lines.append(_("The time is being chosen."))
    else:
        lines.append(_("When: {when}").format(when=when_text(meeting)))
    if meeting.place:
        lines.append(_("Where: {place}").format(place=meeting.place))
    if meeting.online_link:
        lines.append(
            _("Online: {link}").format(link=meeting.online_link)
            if show_link
            else _("Online: the link is shown once you register (Going).")
        )
    if meeting.agenda:
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
    if answer is not None:
        lines.append(_("Your answer: {answer}.").format(answer=answer_name(answer)))
    return "\n".join(lines)


def _button(label: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=PREFIX + ":".join(str(p) for p in parts))


def member_keyboard(meeting: Meeting, now: datetime) -> list[list[InlineKeyboardButton]]:
    """Going / Maybe / Not going until the start; the calendar file and the materials."""
    rows = []
    if meeting.status is MeetingStatus.SCHEDULED and meeting.starts_at > now:
        rows.append(
            [
                _button(_("Going"), "a", meeting.id, "g"),
                _button(_("Maybe"), "a", meeting.id, "m"),
                _button(_("Not going"), "a", meeting.id, "n"),
            ]
        )
    rows.append(
        [
            _button(_("Calendar (.ics)"), "ics", meeting.id),
            _button(_("Materials"), "mat", meeting.id),
        ]
    )
    return rows


def manager_keyboard(meeting: Meeting, now: datetime) -> list[list[InlineKeyboardButton]]:
    """Answers and export always; changes and cancellation until the meeting is over."""
    rows = [
        [_button(_("Attendees"), "list", meeting.id), _button(_("Export CSV"), "csv", meeting.id)]
    ]
    if meeting.ends_at > now:
        rows.append(
            [
                _button(_("Change time"), "et", meeting.id),
                _button(_("Change place"), "ep", meeting.id),
            ]
        )
    rows.append([_button(_("Add material"), "am", meeting.id)])
    if meeting.ends_at > now:
        rows[-1].append(_button(_("Cancel meeting"), "cx", meeting.id))
    return rows


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup(rows) if rows else None


def invitation_markup(meeting: Meeting) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(member_keyboard(meeting, utcnow()))


_VOTE_NAMES = {SlotVote.YES: "✅", SlotVote.MAYBE: "❔", SlotVote.NO: "❌"}


def poll_text(meeting: Meeting, slots: list[MeetingSlot], own: dict[int, SlotVote]) -> str:
    lines = [
        _("When shall we meet for «{title}» (#{id})?").format(title=meeting.title, id=meeting.id),
        _("Answer Yes, Maybe or No for each time."),
    ]
    for slot in slots:
        mark = _VOTE_NAMES.get(own[slot.id], "") if slot.id in own else "·"
        lines.append(f"{mark} {local_time(meeting, slot.starts_at)}")
    return "\n".join(lines)


def poll_markup(meeting: Meeting, slots: list[MeetingSlot]) -> InlineKeyboardMarkup:
    rows = []
    for slot in slots:
        time_label = f"{slot.starts_at.astimezone(ZoneInfo(meeting.timezone)):%d.%m %H:%M}"
        rows.append(
            [
                _button(f"{time_label}: {_('Yes')}", "v", slot.id, "y"),
                _button(_("Maybe"), "v", slot.id, "m"),
                _button(_("No"), "v", slot.id, "n"),
            ]
        )
    return InlineKeyboardMarkup(rows)


def tally_text(meeting: Meeting, tallies: list[SlotTally]) -> str:
    lines = [_("Votes so far (best first):")]
    for entry in tallies:
        lines.append(
            _("{when}: yes {yes}, maybe {maybe}, no {no}").format(
                when=local_time(meeting, entry.slot.starts_at),
                yes=entry.yes,
                maybe=entry.maybe,
                no=entry.no,
            )
        )
    return "\n".join(lines)


def fix_keyboard(meeting: Meeting, tallies: list[SlotTally]) -> list[list[InlineKeyboardButton]]:
    if not tallies:
        return []
    best = tallies[0].slot
    label = _("Fix the best time: {when}").format(when=local_time(meeting, best.starts_at))
    return [
        [_button(label, "fix", meeting.id, best.id)],
        [_button(_("Cancel meeting"), "cx", meeting.id)],
    ]
