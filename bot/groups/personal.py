"""The working groups' part of /mydata and /deleteme (see `bot.personal_data`)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, delete, select

from bot.db import Database
from models import (
    Candidate,
    Election,
    ElectionStatus,
    GroupMembership,
    GroupTask,
    Vote,
    WorkingGroup,
)


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """/mydata: the person's groups, candidacies, votes and the tasks they created."""
    async with db.session() as session:
        memberships = list(
            await session.exec(
                select(WorkingGroup.name, GroupMembership.joined_at)
                .join(GroupMembership, col(GroupMembership.group_id) == col(WorkingGroup.id))
                .where(GroupMembership.person_id == person_id)
            )
        )
        coordinated = list(
            await session.exec(
                select(WorkingGroup.name).where(WorkingGroup.coordinator_id == person_id)
            )
        )
        candidacies = list(
            await session.exec(
                select(Candidate.election_id, Candidate.statement).where(
                    Candidate.person_id == person_id
                )
            )
        )
        votes = list(
            await session.exec(
                select(Vote.election_id, Vote.round, Vote.cast_at).where(Vote.voter_id == person_id)
            )
        )
        tasks = list(
            await session.exec(select(GroupTask.title).where(GroupTask.created_by_id == person_id))
        )
    return {
        "groups": [{"group": name, "joined_at": at.isoformat()} for name, at in memberships],
        "coordinator_of": list(coordinated),
        "candidacies": [
            {"election": election, "statement": statement} for election, statement in candidacies
        ],
        # Whom they voted for is not repeated here: the ballot only counts.
        "votes_cast": [
            {"election": election, "round": round_, "at": at.isoformat()}
            for election, round_, at in votes
        ],
        "tasks_created": list(tasks),
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: out of every group; candidacies and votes of elections still running go
    (the person is no longer a member); in finished elections a vote stays as an anonymous
    count and a statement is emptied. Tasks they created stay, without their name."""
    async with db.session() as session:
        running = [ElectionStatus.NOMINATION, ElectionStatus.VOTING]
        running_ids = select(Election.id).where(col(Election.status).in_(running))
        await session.exec(
            delete(GroupMembership).where(col(GroupMembership.person_id) == person_id)
        )
        for group in await session.exec(
            select(WorkingGroup).where(WorkingGroup.coordinator_id == person_id)
        ):
            group.coordinator_id, group.acting = None, False
        await session.exec(
            delete(Candidate).where(
                col(Candidate.person_id) == person_id, col(Candidate.election_id).in_(running_ids)
            )
        )
        await session.exec(
            delete(Vote).where(
                col(Vote.voter_id) == person_id, col(Vote.election_id).in_(running_ids)
            )
        )
        for candidate in await session.exec(
            select(Candidate).where(Candidate.person_id == person_id)
        ):
            candidate.statement = ""
