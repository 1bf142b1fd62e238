"""The rules of a coordinator election, without the database: when the bot calls one, who
wins a round, and the snapshots the election's handlers show.

Most votes wins; a tie goes to a run-off between the tied (a second tie fails); a single
candidate needs more votes "for" than "against".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.groups.views import GroupView
from models import ElectionStatus

FIRST_ELECTION_SIZE = 3  # a group without a coordinator elects one once it has this many
NOMINATION_PERIOD = timedelta(days=3)
VOTING_PERIOD = timedelta(days=3)
RUNOFF_PERIOD = timedelta(days=2)
STATEMENT_LIMIT = 500
OPEN = (ElectionStatus.NOMINATION, ElectionStatus.VOTING)


class Outcome(StrEnum):
    """What a deadline did."""

    NOTHING = "nothing"  # already handled (a repeated or stale job)
    VOTING = "voting"  # nominations closed, the vote is open
    RUNOFF = "runoff"  # a tie: a new round between the tied
    ELECTED = "elected"
    NO_CANDIDATES = "no_candidates"
    NO_VOTES = "no_votes"
    NO_MAJORITY = "no_majority"  # a single candidate without a majority "for"
    TIE = "tie"  # the run-off tied again


@dataclass(frozen=True)
class CandidateView:
    person_id: int
    name: str
    statement: str


@dataclass(frozen=True)
class ElectionView:
    id: int
    group_id: int
    group_name: str
    group_chat_id: int | None
    status: ElectionStatus
    round: int
    deadline: datetime
    candidates: list[CandidateView] = field(default_factory=list)
    sitting: str | None = None  # the coordinator, who stays unless someone else is elected


@dataclass(frozen=True)
class PhaseResult:
    """The result of a deadline: the election after it, and who won or stepped down."""

    outcome: Outcome
    election: ElectionView | None  # None: no such election
    votes: dict[int | None, int] = field(default_factory=dict)  # candidate id (None: against)
    winner_name: str | None = None
    winner_id: int | None = None
    previous_coordinator_id: int | None = None


def first_election_due(group: GroupView) -> bool:
    """The join that brings a group without a coordinator to its first quorum."""
    return group.coordinator_id is None and group.size == FIRST_ELECTION_SIZE


def decide(
    round: int, in_race: list[int], votes: dict[int | None, int]
) -> tuple[Outcome, int | None]:
    """Who won a round of voting, or why nobody did, or that a run-off is needed."""
    if sum(votes.values()) == 0:
        return Outcome.NO_VOTES, None
    if len(in_race) == 1:
        single = in_race[0]
        if votes.get(single, 0) > votes.get(None, 0):
            return Outcome.ELECTED, single
        return Outcome.NO_MAJORITY, None
    leaders = runoff_candidates(in_race, votes)
    if len(leaders) == 1:
        return Outcome.ELECTED, leaders[0]
    if round > 1 and len(leaders) == len(in_race):
        return Outcome.TIE, None
    return Outcome.RUNOFF, None


def runoff_candidates(in_race: list[int], votes: dict[int | None, int]) -> list[int]:
    """The candidates with the most votes."""
    top = max(votes.get(candidate, 0) for candidate in in_race)
    return [candidate for candidate in in_race if votes.get(candidate, 0) == top]
