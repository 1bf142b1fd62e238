"""The running bot as handlers see it: the application that carries the services and opens
one unit of work per update, and the typed context of one update or job."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.core.people import PersonView
from bot.db import current_unit_of_work
from bot.services import Services

Data = dict[str, Any]


class CommunityApplication(
    Application[ExtBot[None], "BotContext", Data, Data, Data, JobQueue["BotContext"]]
):
    """An Application that carries the services and runs each update in one transaction."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services

    async def process_update(self, update: object) -> None:
        """Every handler of the update shares one session and transaction (`bot.db`)."""
        async with self.services.db.unit_of_work():
            await super().process_update(update)

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Any = None,
        coroutine: Any = None,
    ) -> bool:
        """A handler failed: nothing it wrote since the last commit is kept."""
        unit = current_unit_of_work()
        if unit is not None:
            await unit.rollback()
        return await super().process_error(update, error, job, coroutine)


class BotContext(CallbackContext[ExtBot[None], Data, Data, Data]):
    """The context of one update: services plus the person it came from (set in group -1)."""

    person: PersonView | None = None
    locale: str = "ru"

    @property
    def services(self) -> Services:
        return self.community.services

    @property
    def community(self) -> CommunityApplication:
        """The running application, typed."""
        application = self.application
        assert isinstance(application, CommunityApplication)
        return application

    @property
    def me(self) -> PersonView:
        """The person who caused this update (every user update has one)."""
        if self.person is None:
            raise RuntimeError("no person: the update has no user")
        return self.person
