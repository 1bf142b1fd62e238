"""Elections of a working group's coordinator.

Nomination (self-nomination with a statement) until a deadline, then a vote among the
group's members until the next deadline: one vote each, changeable until then (the rules of
the count are in `bot.groups.votes`). Every phase change is keyed by (status, round), so a
deadline job that runs twice, or late after a restart, changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import STALE, Refused
from bot.db import Database
from bot.groups.ballots import candidates_in_race, election_view, open_election, tally
from bot.groups.refusals import NOT_MEMBER, PHASE_OVER
from bot.groups.views import membership
from bot.groups.votes import (
    NOMINATION_PERIOD,
    OPEN,
    RUNOFF_PERIOD,
    VOTING_PERIOD,
    ElectionView,
    Outcome,
    PhaseResult,
    decide,
    runoff_candidates,
)
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


class Elections:
    """Calling elections, nominations, votes and the deadlines of each phase."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def open_in(
        self, session: AsyncSession, group_id: int, started_by_id: int | None
    ) -> ElectionView:
        election = Election(
            group_id=group_id,
            started_by_id=started_by_id,
            deadline=self.clock() + NOMINATION_PERIOD,
        )
        session.add(election)
        await session.flush()
        return await election_view(session, election)

    async def call_by_bot(self, session: AsyncSession, group_id: int) -> ElectionView | None:
        """The group has no coordinator: the bot calls an election, unless one is under way
        or nobody is left to elect (inside the caller's session: part of a join or leave)."""
        anyone = select(GroupMembership).where(GroupMembership.group_id == group_id)
        if (await session.exec(anyone)).first() is None:
            return None
        if await open_election(session, group_id) is not None:
            return None
        return await self.open_in(session, group_id, None)

    async def get(self, election_id: int) -> ElectionView | None:
        async with self.db.session() as session:
            election = await session.get(Election, election_id)
            return None if election is None else await election_view(session, election)

    async def open_elections(self) -> list[ElectionView]:
        """Elections waiting for a deadline (their jobs are re-created at start)."""
        async with self.db.session() as session:
            elections = await session.exec(select(Election).where(col(Election.status).in_(OPEN)))
            return [await election_view(session, election) for election in elections]

    async def _nominating(
        self, session: AsyncSession, election_id: int, person_id: int
    ) -> Election:
        election = await session.get(Election, election_id)
        if election is None or election.status is not ElectionStatus.NOMINATION:
            raise Refused(PHASE_OVER)
        if await membership(session, election.group_id, person_id) is None:
            raise Refused(NOT_MEMBER)
        return election

    async def nomination(self, *, election_id: int, person_id: int) -> ElectionView:
        """The election a member may stand in now (before they write their statement)."""
        async with self.db.session() as session:
            election = await self._nominating(session, election_id, person_id)
            return await election_view(session, election)

    async def nominate(self, *, election_id: int, person_id: int, statement: str) -> ElectionView:
        """Self-nomination (or a new statement) while nominations are open."""
        async with self.db.session() as session:
            election = await self._nominating(session, election_id, person_id)
            candidate = await session.get(Candidate, (election_id, person_id))
            if candidate is None:
                session.add(
                    Candidate(election_id=election_id, person_id=person_id, statement=statement)
                )
            else:
                candidate.statement = statement
            await session.flush()
            return await election_view(session, election)

    async def statements(self, *, election_id: int, person_id: int) -> ElectionView:
        """The election with its candidates' statements, for a member of its group."""
        async with self.db.session() as session:
            election = await session.get(Election, election_id)
            if election is None:
                raise Refused(STALE)
            if await membership(session, election.group_id, person_id) is None:
                raise Refused(NOT_MEMBER)
            return await election_view(session, election)

    async def vote(
        self, *, election_id: int, round: int, voter_id: int, candidate_id: int | None
    ) -> ElectionView:
        """Cast or change a vote in the current round; None is "against" a single candidate."""
        async with self.db.session() as session:
            election = await session.get(Election, election_id)
            if (
                election is None
                or election.status is not ElectionStatus.VOTING
                or election.round != round
            ):
                raise Refused(PHASE_OVER)
            if await membership(session, election.group_id, voter_id) is None:
                raise Refused(NOT_MEMBER)
            in_race = await candidates_in_race(session, election)
            valid = candidate_id in in_race if candidate_id is not None else len(in_race) == 1
            if not valid:
                raise Refused(STALE)
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
                ballot.cast_at = self.clock()
            return await election_view(session, election)

    async def close_phase(
        self, *, election_id: int, status: ElectionStatus, round: int
    ) -> PhaseResult:
        """The deadline of phase (status, round): open the vote, call a run-off, or finish."""
        now = self.clock()
        async with self.db.session() as session:
            election = await session.get(Election, election_id)
            if election is None or (election.status, election.round) != (status, round):
                view = await election_view(session, election) if election is not None else None
                return PhaseResult(Outcome.NOTHING, view)
            in_race = await candidates_in_race(session, election)
            if election.status is ElectionStatus.NOMINATION:
                if not in_race:
                    election.status = ElectionStatus.FAILED
                    return PhaseResult(
                        Outcome.NO_CANDIDATES, await election_view(session, election)
                    )
                election.status = ElectionStatus.VOTING
                election.deadline = now + VOTING_PERIOD
                return PhaseResult(Outcome.VOTING, await election_view(session, election))
            votes = await tally(session, election)
            outcome, winner = decide(election.round, in_race, votes)
            if outcome is Outcome.RUNOFF:
                await _runoff(session, election, runoff_candidates(in_race, votes))
                election.deadline = now + RUNOFF_PERIOD
                await session.flush()
                return PhaseResult(outcome, await election_view(session, election), votes)
            if winner is None:
                election.status = ElectionStatus.FAILED
                return PhaseResult(outcome, await election_view(session, election), votes)
            return await _elect(session, election, winner, votes)


async def _runoff(session: AsyncSession, election: Election, tied: list[int]) -> None:
    """Only the tied stay in the race, for a new round."""
    for candidate in await session.exec(
        select(Candidate).where(Candidate.election_id == election.id)
    ):
        candidate.in_race = candidate.person_id in tied
    election.round += 1


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
        await election_view(session, election),
        votes,
        winner_name=winner.display_name,
        winner_id=winner_id,
        previous_coordinator_id=previous if previous != winner_id else None,
    )
