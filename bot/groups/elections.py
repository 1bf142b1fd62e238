"""Elections of a working group's coordinator.

Nomination (self-nomination with a statement) until a deadline, then a vote among the
group's members until the next deadline: one vote each, changeable until then. Most votes
wins; a tie goes to a run-off between the tied (a second tie fails); a single candidate
needs more votes "for" than "against". Every phase change is keyed by (status, round), so a
deadline job that runs twice, or late after a restart, changes nothing the second time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.db import Database
from bot.groups.directory import GroupRefused, GroupView, Refusal
from models import (
    Candidate,
    Election,
    ElectionStatus,
    GroupMembership,
    Person,
    Vote,
    WorkingGroup,
    utcnow,
)

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


@dataclass(frozen=True)
class PhaseResult:
    """The result of a deadline: the election after it, and who won or stepped down."""

    outcome: Outcome
    election: ElectionView | None  # None: no such election
    votes: dict[int | None, int] = field(default_factory=dict)  # candidate id (None: against)
    winner_name: str | None = None
    previous_coordinator_id: int | None = None


def first_election_due(group: GroupView) -> bool:
    """The join that brings a group without a coordinator to its first quorum."""
    return group.coordinator_id is None and group.size == FIRST_ELECTION_SIZE


async def _view(session: AsyncSession, election: Election) -> ElectionView:
    assert election.id is not None
    group = await session.get(WorkingGroup, election.group_id)
    assert group is not None
    rows = await session.exec(
        select(Candidate, Person)
        .join(Person, col(Person.id) == col(Candidate.person_id))
        .join(
            GroupMembership,
            (col(GroupMembership.person_id) == col(Candidate.person_id))
            & (col(GroupMembership.group_id) == election.group_id),
        )
        .where(Candidate.election_id == election.id, col(Candidate.in_race).is_(True))
        .order_by(col(Person.first_name), col(Person.id))
    )
    return ElectionView(
        id=election.id,
        group_id=group.id or 0,
        group_name=group.name,
        group_chat_id=group.chat_id,
        status=election.status,
        round=election.round,
        deadline=election.deadline,
        candidates=[
            CandidateView(person.id or 0, person.display_name, candidate.statement)
            for candidate, person in rows
        ],
    )


async def _open_election(session: AsyncSession, group_id: int) -> Election | None:
    return (
        await session.exec(
            select(Election).where(Election.group_id == group_id, col(Election.status).in_(OPEN))
        )
    ).first()


async def _is_member(session: AsyncSession, group_id: int, person_id: int) -> bool:
    return await session.get(GroupMembership, (group_id, person_id)) is not None


async def start(
    db: Database, *, group_id: int, started_by_id: int | None, now: datetime | None = None
) -> ElectionView:
    """Open nominations; a member (started_by_id) or the bot (None) calls the election."""
    async with db.session() as session:
        group = await session.get(WorkingGroup, group_id)
        if group is None or group.archived:
            raise GroupRefused(Refusal.NOT_FOUND)
        if started_by_id is not None and not await _is_member(session, group_id, started_by_id):
            raise GroupRefused(Refusal.NOT_MEMBER)
        if await _open_election(session, group_id) is not None:
            raise GroupRefused(Refusal.ELECTION_RUNNING)
        election = Election(
            group_id=group_id,
            started_by_id=started_by_id,
            deadline=(now or utcnow()) + NOMINATION_PERIOD,
        )
        session.add(election)
        await session.flush()
        return await _view(session, election)


async def get(db: Database, election_id: int) -> ElectionView | None:
    async with db.session() as session:
        election = await session.get(Election, election_id)
        return None if election is None else await _view(session, election)


async def open_elections(db: Database) -> list[ElectionView]:
    """Elections waiting for a deadline (their jobs are re-created at start)."""
    async with db.session() as session:
        elections = await session.exec(select(Election).where(col(Election.status).in_(OPEN)))
        return [await _view(session, election) for election in elections]


async def nominate(
    db: Database, *, election_id: int, person_id: int, statement: str
) -> ElectionView:
    """Self-nomination (or a new statement) while nominations are open."""
    async with db.session() as session:
        election = await session.get(Election, election_id)
        if election is None or election.status is not ElectionStatus.NOMINATION:
            raise GroupRefused(Refusal.PHASE_OVER)
        if not await _is_member(session, election.group_id, person_id):
            raise GroupRefused(Refusal.NOT_MEMBER)
        candidate = await session.get(Candidate, (election_id, person_id))
        if candidate is None:
            session.add(
                Candidate(election_id=election_id, person_id=person_id, statement=statement)
            )
        else:
            candidate.statement = statement
        await session.flush()
        return await _view(session, election)


async def vote(
    db: Database, *, election_id: int, round: int, voter_id: int, candidate_id: int | None
) -> ElectionView:
    """Cast or change a vote in the current round; None is "against" a single candidate."""
    async with db.session() as session:
        election = await session.get(Election, election_id)
        if (
            election is None
            or election.status is not ElectionStatus.VOTING
            or election.round != round
        ):
            raise GroupRefused(Refusal.PHASE_OVER)
        if not await _is_member(session, election.group_id, voter_id):
            raise GroupRefused(Refusal.NOT_MEMBER)
        in_race = await _in_race(session, election)
        valid = candidate_id in in_race if candidate_id is not None else len(in_race) == 1
        if not valid:
            raise GroupRefused(Refusal.NOT_CANDIDATE)
        ballot = await session.get(Vote, (election_id, round, voter_id))
        if ballot is None:
            session.add(
                Vote(
                    election_id=election_id,
                    round=round,
                    voter_id=voter_id,
                    candidate_id=candidate_id,
                )
            )
        else:
            ballot.candidate_id = candidate_id
            ballot.cast_at = utcnow()
        return await _view(session, election)


async def _in_race(session: AsyncSession, election: Election) -> list[int]:
    """Candidates still in the race and still members (one who left the group is out)."""
    return list(
        await session.exec(
            select(Candidate.person_id)
            .join(
                GroupMembership,
                (col(GroupMembership.person_id) == col(Candidate.person_id))
                & (col(GroupMembership.group_id) == election.group_id),
            )
            .where(Candidate.election_id == election.id, col(Candidate.in_race).is_(True))
        )
    )


async def _tally(session: AsyncSession, election: Election) -> dict[int | None, int]:
    """Votes of the current round by people who are still members of the group."""
    choices = await session.exec(
        select(Vote.candidate_id)
        .join(
            GroupMembership,
            (col(GroupMembership.person_id) == col(Vote.voter_id))
            & (col(GroupMembership.group_id) == election.group_id),
        )
        .where(Vote.election_id == election.id, Vote.round == election.round)
    )
    return dict(Counter(choices))


async def close_phase(
    db: Database,
    *,
    election_id: int,
    status: ElectionStatus,
    round: int,
    now: datetime | None = None,
) -> PhaseResult:
    """The deadline of phase (status, round): open the vote, call a run-off, or finish."""
    now = now or utcnow()
    async with db.session() as session:
        election = await session.get(Election, election_id)
        if election is None or (election.status, election.round) != (status, round):
            view = await _view(session, election) if election is not None else None
            return PhaseResult(Outcome.NOTHING, view)
        in_race = await _in_race(session, election)
        if election.status is ElectionStatus.NOMINATION:
            result = _open_vote(election, in_race, now)
            return PhaseResult(result, await _view(session, election))
        votes = await _tally(session, election)
        outcome, winner = _decide(election, in_race, votes)
        if outcome is Outcome.RUNOFF:
            top = max(votes.get(candidate, 0) for candidate in in_race)
            for candidate in await session.exec(
                select(Candidate).where(Candidate.election_id == election_id)
            ):
                candidate.in_race = (
                    candidate.person_id in in_race and votes.get(candidate.person_id, 0) == top
                )
            election.round += 1
            election.deadline = now + RUNOFF_PERIOD
            await session.flush()
            return PhaseResult(outcome, await _view(session, election), votes)
        if winner is None:
            election.status = ElectionStatus.FAILED
            return PhaseResult(outcome, await _view(session, election), votes)
        return await _elect(session, election, winner, votes)


def _open_vote(election: Election, in_race: list[int], now: datetime) -> Outcome:
    if not in_race:
        election.status = ElectionStatus.FAILED
        return Outcome.NO_CANDIDATES
    election.status = ElectionStatus.VOTING
    election.deadline = now + VOTING_PERIOD
    return Outcome.VOTING


def _decide(
    election: Election, in_race: list[int], votes: dict[int | None, int]
) -> tuple[Outcome, int | None]:
    """Who won, or why nobody did, or that a run-off is needed."""
    if sum(votes.values()) == 0:
        return Outcome.NO_VOTES, None
    if len(in_race) == 1:
        single = in_race[0]
        if votes.get(single, 0) > votes.get(None, 0):
            return Outcome.ELECTED, single
        return Outcome.NO_MAJORITY, None
    top = max(votes.get(candidate, 0) for candidate in in_race)
    leaders = [candidate for candidate in in_race if votes.get(candidate, 0) == top]
    if len(leaders) == 1:
        return Outcome.ELECTED, leaders[0]
    if election.round > 1 and len(leaders) == len(in_race):
        return Outcome.TIE, None
    return Outcome.RUNOFF, None


async def _elect(
    session: AsyncSession, election: Election, winner_id: int, votes: dict[int | None, int]
) -> PhaseResult:
    """The winner becomes the group's coordinator; the previous one steps down."""
    group = await session.get(WorkingGroup, election.group_id)
    assert group is not None
    previous = group.coordinator_id
    group.coordinator_id = winner_id
    group.acting = False
    election.status = ElectionStatus.FINISHED
    election.winner_id = winner_id
    audit.record(
        session,
        actor_id=None,
        action="group.coordinator_elected",
        target_person_id=winner_id,
        group=group.id,
        election=election.id,
        previous=previous,
    )
    winner = await session.get(Person, winner_id)
    assert winner is not None
    return PhaseResult(
        Outcome.ELECTED,
        await _view(session, election),
        votes,
        winner_name=winner.display_name,
        previous_coordinator_id=previous if previous != winner_id else None,
    )
