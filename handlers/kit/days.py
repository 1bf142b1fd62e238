"""A calendar day as the bot asks people to type it: DD.MM.YYYY."""

from __future__ import annotations

from datetime import date, datetime


def parse_day(text: str) -> date | None:
    """The day `text` names as DD.MM.YYYY, or None."""
    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None
