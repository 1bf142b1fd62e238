"""The stances on a proposal as they count: those of the body's current members (someone
who left the body no longer counts), their tally, and the card that shows them. Taking a
stance is `Proposals.take_stance`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.rules import Tally
from bot.decisions.views import Card, StanceLine
from models import Proposal, Stance, StanceKind


@dataclass(frozen=True)
class Count:
    """The body of a proposal and the stances of its current members."""

    members: list[PersonView]
    lines: list[StanceLine]

    @property
    def tally(self) -> Tally:
        return Tally.of((line.kind for line in self.lines), len(self.members))


class Stances:
    def __init__(self, db: Database, bodies: Bodies) -> None:
        self.db = db
        self.bodies = bodies

    async def count(self, proposal: Proposal) -> Count:
        """The body's members and their stances, in the order they were taken (the body
        is read once)."""
        members = await self.bodies.members(proposal.working_group_id)
        names = {member.id: member.display_name for member in members}
        statement = (
            select(Stance)
            .where(Stance.proposal_id == proposal.id)
            .order_by(col(Stance.updated_at), col(Stance.person_id))
        )
        async with self.db.session() as session:
            rows = list(await session.exec(statement))
        lines = [
            StanceLine(row.person_id, names[row.person_id], row.kind, row.reason)
            for row in rows
            if row.person_id in names
        ]
        return Count(members, lines)

    async def of(self, proposal: Proposal) -> list[StanceLine]:
        return (await self.count(proposal)).lines

    async def tally(self, proposal: Proposal) -> Tally:
        return (await self.count(proposal)).tally

    async def takers(self, proposal: Proposal) -> list[tuple[PersonView, StanceKind]]:
        """The body's members who took a stance, with it."""
        count = await self.count(proposal)
        members = {member.id: member for member in count.members}
        return [(members[line.person_id], line.kind) for line in count.lines]

    async def missing(self, proposal: Proposal) -> list[PersonView]:
        """The body's members who have not taken a stance."""
        count = await self.count(proposal)
        taken = {line.person_id for line in count.lines}
        return [member for member in count.members if member.id not in taken]

    async def card(self, proposal: Proposal) -> Card:
        """What the proposal's card shows."""
        count = await self.count(proposal)
        return Card(proposal, count.lines, count.tally, await self.bodies.group_name(proposal))
