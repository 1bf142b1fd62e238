"""Which peers a question is offered to: a pure function, so the rule can be read and changed.

The rule, in order:

1. Never the asker, never someone already offered this question, never someone the bot
   cannot reach, never someone who switched /available off, never someone without at
   least one of the question's areas.
2. More of the question's areas in common first.
3. Then fewest open consultations (load balance).
4. Then the best response record: the share of offers they accepted, smoothed so that a
   newcomer (no record) counts as one half.
5. Then a region match, when the asker asked for a region.
6. Then the lowest person id, so that the result is always the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    """What routing knows about one peer."""

    person_id: int
    areas: frozenset[str]
    available: bool = True
    reachable: bool = True
    open_consultations: int = 0
    offers_accepted: int = 0
    offers_answered: int = 0  # accepted, declined or expired: offers that asked for an answer
    region: str | None = None

    @property
    def response_rate(self) -> float:
        """Accepted offers among answered ones, with one accepted and one not assumed."""
        return (self.offers_accepted + 1) / (self.offers_answered + 2)


@dataclass(frozen=True)
class Request:
    """What routing knows about the question."""

    asker_id: int
    areas: frozenset[str]
    region: str | None = None
    already_offered: frozenset[int] = field(default_factory=frozenset)


def is_eligible(request: Request, candidate: Candidate) -> bool:
    return (
        candidate.person_id != request.asker_id
        and candidate.person_id not in request.already_offered
        and candidate.reachable
        and candidate.available
        and bool(candidate.areas & request.areas)
    )


def score(request: Request, candidate: Candidate) -> tuple[int, int, float, int, int]:
    """The sort key of an eligible candidate: smaller is better."""
    region_mismatch = int(request.region is not None and candidate.region != request.region)
    return (
        -len(candidate.areas & request.areas),
        candidate.open_consultations,
        -candidate.response_rate,
        region_mismatch,
        candidate.person_id,
    )


def rank(request: Request, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Every eligible candidate, best first."""
    eligible = [candidate for candidate in candidates if is_eligible(request, candidate)]
    return sorted(eligible, key=lambda candidate: score(request, candidate))


def next_batch(request: Request, candidates: Iterable[Candidate], size: int) -> list[int]:
    """The ids of the next `size` peers to offer the question to (fewer when few are left)."""
    return [candidate.person_id for candidate in rank(request, candidates)[:size]]
