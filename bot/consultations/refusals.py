"""Why the rules of consultations say no (message ids; `handlers.kit.replies` translates)."""

from __future__ import annotations

from bot.core.errors import STALE
from bot.i18n import N_

__all__ = [
    "ALREADY_ASKED",
    "NOT_MEMBER",
    "NOT_VALID",
    "NO_AREA",
    "QUESTION_TOO_LONG",
    "RECOMMENDATION_TOO_LONG",
    "STALE",
    "TAKEN",
]

TAKEN = N_("This request has already been taken or closed. Thank you!")
"""Someone else accepted first, or the question is no longer looking for an expert."""

NOT_VALID = N_("Something in the question was not valid any more; please /ask again.")
QUESTION_TOO_LONG = N_("The question is too long ({n} characters); please keep it under {max}.")
NO_AREA = N_("Choose at least one area.")
RECOMMENDATION_TOO_LONG = N_("Please keep it under 1000 characters and send it again.")
NOT_MEMBER = N_("Only members of the community can do this.")
"""The person is no longer a member (a button from before a revocation)."""
ALREADY_ASKED = N_("You have asked this question again already; it is looking for an expert.")
