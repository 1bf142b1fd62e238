"""The one way a service says no.

A rule that refuses raises `Refused` with the English message id of its explanation (marked
with ``N_``) and the values its placeholders need::

    CLOSED = N_("Proposal #{number} is closed.")
    raise Refused(CLOSED, number=proposal.id)

The message id is the refusal's code: tests and handlers compare it with the constant. It is
translated in one place, `handlers.kit.replies.explain`, in the reader's language. Rules
refuse before they write, so a refusal leaves the update's transaction as it was.
"""

from __future__ import annotations

from bot.i18n import N_


class Refused(Exception):
    """An action the rules do not allow; `reason` is a message id, `values` fill it in."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values

    def __repr__(self) -> str:
        return f"Refused({self.reason!r}, **{self.values!r})"


STALE = N_("This button is no longer active.")
"""A button whose data does not fit (an old message, or forged data)."""
