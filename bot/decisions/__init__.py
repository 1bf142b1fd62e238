"""Decisions by consensus: proposals and their rules, the action plan, quick polls."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.decisions.plan import Plan
from bot.decisions.polls import Polls
from bot.decisions.service import Decisions

CARD_EDIT_INTERVAL = 3.0  # seconds between two edits of one proposal's cards


@dataclass
class DecisionServices:
    """The decisions services plus the in-memory pacing of card edits (per process)."""

    proposals: Decisions
    plan: Plan
    polls: Polls
    card_interval: float = CARD_EDIT_INTERVAL
    last_sweep: dict[int, float] = field(default_factory=dict)
