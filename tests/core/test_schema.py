"""Migrations: they build the schema the models describe, on both databases, and seed data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, select

from bot.core import expertise
from bot.db import Database
from models import Person


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_migrations_match_the_models(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


async def test_downgrade_to_base_and_upgrade_again(database: Database) -> None:
    await database.upgrade("base")
    await database.upgrade("head")
    assert [area.code for area in await expertise.list_areas(database)][:2] == [
        "older_people",
        "children",
    ]


async def test_expertise_of_a_person(database: Database) -> None:
    async with database.session() as session:
        person = Person(telegram_id=5, first_name="Анна", region="MOW")
        session.add(person)
        await session.flush()
        person_id = person.id
    assert person_id is not None
    await expertise.set_person_areas(database, person_id, ["children", "grants"])
    areas = await expertise.person_areas(database, person_id)
    assert [area.name("ru") for area in areas] == ["Работа с детьми", "Гранты и фандрайзинг"]
    assert await expertise.people_with_area(database, "grants") == [person_id]
    await expertise.set_person_areas(database, person_id, ["legal"])
    assert await expertise.people_with_area(database, "grants") == []
    try:
        await expertise.set_person_areas(database, person_id, ["astrology"])
    except ValueError as error:
        assert "astrology" in str(error)
    else:
        raise AssertionError("unknown area accepted")


def _strip_bidi_migration(connection: Connection) -> None:
    """Run only the migration that cleans names stored before they were cleaned at input."""
    path = Path(__file__).parents[2] / "migrations/versions/20261204_limits_0001_strip_bidi.py"
    spec = importlib.util.spec_from_file_location("limits_0001", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with Operations.context(MigrationContext.configure(connection)):
        migration.upgrade()


async def test_names_stored_with_bidi_controls_are_cleaned(database: Database) -> None:
    async with database.session() as session:
        session.add(Person(telegram_id=7, first_name="\u202eМэллори\u202c", last_name="\u2067Ф"))
        session.add(Person(telegram_id=8, first_name="Анна"))
    async with database.engine.begin() as connection:
        await connection.run_sync(_strip_bidi_migration)
    async with database.session() as session:
        names = {
            person.telegram_id: (person.first_name, person.last_name)
            for person in await session.exec(select(Person))
        }
    assert names == {7: ("Мэллори", "Ф"), 8: ("Анна", None)}
