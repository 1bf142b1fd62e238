"""The meetings buttons: one codec under the prefix "mt", data shapes as they always were, so
buttons in old messages keep working."""

from __future__ import annotations

from typing import Any

from bot.core.callbacks import ID, MAX_ID, NUMBER, PAGE, Callbacks, Field, choice
from models import Answer, SlotVote


def meeting_number(text: str) -> int:
    """A meeting's number as someone wrote or forged it; 0 (no meeting) unless it can be one."""
    return int(text) if text.isdigit() and int(text) <= MAX_ID else 0


MEETING = Field(
    r"[A-Za-z0-9_-]{1,12}",
    meeting_number,
    str,
    lambda value: isinstance(value, int) and 0 <= value <= MAX_ID,
)
"""A meeting's number as a button carries it. Forged text reads as 0, a meeting nobody can
see: it is answered like any meeting that is not the presser's ("There is no such meeting
for you"), as it always was."""


def _audience_code(value: Any) -> str:
    return "all" if value is None else str(value)


AUDIENCE_FIELD = Field(
    r"all|[1-9][0-9]{0,9}",
    lambda text: None if text == "all" else int(text),
    _audience_code,
    lambda value: value is None or (isinstance(value, int) and 0 < value <= MAX_ID),
)
"""Who is invited: "all" members (None) or a working group's id."""

ANSWERS = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NOT_GOING}
VOTES = {"y": SlotVote.YES, "m": SlotVote.MAYBE, "n": SlotVote.NO}

BUTTONS = Callbacks("mt")
OPEN = BUTTONS.action("open", MEETING)
ANSWER = BUTTONS.action("a", MEETING, choice(*ANSWERS))
CALENDAR = BUTTONS.action("ics", MEETING)
MATERIALS = BUTTONS.action("mat", MEETING)
FULL_TEXT = BUTTONS.action("full", MEETING)  # a shortened card, in full
VOTE = BUTTONS.action("v", ID, choice(*VOTES))
GROUP_ANSWER = BUTTONS.action("ga", MEETING, choice(*ANSWERS))  # under the group chat's card
# the organiser's
ATTENDEES = BUTTONS.action("list", MEETING)
ATTENDEES_PAGE = BUTTONS.action("lp", MEETING, PAGE)  # ‹ › under the answers
EXPORT = BUTTONS.action("csv", MEETING)
FIX = BUTTONS.action("fix", ID, ID)
CANCEL = BUTTONS.action("cx", MEETING)
CANCEL_YES = BUTTONS.action("cxy", MEETING)
CANCEL_NO = BUTTONS.action("cxn", MEETING)
EDIT_TIME = BUTTONS.action("et", MEETING)
MOVE = BUTTONS.action("mv", MEETING, NUMBER)  # confirms a new start (minutes since 1970, UTC)
EDIT_PLACE = BUTTONS.action("ep", MEETING)
ADD_MATERIAL = BUTTONS.action("am", MEETING)
# dialogues
RATE = BUTTONS.action("r", ID, NUMBER)
AUDIENCE = BUTTONS.action("to", AUDIENCE_FIELD)
RESTART_WHEN = BUTTONS.action("rw")  # /newmeeting: the start was misread, ask again
GROUP_START = BUTTONS.action("grp", ID)  # /newmeeting for a group, sent from its chat
