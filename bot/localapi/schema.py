"""The shape of the Bot API facts in methods.py and objects.py, and how a limit is measured."""

from __future__ import annotations

from typing import Any, NamedTuple


class Limit(NamedTuple):
    """A limit a field's description states: `low`-`high` of a unit.

    characters: UTF-16 code units, as Telegram counts, after trimming the ends as it does;
    bytes: UTF-8 bytes; items: the length of a list; value: the number itself."""

    low: int
    high: int
    unit: str

    def measure(self, value: Any) -> int:
        if self.unit == "characters":
            return utf16_length(str(value).strip())
        if self.unit == "bytes":
            return len(str(value).encode())
        if self.unit == "items":
            return len(value)
        return int(value)


class Field(NamedTuple):
    """A parameter of a method or a field of a type: its Bot API types ("Integer", "String",
    "Array of MessageEntity", "InlineKeyboardMarkup", ...), required or not, and its limit."""

    types: tuple[str, ...]
    required: bool = False
    limit: Limit | None = None


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def optional(types: tuple[str, ...], *names: str) -> dict[str, Field]:
    """Optional fields of the same types and no limit, as one line of the facts."""
    return {name: Field(types) for name in names}
