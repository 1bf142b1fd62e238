"""The buttons of consultations: one codec under the prefix "cs" (the data shapes of the
buttons in old messages are kept)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.consultations.rules import RATINGS
from bot.core.callbacks import ID, WORD, CallbackAction, Callbacks, Field, choice, member_of
from models import Urgency

BUTTONS = Callbacks("cs")

RATING = Field(r"[1-5]", int, str, lambda value: isinstance(value, int) and value in RATINGS)
"""A rating from 1 to 5."""

# /ask, step by step
NO_FILE = BUTTONS.action("nf")
AREA = BUTTONS.action("ar", WORD)
AREAS_DONE = BUTTONS.action("ad")
URGENCY = BUTTONS.action("ur", member_of(Urgency))
SHOW_NAME = BUTTONS.action("nm", choice("yes", "no"))
REGION = BUTTONS.action("rg", WORD)  # a region's code, or "any"
SEND = BUTTONS.action("go")
STOP = BUTTONS.action("st")

# /available while available: switch off, or keep
AVAILABILITY = BUTTONS.action("av", choice("off", "keep"))

# /experts: the experts of one area (its code)
EXPERTS = BUTTONS.action("ex", WORD)

# offers (the id is the offer's) and the question while it looks for an expert
ACCEPT = BUTTONS.action("ok", ID)
DECLINE = BUTTONS.action("no", ID)
WITHDRAW = BUTTONS.action("cx", ID)

# an open consultation (the id is the consultation's)
WRITE_TO = BUTTONS.action("to", ID)
CONTACTS = BUTTONS.action("ct", ID)
CLOSE = BUTTONS.action("cl", ID)
RATE = BUTTONS.action("rt", ID, RATING)
SKIP = BUTTONS.action("sk", ID)

# a question that ended (its expert left, or nobody took it): the same question once more,
# to peers, with other areas (chosen one by one, then Done) or to the organisers
ASK_AGAIN = BUTTONS.action("ag", ID)
WIDEN = BUTTONS.action("wd", ID)
WIDEN_AREA = BUTTONS.action("wa", ID, WORD)
WIDEN_DONE = BUTTONS.action("wn", ID)
ASK_ORGANISERS = BUTTONS.action("og", ID)

ANY_REGION = "any"


def button(label: str, action: CallbackAction, *values: object) -> InlineKeyboardButton:
    """A button of this feature: its label, and the data `action` builds of `values`."""
    return InlineKeyboardButton(label, callback_data=action(*values))


def pressed_id(action: CallbackAction, data: str | None) -> int:
    """The id a one-id button carries (another shape: STALE)."""
    (value,) = action.decode(data)
    return int(value)
