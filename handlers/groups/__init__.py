"""Working groups: the groups and their chats, coordinator elections, the coordinator's
commands in a group's chat, and the weekly digest.

Other features use `leave_all_groups` (membership ending), `coordinator_group` (a
coordinator's command in a group's chat) and `DIGEST_SOURCES`/`DigestSection` (a section of
the weekly digest).
"""

from __future__ import annotations

from handlers.groups import coordinator, digest, elections, members
from handlers.groups.coordinator import coordinator_group
from handlers.groups.digest import DIGEST_SOURCES, DigestSection
from handlers.groups.members import leave_all_groups
from handlers.kit.setup import Setup

__all__ = ["DIGEST_SOURCES", "DigestSection", "coordinator_group", "leave_all_groups", "register"]


def register(setup: Setup) -> None:
    members.register(setup)
    elections.register(setup)
    coordinator.register(setup)
    digest.register(setup)
