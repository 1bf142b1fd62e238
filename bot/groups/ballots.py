"""Reading an election inside the caller's session: its snapshot, the open election of a
group, the candidates still in the race and the votes that count."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.groups.votes import OPEN, CandidateView, ElectionView
from models import Candidate, Election, GroupMembership, Person, Vote, WorkingGroup


def _still_members(election: Election, person_id: Any) -> ColumnElement[bool]:
    """Join condition: `person_id` (a column) is a member of the election's group still."""
    return (col(GroupMembership.person_id) == person_id) & (
        col(GroupMembership.group_id) == election.group_id
    )


async def election_view(session: AsyncSession, election: Election) -> ElectionView:
    assert election.id is not None
    group = await session.get(WorkingGroup, election.group_id)
    assert group is not None
    rows = await session.exec(
        select(Candidate, Person)
        .join(Person, col(Person.id) == col(Candidate.person_id))
        .join(GroupMembership, _still_members(election, col(Candidate.person_id)))
        .where(Candidate.election_id == election.id, col(Candidate.in_race).is_(True))
        .order_by(col(Person.first_name), col(Person.id))
    )
    sitting = await session.get(Person, group.coordinator_id) if group.coordinator_id else None
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
        sitting=sitting.display_name if sitting is not None else None,
    )


async def open_election(session: AsyncSession, group_id: int) -> Election | None:
    return (
        await session.exec(
            select(Election).where(Election.group_id == group_id, col(Election.status).in_(OPEN))
        )
    ).first()


async def candidates_in_race(session: AsyncSession, election: Election) -> list[int]:
    """Candidates still in the race and still members (one who left the group is out)."""
    return list(
        await session.exec(
            select(Candidate.person_id)
            .join(GroupMembership, _still_members(election, col(Candidate.person_id)))
            .where(Candidate.election_id == election.id, col(Candidate.in_race).is_(True))
        )
    )


async def tally(session: AsyncSession, election: Election) -> dict[int | None, int]:
    """Votes of the current round by people who are still members of the group."""
    choices = await session.exec(
        select(Vote.candidate_id)
        .join(GroupMembership, _still_members(election, col(Vote.voter_id)))
        .where(Vote.election_id == election.id, Vote.round == election.round)
    )
    return dict(Counter(choices))
