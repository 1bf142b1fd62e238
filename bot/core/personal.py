"""The shape of a person's exported data (/mydata), shared by every feature's `personal.py`.

A feature's `personal_data(db, person_id)` returns `Section`s: one kind of record each, in
words (message ids marked with `N_`, translated when the export is shown), with the table the
records come from, one record per row. `bot/personal_data.py` puts the features together;
the tests check the sections against a scan of every table (tests/core/test_erasure_scan.py).
`Naming` finds the person in texts the bot stored about others, and cuts them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from bot.db import Database
from models import MemberProfile, Person

Record = dict[str, Any]  # a field's message id → a JSON-ready value


@dataclass(frozen=True)
class Named:
    """A value stored in both languages (an area of expertise): shown in the reader's."""

    ru: str
    en: str


@dataclass(frozen=True)
class Section:
    """One kind of record about the person: `title` and the records' keys are message ids;
    `headline` is the key whose value names a record in a short summary (a title, a group)."""

    title: str
    table: str
    records: list[Record] = field(default_factory=list)
    headline: str | None = None


def plain(value: Any) -> Any:
    """A stored value as JSON: moments as ISO text, enums as their value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


@dataclass(frozen=True)
class Naming:
    """What finds a person in texts the bot stored (a ballot, an announcement): how the bot
    names them (their name, full name, username, link), as whole words, and Telegram user
    objects with their id (a text mention's `user`)."""

    telegram_id: int
    pattern: re.Pattern[str]

    @classmethod
    async def of(cls, db: Database, person_id: int) -> Naming:
        async with db.session() as session:
            person = await session.get(Person, person_id)
            profile = await session.get(MemberProfile, person_id)
        assert person is not None, "personal data of a person who is not stored"
        full = " ".join(part for part in (person.first_name, person.last_name) if part)
        words = {person.display_name, full, person.username or ""}
        words.add(f"tg://user?id={person.telegram_id}")
        if profile is not None:
            words.add(profile.full_name)
        ordered = sorted((word for word in words if len(word) >= 2), key=len, reverse=True)
        alternatives = "|".join(re.escape(word) for word in ordered)
        return cls(person.telegram_id, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I))

    def _user(self, value: Any) -> bool:
        return isinstance(value, dict) and value.get("id") == self.telegram_id

    def found_in(self, value: Any) -> bool:
        """Whether a stored JSON value or text names the person anywhere."""
        if isinstance(value, str):
            return self.pattern.search(value) is not None
        if isinstance(value, dict):
            return self._user(value.get("user")) or any(map(self.found_in, value.values()))
        return isinstance(value, list) and any(map(self.found_in, value))

    def lines(self, value: Any) -> list[str]:
        """The lines of the texts in a value that name the person (not the rest: others may
        be named beside them)."""
        if isinstance(value, str):
            return [line for line in value.splitlines() if self.pattern.search(line)]
        if isinstance(value, dict):
            value = list(value.values())
        return (
            [line for item in value for line in self.lines(item)] if isinstance(value, list) else []
        )

    def redacted(self, value: Any) -> Any:
        """The value with the person cut out: each name replaced by dots of the same length
        in UTF-16 (so formatting offsets stay right), their text mentions dropped."""
        if isinstance(value, str):
            return self.pattern.sub(lambda found: "•" * _utf16_length(found[0]), value)
        if isinstance(value, dict):
            return {key: self.redacted(item) for key, item in value.items()}
        if isinstance(value, list):
            kept = (
                item
                for item in value
                if not (isinstance(item, dict) and self._user(item.get("user")))
            )
            return [self.redacted(item) for item in kept]
        return value


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
