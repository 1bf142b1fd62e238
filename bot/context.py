"""What every handler can reach: the services of the running bot and the current person."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.commands import CommandCatalogue
from bot.config import Settings
from bot.db import Database
from bot.dedup import RecentUpdates
from bot.people import People, PersonView


@dataclass
class Services:
    """The bot's services, created once by the application factory."""

    settings: Settings
    db: Database
    people: People
    commands: CommandCatalogue
    recent_updates: RecentUpdates = field(default_factory=RecentUpdates)


class CommunityApplication(Application):  # type: ignore[type-arg]
    """An Application that carries the services (not persisted, unlike bot_data)."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services


class BotContext(CallbackContext[ExtBot, dict[str, Any], dict[str, Any], dict[str, Any]]):
    """The context of one update: services plus the person it came from (set in group -1)."""

    person: PersonView | None = None
    locale: str = "ru"

    @property
    def services(self) -> Services:
        application: CommunityApplication = self.application  # type: ignore[assignment]
        return application.services

    @property
    def me(self) -> PersonView:
        """The person who caused this update (every user update has one)."""
        if self.person is None:
            raise RuntimeError("no person: the update has no user")
        return self.person
