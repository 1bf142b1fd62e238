"""Transitional: the module-level functions of the old `bot.groups` that features not moved
yet still call with a database (broadcasts' handlers, tests of decisions, broadcasts and the
integration tests). Each one delegates to the feature's service; new code reaches it as
`context.services.groups` (`telegram.application.services.groups` in tests). Remove this
module once nothing imports these names."""

from __future__ import annotations

from bot.db import Database
from bot.groups.directory import GroupDirectory
from bot.groups.membership import Change
from bot.groups.views import GroupView


async def list_groups(db: Database) -> list[GroupView]:
    return await GroupDirectory(db).list_groups()


async def get_group(db: Database, group_id: int) -> GroupView | None:
    return await GroupDirectory(db).group(group_id)


async def groups_of(db: Database, person_id: int) -> list[GroupView]:
    return await GroupDirectory(db).groups_of(person_id)


async def create_group(db: Database, *, actor_id: int | None, name: str, purpose: str) -> GroupView:
    return await GroupDirectory(db).create(actor_id=actor_id, name=name, purpose=purpose)


async def join(db: Database, *, group_id: int, person_id: int) -> GroupView:
    return (await GroupDirectory(db).membership.join(group=group_id, person_id=person_id)).group


async def leave(db: Database, *, group_id: int, person_id: int) -> Change:
    return await GroupDirectory(db).membership.leave(group_id=group_id, person_id=person_id)


async def appoint(
    db: Database, *, actor_id: int | None, group_id: int, person_id: int
) -> GroupView:
    directory = GroupDirectory(db)
    return (await directory.appoint(actor_id=actor_id, group=group_id, member=person_id)).group
