"""Every row of the real database that leads to one person: the erasure and export tests
scan all tables and columns (reflected from the database, so a new table is covered without
touching this file).

A row leads to the person when one of its values is their Telegram id (also their private
chat's id), a name, the username or the phone, anywhere in the value (text and JSON
included), or when it points at their person row: a foreign key to `person.id`, or a text key
that names the person id (`stored_state` keys such as the followers of new proposals)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import select

from bot.db import Database
from models import MemberProfile, Person


@dataclass(frozen=True)
class Identity:
    """What identifies one person: their person id, Telegram id and words (names, username,
    phone digits)."""

    person_id: int
    telegram_id: int
    words: tuple[str, ...]
    phone_digits: str | None

    def _patterns(self) -> list[re.Pattern[str]]:
        parts = [rf"(?<!\d){self.telegram_id}(?!\d)"]
        parts += [rf"(?<!\w){re.escape(word)}(?!\w)" for word in self.words]
        return [re.compile(part, re.IGNORECASE) for part in parts]

    def found_in(self, value: Any) -> bool:
        """Whether a stored value (a number, a text, a JSON document) names the person."""
        if value is None or isinstance(value, bool):
            return False
        if isinstance(value, int):
            return value == self.telegram_id
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        if not isinstance(value, str):
            return False  # moments, dates and other plain values name nobody
        text = value
        if any(pattern.search(text) for pattern in self._patterns()):
            return True
        return self.phone_digits is not None and self.phone_digits in re.sub(r"\D", "", text)


async def identity_of(database: Database, telegram_id: int) -> Identity:
    """Read who the person is from their records (before they are erased)."""
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == telegram_id))).one()
        assert person.id is not None
        profile = await session.get(MemberProfile, person.id)
    words = [person.first_name, person.last_name or "", person.username or ""]
    phone = None
    if profile is not None:
        words += [profile.full_name, *profile.full_name.split()]
        phone = re.sub(r"\D", "", profile.phone or "")[-10:] or None
    return Identity(person.id, telegram_id, tuple(sorted({w for w in words if len(w) >= 3})), phone)


@dataclass(frozen=True)
class Hit:
    """One column of one row that leads to the person."""

    table: str
    column: str
    key: tuple[Any, ...]  # the row's primary key (or the whole row, without one)
    reference: bool  # points at the person row (rather than naming them)

    @property
    def where(self) -> str:
        return f"{self.table}.{self.column}"


def _person_columns(inspector: sa.Inspector, table: str) -> set[str]:
    columns = {
        column
        for foreign_key in inspector.get_foreign_keys(table)
        if foreign_key["referred_table"] == Person.__tablename__
        for column in foreign_key["constrained_columns"]
    }
    return columns | ({"id"} if table == Person.__tablename__ else set())


def _points_at(
    column: str, value: Any, references: set[str], keys: list[str], person_id: int
) -> bool:
    """A foreign key to the person row, or a text key naming the person id (alone or among
    comma-separated ids)."""
    if column in references:
        return bool(value == person_id)
    return column in keys and isinstance(value, str) and str(person_id) in value.split(",")


def _scan(connection: Connection, who: Identity) -> list[Hit]:
    inspector = sa.inspect(connection)
    metadata = sa.MetaData()
    metadata.reflect(connection)
    hits = []
    for table in metadata.sorted_tables:
        references = _person_columns(inspector, table.name)
        keys = [column.name for column in table.primary_key.columns] or list(table.c.keys())
        for row in connection.execute(sa.select(table)).mappings():
            key = tuple(row[name] for name in keys)
            for column, value in row.items():
                if _points_at(column, value, references, keys, who.person_id):
                    hits.append(Hit(table.name, column, key, reference=True))
                elif who.found_in(value):
                    hits.append(Hit(table.name, column, key, reference=False))
    return hits


async def scan(database: Database, who: Identity) -> list[Hit]:
    """Every column of every row, in every table of the database, that leads to `who`."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_scan, who)


async def tables(database: Database) -> set[str]:
    """The names of the tables the scan reads: every table of the database."""
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names()))


def rows(hits: list[Hit]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The distinct rows among the hits: (table, primary key)."""
    yield from sorted({(hit.table, hit.key) for hit in hits}, key=str)
