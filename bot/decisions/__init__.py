"""Decisions by consensus: proposals and their rules, the action plan, quick polls."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.cards import CardPacing, Cards
from bot.decisions.closing import Closing
from bot.decisions.consensus import BodyRules
from bot.decisions.listing import Listing
from bot.decisions.plan import Plan
from bot.decisions.polls import Polls
from bot.decisions.rules import Rules
from bot.decisions.service import Proposals
from bot.decisions.stances import Stances
from bot.groups import GroupDirectory
from bot.membership.chats import ChatSettings
from models import utcnow

Clock = Callable[[], datetime]


@dataclass
class DecisionServices:
    """The decisions services, built once (`build`), and the pacing of card edits."""

    bodies: Bodies
    consensus: BodyRules
    proposals: Proposals
    stances: Stances
    closing: Closing
    cards: Cards
    listing: Listing
    plan: Plan
    polls: Polls
    pacing: CardPacing = field(default_factory=CardPacing)

    @classmethod
    def build(
        cls,
        db: Database,
        *,
        groups: GroupDirectory | None = None,
        group_members: Callable[[int], Awaitable[list[int]]] | None = None,
        chats: ChatSettings | None = None,
        rules: Rules | None = None,
        clock: Clock = utcnow,
    ) -> DecisionServices:
        """Everything on one database; working groups from `groups` (or only their members
        from `group_members`), the community chat from membership's `chats`, the default
        quorum and threshold from `rules`."""
        bodies = Bodies(db, groups=groups, group_members=group_members, chats=chats)
        consensus = BodyRules(db, bodies, defaults=rules)
        proposals = Proposals(db, bodies, consensus, clock=clock)
        stances = Stances(db, bodies)
        plan = Plan(db, clock=clock)
        cards = Cards(db, bodies)
        return cls(
            bodies=bodies,
            consensus=consensus,
            proposals=proposals,
            stances=stances,
            closing=Closing(db, proposals, stances, plan, clock=clock),
            cards=cards,
            listing=Listing(db, proposals, stances, cards),
            plan=plan,
            polls=Polls(db, clock=clock),
        )

    @property
    def clock(self) -> Clock:
        """What time it is for the decisions (a test sets its own clock here)."""
        return self.proposals.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        for service in (self.proposals, self.closing, self.plan, self.polls):
            service.clock = clock
