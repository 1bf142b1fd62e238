"""Working groups: groups and their members, each group's chat and tasks, and the elections
of its coordinator. `GroupDirectory` is the feature's service (`context.services.groups`)."""

from __future__ import annotations

from bot.groups.directory import GroupDirectory
from bot.groups.legacy import (
    appoint,
    create_group,
    get_group,
    groups_of,
    join,
    leave,
    list_groups,
)
from bot.groups.views import GroupView

__all__ = [
    "GroupDirectory",
    "GroupView",
    # transitional, for features not moved yet (see bot.groups.legacy)
    "appoint",
    "create_group",
    "get_group",
    "groups_of",
    "join",
    "leave",
    "list_groups",
]
