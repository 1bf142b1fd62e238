"""The working groups' part of /mydata and /deleteme (see `bot.personal_data`)."""

from __future__ import annotations

from sqlmodel import col, delete, or_, select

from bot.core.personal import Section, plain
from bot.db import Database
from bot.i18n import N_
from models import (
    Candidate,
    Election,
    ElectionStatus,
    GroupMembership,
    GroupTask,
    ReelectionRequest,
    Vote,
    WorkingGroup,
)

GROUP, ELECTION, AT = N_("Group"), N_("Election"), N_("When")


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """/mydata: the person's groups, candidacies, votes (not for whom: the ballot only
    counts), the elections they called or won, the votes they received and their tasks."""
    async with db.session() as session:
        names = {group.id: group.name for group in await session.exec(select(WorkingGroup))}
        memberships = await session.exec(
            select(GroupMembership).where(GroupMembership.person_id == person_id)
        )
        coordinated = await session.exec(
            select(WorkingGroup).where(WorkingGroup.coordinator_id == person_id)
        )
        candidacies = await session.exec(
            select(Candidate, Election.group_id)
            .join(Election, col(Election.id) == col(Candidate.election_id))
            .where(Candidate.person_id == person_id)
        )
        elections = await session.exec(
            select(Election).where(
                or_(col(Election.winner_id) == person_id, col(Election.started_by_id) == person_id)
            )
        )
        votes = await session.exec(select(Vote).where(Vote.voter_id == person_id))
        received = await session.exec(
            select(Vote).where(Vote.candidate_id == person_id, Vote.voter_id != person_id)
        )
        tasks = await session.exec(select(GroupTask).where(GroupTask.created_by_id == person_id))
        owned = await session.exec(select(GroupTask).where(GroupTask.owner_id == person_id))
        requests = await session.exec(
            select(ReelectionRequest).where(ReelectionRequest.person_id == person_id)
        )
        return [
            Section(N_("Working groups"), "group_membership", [
                {GROUP: names[row.group_id], N_("Joined"): plain(row.joined_at),
                 N_("In the group's chat"): row.in_chat}
                for row in memberships
            ], headline=GROUP),
            Section(N_("Groups you coordinate"), "working_group", [
                {GROUP: group.name, N_("Appointed by an organiser"): group.acting}
                for group in coordinated
            ], headline=GROUP),
            Section(N_("Candidacies"), "group_candidate", [
                {GROUP: names[group_id], ELECTION: row.election_id,
                 N_("Statement"): row.statement, N_("Still in the race"): row.in_race}
                for row, group_id in candidacies
            ], headline=GROUP),
            Section(N_("Elections called or won"), "group_election", [
                {GROUP: names[row.group_id], ELECTION: row.id, N_("State"): plain(row.status),
                 N_("Called by you"): row.started_by_id == person_id,
                 N_("Won by you"): row.winner_id == person_id}
                for row in elections
            ], headline=GROUP),
            Section(N_("Votes cast"), "group_vote", [
                {ELECTION: row.election_id, N_("Round"): row.round, AT: plain(row.cast_at),
                 N_("For yourself"): row.candidate_id == person_id}
                for row in votes
            ]),
            Section(N_("Votes for you"), "group_vote", [
                {ELECTION: row.election_id, N_("Round"): row.round} for row in received
            ]),
            Section(N_("Requests for a re-election"), "group_reelection_request", [
                {GROUP: names[row.group_id], N_("Reason"): row.reason, AT: plain(row.made_at)}
                for row in requests
            ], headline=GROUP),
            Section(N_("Tasks created"), "group_task", [
                {N_("Task"): task.title, GROUP: names[task.group_id], N_("Completed"): task.done}
                for task in tasks
            ], headline=N_("Task")),
            Section(N_("Tasks given to you"), "group_task", [
                {N_("Task"): task.title, GROUP: names[task.group_id], N_("Completed"): task.done,
                 N_("Due"): plain(task.due_date)}
                for task in owned
            ], headline=N_("Task")),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: out of every group; candidacies and votes (theirs and for them) of
    elections still running go (the person is no longer a member); in finished elections a
    vote stays as an anonymous count and a statement is emptied. Tasks they created or own stay,
    without their name."""
    async with db.session() as session:
        running = [ElectionStatus.NOMINATION, ElectionStatus.VOTING]
        running_ids = select(Election.id).where(col(Election.status).in_(running))
        await session.exec(
            delete(GroupMembership).where(col(GroupMembership.person_id) == person_id)
        )
        await session.exec(
            delete(ReelectionRequest).where(col(ReelectionRequest.person_id) == person_id)
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
                or_(col(Vote.voter_id) == person_id, col(Vote.candidate_id) == person_id),
                col(Vote.election_id).in_(running_ids),
            )
        )
        for candidate in await session.exec(
            select(Candidate).where(Candidate.person_id == person_id)
        ):
            candidate.statement = ""
        for task in await session.exec(select(GroupTask).where(GroupTask.owner_id == person_id)):
            task.owner_id = None  # the task stays the group's, without an owner
