"""A time poll's card: the candidate times with one's own votes, the buttons to vote, and for
its organiser the tallies with a button to fix each time."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.i18n import _
from bot.meetings.views import MeetingView, SlotTally, SlotView
from handlers.meetings.buttons import CANCEL, FIX, VOTE
from handlers.meetings.moments import local_time
from models import SlotVote

Rows = list[list[InlineKeyboardButton]]


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


_VOTE_NAMES = {SlotVote.YES: "✅", SlotVote.MAYBE: "❔", SlotVote.NO: "❌"}


def poll_text(
    meeting: MeetingView, slots: tuple[SlotView, ...], own: Mapping[int, SlotVote]
) -> str:
    lines = [
        _("When shall we meet for «{title}» (#{id})?").format(title=meeting.title, id=meeting.id),
        _("Answer Yes, Maybe or No for each time."),
    ]
    if meeting.group_name:
        lines.insert(1, _("Working group: {name}").format(name=meeting.group_name))
    if meeting.poll_deadline is not None:
        lines.append(
            _("Voting until {when}.").format(when=local_time(meeting, meeting.poll_deadline))
        )
    for slot in slots:
        mark = _VOTE_NAMES.get(own[slot.id], "") if slot.id in own else "·"
        lines.append(f"{mark} {local_time(meeting, slot.starts_at)}")
    return "\n".join(lines)


def poll_rows(meeting: MeetingView, slots: tuple[SlotView, ...]) -> Rows:
    rows = []
    for slot in slots:
        time_label = f"{slot.starts_at.astimezone(ZoneInfo(meeting.timezone)):%d.%m %H:%M}"
        rows.append(
            [
                _button(f"{time_label}: {_('Yes')}", VOTE(slot.id, "y")),
                _button(_("Maybe"), VOTE(slot.id, "m")),
                _button(_("No"), VOTE(slot.id, "n")),
            ]
        )
    return rows


def tally_text(meeting: MeetingView, tallies: tuple[SlotTally, ...]) -> str:
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


def fix_rows(meeting: MeetingView, tallies: tuple[SlotTally, ...]) -> Rows:
    """A button per candidate time, best first: any of them can be chosen."""
    if not tallies:
        return []
    rows = []
    for number, entry in enumerate(tallies):
        when = local_time(meeting, entry.slot.starts_at)
        label = _("Fix the best time: {when}") if number == 0 else _("Fix: {when}")
        rows.append([_button(label.format(when=when), FIX(meeting.id, entry.slot.id))])
    return [*rows, [_button(_("Cancel meeting"), CANCEL(meeting.id))]]
