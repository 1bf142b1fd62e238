"""The working groups' buttons (prefix "wg"; the data shapes of older messages still work)."""

from __future__ import annotations

from bot.core.callbacks import ID, MAX_ID, PAGE, Callbacks, Field

CHOICE = Field(
    r"[0-9]{1,10}", int, str, lambda value: isinstance(value, int) and 0 <= value <= MAX_ID
)
"""A candidate's person id, or 0 for "against" a single candidate."""

BUTTONS = Callbacks("wg")
JOIN = BUTTONS.action("j", ID)  # group
ASK_LEAVE = BUTTONS.action("lq", ID)  # group: "Leave it?"
LEAVE = BUTTONS.action("l", ID)  # group: "Yes, leave"
STAY = BUTTONS.action("stay")
GROUPS_PAGE = BUTTONS.action("gp", PAGE)  # ‹ › under /groups
MY_GROUPS_PAGE = BUTTONS.action("mp", PAGE)  # ‹ › under /mygroups
NOMINATE = BUTTONS.action("n", ID)  # election
VOTE = BUTTONS.action("v", ID, ID, CHOICE)  # election, round, candidate (0: against)
STATEMENTS = BUTTONS.action("st", ID)  # election: the statements in full
