"""Callback data of the decision buttons: `dc:<action>[:<argument>...]`, never trusted —
every id is looked up again in the database by the handler."""

from __future__ import annotations

from telegram import CallbackQuery

from bot.i18n import _
from handlers.decisions.texts import refusal

PREFIX = "dc"


def parse(data: str | None, action: str, arity: int = 1) -> list[str] | None:
    """The arguments of a `dc:<action>:...` button, or None when the data has another shape."""
    parts = (data or "").split(":")
    if len(parts) != 2 + arity or parts[0] != PREFIX or parts[1] != action:
        return None
    return parts[2:]


MAX_ID = 2**31 - 1  # ids are 32-bit integer columns


def as_id(text: str | None) -> int | None:
    """A positive id from a button or a command argument (`#3` or `3`), else None."""
    digits = (text or "").removeprefix("#")
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_ID:
        return None
    return int(digits)


def proposal_id(data: str | None, action: str) -> int | None:
    arguments = parse(data, action)
    return None if arguments is None else as_id(arguments[0])


def pattern(action: str) -> str:
    return f"^{PREFIX}:{action}(:|$)"


async def stale(query: CallbackQuery) -> None:
    """A forged or outdated button: say so, change nothing."""
    await query.answer(_("This button is no longer active."), show_alert=True)


async def refuse(query: CallbackQuery, code: str) -> None:
    """The rules refused the press: why, or simply stale when the proposal does not exist."""
    if code == "unknown":
        await stale(query)
    else:
        await query.answer(refusal(code), show_alert=True)
