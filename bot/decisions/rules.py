"""The rules of a decision by consensus, as pure functions (no database, no Telegram).

Consensus is reached when the quorum of the body took a stance, nobody blocks, and Agree is at
least the threshold of the stances taken. At the deadline a decision without quorum is extended
once; after the extension it closes as "no quorum".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from fractions import Fraction

from bot.core.errors import Refused
from bot.core.text import typed
from bot.decisions.refusals import REASON_FOR_BLOCK, REASON_NEEDED
from models import Proposal, ProposalState, StanceKind

DEFAULT_QUORUM = Fraction(1, 2)
DEFAULT_THRESHOLD = Fraction(2, 3)
DEFAULT_DECISION_DAYS = 7
REVIEW_DAYS = (3, DEFAULT_DECISION_DAYS, 14)  # the periods a reviewer may open a proposal for
EXTENSION = timedelta(days=3)
REMINDER_BEFORE = timedelta(hours=24)
MIN_REASON_LENGTH = 3
REASON_MAX = 1000
TITLE_MAX = 200
DESCRIPTION_MAX = 3000
ITEM_MAX = 200


def parse_share(text: str) -> Fraction | None:
    """A share of the body written as `60%`, `3/4` or `0.6`, strictly above 0 and at most 1;
    None when the text is none of these."""
    cleaned = text.strip().replace(",", ".")
    percent = cleaned.endswith("%")
    try:
        value = Fraction(cleaned.removesuffix("%").strip()) / (100 if percent else 1)
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 < value <= 1 else None


def share_text(value: Fraction) -> str:
    """A share as people write it: `50%`, or `2/3` when it is not a whole percentage."""
    percent = value * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class Rules:
    quorum: Fraction = DEFAULT_QUORUM
    threshold: Fraction = DEFAULT_THRESHOLD


def rules_of(proposal: Proposal) -> Rules:
    """The rules stored with a proposal when it was submitted."""
    return Rules(
        quorum=Fraction(proposal.quorum_numerator, proposal.quorum_denominator),
        threshold=Fraction(proposal.threshold_numerator, proposal.threshold_denominator),
    )


@dataclass(frozen=True)
class Tally:
    """Stances of the current members of the body, and the size of the body."""

    agree: int = 0
    abstain: int = 0
    disagree: int = 0
    block: int = 0
    body_size: int = 0

    @classmethod
    def of(cls, stances: Iterable[StanceKind], body_size: int) -> Tally:
        counts = dict.fromkeys(StanceKind, 0)
        for stance in stances:
            counts[stance] += 1
        return cls(
            agree=counts[StanceKind.AGREE],
            abstain=counts[StanceKind.ABSTAIN],
            disagree=counts[StanceKind.DISAGREE],
            block=counts[StanceKind.BLOCK],
            body_size=body_size,
        )

    @property
    def total(self) -> int:
        return self.agree + self.abstain + self.disagree + self.block

    def quorum_needed(self, rules: Rules) -> int:
        """How many stances make the quorum (at least one)."""
        needed = rules.quorum * self.body_size
        return max(1, -(-needed.numerator // needed.denominator))

    def has_quorum(self, rules: Rules) -> bool:
        return self.body_size > 0 and self.total >= self.quorum_needed(rules)

    def everyone_took_a_stance(self) -> bool:
        return self.body_size > 0 and self.total >= self.body_size


def check_stance(kind: StanceKind, reason: str | None) -> str | None:
    """The reason to store; Disagree and Block need a real reason of at most `REASON_MAX`
    characters (else `Refused`, which asks for one again)."""
    if not kind.needs_reason:
        return None
    cleaned = typed(reason, REASON_MAX)
    if len(cleaned) < MIN_REASON_LENGTH:
        raise Refused(REASON_FOR_BLOCK if kind is StanceKind.BLOCK else REASON_NEEDED)
    return cleaned


def verdict(tally: Tally, rules: Rules) -> ProposalState:
    """The outcome if the decision closed now."""
    if not tally.has_quorum(rules):
        return ProposalState.NO_QUORUM
    if tally.block:
        return ProposalState.BLOCKED
    if Fraction(tally.agree, tally.total) >= rules.threshold:
        return ProposalState.ACCEPTED
    return ProposalState.REJECTED


class DeadlineStep(StrEnum):
    EXTEND = "extend"
    CLOSE = "close"


def at_deadline(tally: Tally, rules: Rules, *, extended: bool) -> DeadlineStep:
    """Extend once when the quorum is missing; otherwise close."""
    if not tally.has_quorum(rules) and not extended:
        return DeadlineStep.EXTEND
    return DeadlineStep.CLOSE
