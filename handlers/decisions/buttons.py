"""The decision buttons: `dc:<action>[:<field>...]`, built and matched only here (the
shapes of older messages are kept). The data is never trusted: every id is looked up
again and the presser's right to act on it checked by the services."""

from __future__ import annotations

from bot.core.callbacks import ID, MAX_ID, PAGE, Callbacks, Field, choice, member_of
from bot.decisions.plan import VIEWS
from models import PlanStatus, ProposalKind, StanceKind

BUTTONS = Callbacks("dc")

STANCE_CODES = {
    "a": StanceKind.AGREE,
    "n": StanceKind.ABSTAIN,
    "d": StanceKind.DISAGREE,
    "b": StanceKind.BLOCK,
}
CODE_OF = {kind: code for code, kind in STANCE_CODES.items()}
STANCE_KIND = Field(
    "|".join(STANCE_CODES),
    decode=STANCE_CODES.__getitem__,
    encode=CODE_OF.__getitem__,
    accepts=lambda kind: kind in CODE_OF,
)
"""A stance, written as one letter (a, n, d, b)."""

COMMUNITY = 0
BODY_ID = Field(
    r"0|[1-9][0-9]{0,9}", int, str, lambda value: isinstance(value, int) and 0 <= value <= MAX_ID
)
"""Who decides: a working group's id, or 0 for the whole community."""

# On the cards and the proposal's actions
STANCE = BUTTONS.action("s", ID, STANCE_KIND)
REASONS = BUTTONS.action("r", ID)
FULL_TEXT = BUTTONS.action("t", ID)  # a shortened card, in full
CARD = BUTTONS.action("c", ID)
AMEND = BUTTONS.action("am", ID)
WITHDRAW = BUTTONS.action("wd", ID)
CLOSE = BUTTONS.action("end", ID)
OUTCOME = BUTTONS.action("out", ID)
FOLLOW = BUTTONS.action("f")
PROPOSALS_PAGE = BUTTONS.action("lp", PAGE)  # ‹ › under /proposals
PENDING_PAGE = BUTTONS.action("pg", PAGE)  # ‹ › under /pending

# Review
REVIEW = BUTTONS.action("rv", ID)
OPEN = BUTTONS.action("o", ID, ID)  # the proposal, the days it stays open
SEND_BACK = BUTTONS.action("back", ID)

# Steps of /propose (and of the written outcome)
BODY = BUTTONS.action("b", BODY_ID)
KIND = BUTTONS.action("k", member_of(ProposalKind))
ITEM = BUTTONS.action("it", ID)
SKIP = BUTTONS.action("skip")
SUBMIT = BUTTONS.action("submit")
CANCEL = BUTTONS.action("cancel")

# The plan and the priorities
POINTS = BUTTONS.action("pp", ID, choice("up", "down"))
PLAN_PAGE = BUTTONS.action("pl", BODY_ID, PAGE)  # ‹ › under /plan: the group (0: community)
PRIORITIES_PAGE = BUTTONS.action("pr", PAGE)
PLAN_VIEW = BUTTONS.action("pv", BODY_ID, choice(*VIEWS), PAGE)  # a view of /plan, its page
PLAN_OWNER = BUTTONS.action("po", BODY_ID, ID, PAGE)  # /plan of one responsible member, page

# What a "change a plan item" changes, and the responsible members chosen from the body
CHANGE_FIELD = BUTTONS.action(
    "cf", choice("title", "description", "responsible_ids", "due_date", "status", "end")
)
SET_STATUS = BUTTONS.action("cs", member_of(PlanStatus))
PERSON = BUTTONS.action("rp", ID)  # toggles a member as responsible
