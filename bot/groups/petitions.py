"""Re-electing a sitting coordinator: one member alone may not force it.

A group without a coordinator, or with one appointed by an organiser (acting), or whose
coordinator's term is over, gets an election from any member's `/elect`. Otherwise `/elect`
is a request with a reason; the election opens when a third of the group (at least two
members) asked within `REQUEST_PERIOD`. The sitting coordinator stays until someone else is
elected: if nobody stands or nobody wins, she stays coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.groups.ballots import open_election
from bot.groups.elections import Elections
from bot.groups.refusals import ELECTION_RUNNING, NOT_MEMBER, REASON_LENGTH
from bot.groups.views import GroupRef, membership, resolve
from bot.groups.votes import ElectionView
from models import (
    Election,
    ElectionStatus,
    GroupMembership,
    Person,
    ReelectionRequest,
    WorkingGroup,
)

TERM = timedelta(days=365)
REQUEST_PERIOD = timedelta(days=14)
REASON_MIN, REASON_LIMIT = 10, 500


def support_needed(group_size: int) -> int:
    """A third of the group, and never one member alone."""
    return max(2, ceil(group_size / 3))


@dataclass(frozen=True)
class Called:
    """What `/elect` did: an election opened (`election`), or a request counted."""

    group_name: str
    election: ElectionView | None
    supporters: int = 0
    needed: int = 0
    reasons: tuple[str, ...] = ()  # the requests' reasons, when they opened the election
    coordinator: PersonView | None = None  # the sitting coordinator, when re-elected


async def _term_started(session: AsyncSession, group: WorkingGroup) -> datetime | None:
    """When the sitting coordinator was elected (None: appointed, or not known)."""
    won = await session.exec(
        select(func.max(Election.deadline)).where(
            Election.group_id == group.id,
            Election.winner_id == group.coordinator_id,
            Election.status == ElectionStatus.FINISHED,
        )
    )
    return won.one()


async def _sitting(session: AsyncSession, group: WorkingGroup) -> PersonView | None:
    person = await session.get(Person, group.coordinator_id) if group.coordinator_id else None
    return PersonView.of(person) if person is not None else None


class Petitions:
    """`/elect`: an election at once where one member may call it, else a request."""

    def __init__(self, db: Database, elections: Elections) -> None:
        self.db = db
        self.elections = elections

    async def call(self, *, group: GroupRef, person_id: int, reason: str) -> Called:
        async with self.db.session() as session:
            found = await resolve(session, group)
            assert found.id is not None
            if await membership(session, found.id, person_id) is None:
                raise Refused(NOT_MEMBER)
            if await open_election(session, found.id) is not None:
                raise Refused(ELECTION_RUNNING)
            now = self.elections.clock()
            if found.coordinator_id is None or found.acting:
                return Called(
                    found.name, await self.elections.open_in(session, found.id, person_id)
                )
            started = await _term_started(session, found)
            if started is not None and now - started >= TERM:
                election = await self.elections.open_in(session, found.id, person_id)
                return Called(found.name, election, coordinator=await _sitting(session, found))
            return await self._request(session, found, person_id, reason, now)

    async def _request(
        self, session: AsyncSession, group: WorkingGroup, person_id: int, reason: str, now: datetime
    ) -> Called:
        """Count the request (a later one replaces the member's earlier reason); enough of
        them open the election."""
        if not REASON_MIN <= len(reason) <= REASON_LIMIT:
            raise Refused(REASON_LENGTH, low=REASON_MIN, high=REASON_LIMIT)
        assert group.id is not None
        await session.exec(
            delete(ReelectionRequest).where(
                col(ReelectionRequest.group_id) == group.id,
                col(ReelectionRequest.made_at) < now - REQUEST_PERIOD,
            )
        )
        request = await session.get(ReelectionRequest, (group.id, person_id))
        if request is None:
            session.add(ReelectionRequest(group_id=group.id, person_id=person_id, reason=reason))
        else:
            request.reason, request.made_at = reason, now
        await session.flush()
        requests = list(  # of those still in the group
            await session.exec(
                select(ReelectionRequest)
                .join(
                    GroupMembership,
                    (col(GroupMembership.group_id) == col(ReelectionRequest.group_id))
                    & (col(GroupMembership.person_id) == col(ReelectionRequest.person_id)),
                )
                .where(ReelectionRequest.group_id == group.id)
            )
        )
        size = (
            await session.exec(select(func.count()).where(GroupMembership.group_id == group.id))
        ).one()
        needed = support_needed(int(size))
        if len(requests) < needed:
            return Called(group.name, None, supporters=len(requests), needed=needed)
        await session.exec(
            delete(ReelectionRequest).where(col(ReelectionRequest.group_id) == group.id)
        )
        audit.record(session, actor_id=person_id, action="group.reelection", group=group.id)
        return Called(
            group.name,
            await self.elections.open_in(session, group.id, person_id),
            supporters=len(requests),
            needed=needed,
            reasons=tuple(request.reason for request in requests),
            coordinator=await _sitting(session, group),
        )
