"""The catalogue of bot commands: who may use each, where, and how it is described.

Features add their commands here when they register their handlers; /help and the command
menus (`set_my_commands` per language and scope) are built from this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import gettext
from models import Role


class Where(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    ANYWHERE = "anywhere"


@dataclass(frozen=True)
class CommandSpec:
    """One command. `description` is a message id marked with N_ and translated when shown."""

    name: str
    description: str
    min_role: Role = Role.APPLICANT
    where: Where = Where.PRIVATE
    in_menu: bool = True

    def allowed_for(self, role: Role) -> bool:
        return role.at_least(self.min_role)

    def usable_in_private(self) -> bool:
        return self.where in (Where.PRIVATE, Where.ANYWHERE)

    def usable_in_groups(self) -> bool:
        return self.where in (Where.GROUP, Where.ANYWHERE)


class CommandCatalogue:
    """Commands in registration order; a name can be registered once."""

    def __init__(self) -> None:
        self._specs: dict[str, CommandSpec] = {}

    def add(self, *specs: CommandSpec) -> None:
        """Register commands, in this order."""
        for spec in specs:
            if spec.name in self._specs:
                raise ValueError(f"command /{spec.name} is registered twice")
            self._specs[spec.name] = spec

    def __contains__(self, name: str) -> bool:
        return name in self._specs

    def get(self, name: str) -> CommandSpec | None:
        return self._specs.get(name)

    def _select(self, role: Role, menu_only: bool, *, in_groups: bool) -> list[CommandSpec]:
        return [
            spec
            for spec in self._specs.values()
            if (spec.usable_in_groups() if in_groups else spec.usable_in_private())
            and spec.allowed_for(role)
            and (spec.in_menu or not menu_only)
        ]

    def for_private(self, role: Role, *, menu_only: bool = False) -> list[CommandSpec]:
        return self._select(role, menu_only, in_groups=False)

    def for_groups(self, role: Role, *, menu_only: bool = False) -> list[CommandSpec]:
        return self._select(role, menu_only, in_groups=True)

    @staticmethod
    def describe(spec: CommandSpec) -> str:
        """The description in the current locale."""
        return gettext(spec.description)
