"""Every service of the running bot, built once by `build_services` in dependency order.

Handlers reach them through the typed context (`context.services.decisions`), jobs the
same way, tests through `telegram.application.services`. Nothing is attached later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.broadcasts import Announcements
from bot.commands.catalogue import CommandCatalogue
from bot.config import Settings
from bot.core.dedup import RecentUpdates
from bot.core.people import People
from bot.db import Database
from bot.decisions import DecisionServices
from bot.groups import GroupDirectory
from bot.outbox.engine import DeliveryEngine


@dataclass
class Services:
    """The bot's services, created once by the application factory."""

    settings: Settings
    db: Database
    people: People
    outbox: DeliveryEngine
    groups: GroupDirectory
    decisions: DecisionServices
    announcements: Announcements
    commands: CommandCatalogue = field(default_factory=CommandCatalogue)
    recent_updates: RecentUpdates = field(default_factory=RecentUpdates)


def build_services(settings: Settings, db: Database) -> Services:
    """All services on one database, each given what it needs."""
    people = People(db, organiser_ids=settings.bot_organiser_ids)
    outbox = DeliveryEngine(db, people=people)
    groups = GroupDirectory(db)
    return Services(
        settings=settings,
        db=db,
        people=people,
        outbox=outbox,
        groups=groups,
        decisions=DecisionServices.build(db, groups=groups),
        announcements=Announcements(db, outbox, group_members=groups.member_ids),
    )
