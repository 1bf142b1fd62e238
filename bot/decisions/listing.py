"""What a member sees of the proposals: /proposals, what awaits their stance, one proposal's
card, and the open proposals that match the words of an inline query. A working group's
proposals are shown only to its members and to the community's coordinators."""

from __future__ import annotations

from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.cards import Cards
from bot.decisions.refusals import STALE
from bot.decisions.service import Proposals
from bot.decisions.stances import Stances
from bot.decisions.views import Card, Overview
from models import CLOSED_STATES, Proposal, ProposalState, Role, Stance

RECENT = 10
NOT_SHOWN = (ProposalState.SUBMITTED, ProposalState.RETURNED)


def matches(words: list[str], *fields: str | None) -> bool:
    """Every word is in one of the fields (case does not matter)."""
    haystack = " ".join(field or "" for field in fields).lower()
    return all(word in haystack for word in words)


class Listing:
    def __init__(self, db: Database, proposals: Proposals, stances: Stances, cards: Cards) -> None:
        self.db = db
        self.proposals = proposals
        self.stances = stances
        self.bodies: Bodies = proposals.bodies
        self.cards = cards

    async def _visible(self, person: PersonView, proposals: list[Proposal]) -> list[Proposal]:
        return [
            proposal for proposal in proposals if await self.bodies.visible_to(proposal, person)
        ]

    async def overview(self, person: PersonView) -> Overview:
        open_ones = await self._visible(person, await self.proposals.listing([ProposalState.OPEN]))
        submitted = await self.proposals.listing([ProposalState.SUBMITTED])
        recent = await self.proposals.listing(sorted(CLOSED_STATES), limit=RECENT * 5)
        return Overview(
            open=[(proposal, await self.bodies.group_name(proposal)) for proposal in open_ones],
            waiting=[p for p in submitted if await self.bodies.may_review(person, p)],
            recent=(await self._visible(person, recent))[:RECENT],
            following=await self.cards.is_following(person),
        )

    async def shown(self, person: PersonView, proposal_id: int, *, missing: str = STALE) -> Card:
        """The card of a proposal this person may see, with the stances and their reasons;
        `Refused(missing)` for one that does not exist, is not open yet, or belongs to a
        group they are not in (or for anyone who is not a member)."""
        proposal = await self.proposals.get(proposal_id)
        if (
            proposal is None
            or proposal.state in NOT_SHOWN
            or not await self.bodies.visible_to(proposal, person)
        ):
            raise Refused(missing)
        return await self.stances.card(proposal)

    async def pending_for(self, person: PersonView) -> list[Proposal]:
        """Open proposals of bodies the person belongs to that await their stance."""
        if not person.role.at_least(Role.MEMBER):
            return []
        open_ones = await self.proposals.listing([ProposalState.OPEN], limit=200)
        statement = select(Stance.proposal_id).where(
            Stance.person_id == person.id,
            col(Stance.proposal_id).in_([proposal.id for proposal in open_ones]),
        )
        async with self.db.session() as session:
            taken = set(await session.exec(statement))
        bodies: dict[int | None, bool] = {}
        waiting = []
        for proposal in open_ones:
            body = proposal.working_group_id
            if body not in bodies:
                bodies[body] = await self.bodies.includes(body, person)
            if bodies[body] and proposal.id not in taken:
                waiting.append(proposal)
        return waiting

    async def open_cards(self, person: PersonView, words: list[str]) -> list[Card]:
        """Open proposals this member may see whose title or text has all the words."""
        if not person.role.at_least(Role.MEMBER):
            return []
        found = [
            proposal
            for proposal in await self.proposals.listing([ProposalState.OPEN])
            if matches(words, proposal.title, proposal.description)
        ]
        return [
            await self.stances.card(proposal) for proposal in await self._visible(person, found)
        ]
