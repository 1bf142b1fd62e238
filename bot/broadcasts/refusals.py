"""Why the rules of announcements say no: message ids, translated by the handler kit."""

from __future__ import annotations

from bot.core.errors import STALE
from bot.i18n import N_

NOT_AN_AUTHOR = N_(
    "Announcements are sent by organisers, and by coordinators to their own "
    "working groups; you coordinate none."
)
"""/announce by a member who is no organiser and coordinates no working group."""

ALREADY_DONE = N_("It was already published or discarded.")
"""A draft of the news feed that an organiser (maybe another one) has already handled."""

NOT_SENDING = N_("This broadcast is not being sent any more.")
"""Cancel under a broadcast that is finished or cancelled."""

NOT_FOR_CHANNEL = N_("Only announcements to the whole community may go to the news channel.")
"""The news channel chosen for an announcement to a region, an area or a working group (a
forged or stale press)."""

__all__ = ["ALREADY_DONE", "NOT_AN_AUTHOR", "NOT_FOR_CHANNEL", "NOT_SENDING", "STALE"]
