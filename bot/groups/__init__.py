"""Working groups: groups and their members, each group's chat and tasks, and the elections
of its coordinator. `GroupDirectory` is the feature's service (`context.services.groups`)."""

from __future__ import annotations

from bot.groups.directory import GroupDirectory
from bot.groups.views import GroupView

__all__ = ["GroupDirectory", "GroupView"]
