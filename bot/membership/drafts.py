"""How long the questionnaire's draft is kept. The draft (name, organisation, phone, ...)
exists before consent is given, so it is kept only while its dialogue goes on: dropped when
the application is sent, the profile saved or the dialogue cancelled, and, when the person
simply stops answering, DRAFT_DAYS after the last answer (a daily job asks `abandoned`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from models import utcnow

DRAFT_DAYS = 7
TOUCHED = "touched"  # the draft's key for the moment of its last step (ISO, UTC)


class Drafts:
    """The lifetime rule of questionnaire drafts, on a clock tests can move."""

    def __init__(self, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock

    def touch(self, form: dict[str, Any]) -> None:
        """The person took a step of the dialogue now."""
        form[TOUCHED] = self.clock().isoformat()

    def abandoned(self, forms: dict[int, dict[str, Any]]) -> list[int]:
        """Which of these drafts (by Telegram user id) had no step for DRAFT_DAYS. A draft
        kept from before drafts were stamped gets its stamp now: it counts from today, so
        nobody's dialogue is cut short by the rule's arrival."""
        now, found = self.clock(), []
        for user_id, form in forms.items():
            touched = form.get(TOUCHED)
            if not isinstance(touched, str):
                self.touch(form)
            elif now - datetime.fromisoformat(touched) >= timedelta(days=DRAFT_DAYS):
                found.append(user_id)
        return found
