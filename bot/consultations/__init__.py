"""Mutual consultations: a member's question goes to a few matching peers at a time, the first
to accept gets it, then the bot relays the conversation until one side closes it; the asker
rates it and may thank the expert publicly. When someone's membership ends, their
consultations end with it (`departures`); a question that ended without an answer may be
asked again (`again`).

`Consultations` bundles the feature's services, built once in `bot/services.py` and reached
as `context.services.consultations`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.consultations.again import Again
from bot.consultations.departures import Departures
from bot.consultations.records import Records
from bot.consultations.routing import Routing
from bot.consultations.rules import Rules
from bot.consultations.talks import Talks
from bot.db import Database


@dataclass(frozen=True)
class Consultations:
    """Routing of questions, the conversations, and the records (ratings, statistics)."""

    rules: Rules
    routing: Routing
    talks: Talks
    records: Records
    departures: Departures
    again: Again

    @classmethod
    def build(cls, db: Database, settings: Settings) -> Consultations:
        rules = Rules.of(settings)
        routing = Routing(db, rules)
        departures = Departures(db, rules, routing)
        return cls(rules, routing, Talks(db, rules), Records(db), departures, Again(db, routing))
