"""Every service of the running bot, built once by `build_services` in dependency order.

Handlers reach them through the typed context (`context.services.decisions`), jobs the
same way, tests through `telegram.application.services`. Nothing is attached later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.broadcasts import Broadcasts
from bot.commands.catalogue import CommandCatalogue
from bot.config import Settings
from bot.consultations import Consultations
from bot.core.dedup import RecentUpdates
from bot.core.people import People
from bot.db import Database
from bot.decisions import DecisionServices
from bot.groups import GroupDirectory
from bot.meetings import Meetings
from bot.membership import Membership
from bot.membership.chats import ChatSettings
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
    membership: Membership
    broadcasts: Broadcasts
    meetings: Meetings
    consultations: Consultations
    recent_updates: RecentUpdates
    commands: CommandCatalogue = field(default_factory=CommandCatalogue)


def build_services(settings: Settings, db: Database) -> Services:
    """All services on one database, each given what it needs."""
    people = People(db, organiser_ids=settings.bot_organiser_ids)
    outbox = DeliveryEngine(db, people=people)
    groups = GroupDirectory(db)
    chats = ChatSettings(db)
    decisions = DecisionServices.build(db, groups=groups, chats=chats)
    consultations = Consultations.build(db, settings)
    # When a membership ends, every feature ends what the person could do as a member, in
    # this order (handlers/membership/ending.py tells in the same order).
    ending = (
        consultations.departures.end_all,
        decisions.closing.author_left,
        groups.membership.leave_all,
    )
    return Services(
        settings=settings,
        db=db,
        people=people,
        outbox=outbox,
        groups=groups,
        decisions=decisions,
        membership=Membership.build(db, people=people, chats=chats, ending=ending),
        broadcasts=Broadcasts.build(db, outbox, groups=groups),
        meetings=Meetings(
            db,
            groups=groups,
            outbox=outbox,
            reminder_minutes=settings.meeting_reminder_minutes,
        ),
        consultations=consultations,
        recent_updates=RecentUpdates(db),
    )
