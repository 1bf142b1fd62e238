"""Callback data, built and matched by one codec per feature.

A button carries ``<prefix>:<action>[:<field>...]`` (Telegram allows 1-64 bytes). Each feature
declares its actions once::

    BUTTONS = Callbacks("dc")
    STANCE = BUTTONS.action("s", ID, choice("a", "n", "d", "b"))

    STANCE(12, "a")                # "dc:s:12:a", for a button
    STANCE.pattern                 # the regex its handler is registered with
    STANCE.decode("dc:s:12:a")     # (12, "a"); data of another shape raises Refused(STALE)

Callback data is never trusted: the codec only checks the shape; the handler looks every id
up again and checks that the presser may act on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from bot.core.errors import STALE, Refused

MAX_BYTES = 64
MAX_ID = 2**31 - 1  # ids are 32-bit integer columns


@dataclass(frozen=True)
class Field:
    """One part of the data: the regex it must match, and how it is read and written."""

    regex: str
    decode: Callable[[str], Any] = str
    encode: Callable[[Any], str] = str
    accepts: Callable[[Any], bool] = lambda _value: True


def _positive_id(value: Any) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


ID = Field(r"[1-9][0-9]{0,9}", int, str, _positive_id)
"""A row id (1 … 2**31-1)."""

NUMBER = Field(r"-?[0-9]{1,15}", int, str, lambda value: isinstance(value, int))
"""Any integer that fits (a page, a chat id, a score)."""

PAGE = Field(r"[0-9]{1,4}", int, str, lambda value: isinstance(value, int) and 0 <= value <= 9999)
"""A page of a list, from 0 (a page past the end shows the last)."""

WORD = Field(
    r"[A-Za-z0-9_.-]{1,40}", str, str, lambda v: isinstance(v, str) and bool(v) and ":" not in v
)
"""A short code (a region, an area, a setting's value)."""


def choice(*options: str) -> Field:
    """One of a few fixed codes."""
    return Field("|".join(re.escape(option) for option in options), accepts=options.__contains__)


def member_of(kind: type[Enum]) -> Field:
    """A member of an enum whose values are short strings, written as its value."""
    values = [str(member.value) for member in kind]
    return Field(
        "|".join(re.escape(value) for value in values),
        decode=kind,
        encode=lambda member: str(member.value),
        accepts=lambda member: isinstance(member, kind),
    )


class CallbackAction:
    """One kind of button of a feature: builds its data and recognises it."""

    def __init__(self, prefix: str, name: str, fields: tuple[Field, ...]) -> None:
        self.prefix = prefix
        self.name = name
        self.fields = fields
        parts = [re.escape(prefix), re.escape(name)] + [f"({field.regex})" for field in fields]
        self._regex = re.compile("^" + ":".join(parts) + "$")

    @property
    def pattern(self) -> re.Pattern[str]:
        """What a CallbackQueryHandler matches: exactly this action's shape."""
        return self._regex

    def __call__(self, *values: Any) -> str:
        if len(values) != len(self.fields):
            raise TypeError(f"{self}: {len(self.fields)} values expected, got {len(values)}")
        for field, value in zip(self.fields, values, strict=True):
            if not field.accepts(value):
                raise ValueError(f"{self}: {value!r} does not fit")
        encoded = [field.encode(value) for field, value in zip(self.fields, values, strict=True)]
        data = ":".join([self.prefix, self.name, *encoded])
        if len(data.encode()) > MAX_BYTES or not self._regex.match(data):
            raise ValueError(f"{self}: {data!r} is not valid callback data")
        return data

    def parse(self, data: str | None) -> tuple[Any, ...] | None:
        """The values, or None when the data has another shape or a value is out of range."""
        match = self._regex.match(data or "")
        if match is None:
            return None
        values = tuple(
            field.decode(text) for field, text in zip(self.fields, match.groups(), strict=True)
        )
        if not all(field.accepts(value) for field, value in zip(self.fields, values, strict=True)):
            return None
        return values

    def decode(self, data: str | None) -> tuple[Any, ...]:
        """The values; a button of another shape is stale (`Refused(STALE)`)."""
        values = self.parse(data)
        if values is None:
            raise Refused(STALE)
        return values

    def __str__(self) -> str:
        return f"{self.prefix}:{self.name}"


class Callbacks:
    """The buttons of one feature, under one prefix that no other feature uses."""

    prefixes: ClassVar[set[str]] = set()

    def __init__(self, prefix: str) -> None:
        if not re.fullmatch(r"[a-z]{1,4}", prefix):
            raise ValueError(f"callback prefix {prefix!r}: 1-4 small Latin letters")
        if prefix in Callbacks.prefixes:
            raise ValueError(f"callback prefix {prefix!r} is taken by another feature")
        Callbacks.prefixes.add(prefix)
        self.prefix = prefix
        self.actions: dict[str, CallbackAction] = {}

    def action(self, name: str, *fields: Field) -> CallbackAction:
        if not re.fullmatch(r"[a-z0-9]{1,8}(:[a-z0-9]{1,8})*", name) or name in self.actions:
            raise ValueError(f"{self.prefix}: action {name!r} is invalid or declared twice")
        action = CallbackAction(self.prefix, name, fields)
        self.actions[name] = action
        return action
