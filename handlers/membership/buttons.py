"""The membership buttons, `mb:<action>[:<value>...]`: built and matched only here. The
shapes are those of older messages, so their buttons keep working."""

from __future__ import annotations

import re
from typing import Any

from bot.core.callbacks import ID, WORD, Callbacks, Field, choice

_VALUE = re.compile(r"!?[A-Za-z0-9_.-]{1,40}")


def _is_value(value: Any) -> bool:
    return isinstance(value, str) and _VALUE.fullmatch(value) is not None


VALUE = Field(_VALUE.pattern, accepts=_is_value)
"""What a button answers: a code, or `!done` / `!skip`."""

PAGE = Field(r"[0-9]{1,6}", int, str, lambda value: isinstance(value, int) and value >= 0)
"""A page of the directory, from 0."""

BUTTONS = Callbacks("mb")

# The questionnaire
APPLY = BUTTONS.action("apply")
ANSWER = BUTTONS.action("q", WORD, VALUE)  # question key, the answer
EDIT = BUTTONS.action("s:e", WORD)  # ✏️ under the summary: question key
SUBMIT = BUTTONS.action("s:submit")
DISCARD = BUTTONS.action("s:cancel")
EDIT_PROFILE = BUTTONS.action("p:e", WORD)  # ✏️ under /profile: question key

# The review
APPROVE = BUTTONS.action("rv:ap", ID)  # application id
REJECT = BUTTONS.action("rv:rj", ID)
ASK = BUTTONS.action("rv:qs", ID)
REPLY = BUTTONS.action("ans", ID)  # the applicant answers the question about their application

# The directory
AREA = BUTTONS.action("d:m", WORD)  # an area's first page, as a new message
AREA_PAGE = BUTTONS.action("d:a", WORD, PAGE)  # another page of an area, in place
TEXT_PAGE = BUTTONS.action("d:t", PAGE)  # another page of a search (the text in user_data)
CONTACT = BUTTONS.action("d:c", ID)  # write to this person via the bot

# Personal data and the areas list
DELETE = BUTTONS.action("del", choice("yes", "no"))
TOGGLE_AREA = BUTTONS.action("ar", ID)  # area id
