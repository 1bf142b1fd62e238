"""Where a proposal's cards are (one live card per chat), who follows new proposals, and
the pacing of card edits: at most one sweep of a proposal's cards per interval."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlmodel import select

from bot.core import state
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from models import Proposal, ProposalCard

FOLLOWERS_KIND = "decisions.followers"
CARD_EDIT_INTERVAL = 3.0  # seconds between two edits of one proposal's cards


class CardPacing:
    """When a proposal's cards may be edited again (in memory: per process; a restart just
    refreshes on the next stance)."""

    def __init__(
        self,
        interval: float = CARD_EDIT_INTERVAL,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self._last_sweep: dict[int, float] = {}

    def wait(self, proposal_id: int) -> float:
        """Seconds until the cards may be edited (0 or less: now)."""
        last = self._last_sweep.get(proposal_id, float("-inf"))
        return last + self.interval - self.clock()

    def swept(self, proposal_id: int) -> None:
        self._last_sweep[proposal_id] = self.clock()


class Cards:
    """The card messages of each proposal, and the members who follow new proposals."""

    def __init__(self, db: Database, bodies: Bodies) -> None:
        self.db = db
        self.bodies = bodies

    async def of(self, proposal_id: int) -> list[ProposalCard]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(ProposalCard).where(ProposalCard.proposal_id == proposal_id)
            )
            return list(rows)

    async def save(self, proposal_id: int, chat_id: int, message_id: int, locale: str) -> None:
        """One live card per chat: a newer one replaces the older."""
        async with self.db.session() as session:
            card = await session.get(ProposalCard, (proposal_id, chat_id))
            if card is None:
                card = ProposalCard(proposal_id=proposal_id, chat_id=chat_id, message_id=0)
                session.add(card)
            card.message_id = message_id
            card.locale = locale

    async def set_following(self, person: PersonView, following: bool) -> None:
        await state.save(self.db, FOLLOWERS_KIND, str(person.id), True if following else None)

    async def toggle_following(self, person: PersonView) -> bool:
        """Follow new proposals, or stop; True when the person now follows."""
        following = not await self.is_following(person)
        await self.set_following(person, following)
        return following

    async def is_following(self, person: PersonView) -> bool:
        return bool(await state.load(self.db, FOLLOWERS_KIND, str(person.id)))

    async def followers(self, proposal: Proposal) -> list[PersonView]:
        """Body members who asked to get every new card privately."""
        wanted = {int(key) for key in await state.load_all(self.db, FOLLOWERS_KIND)}
        members = await self.bodies.members(proposal.working_group_id)
        return [member for member in members if member.id in wanted]
