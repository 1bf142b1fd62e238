"""When someone is no longer a member (/revoke, /deleteme): their consultations end at once,
and the asker whose expert left may ask the same question again (`again.py`).

- their open conversations close, as asker or as expert (the other side is told);
- the questions they asked stop looking for an expert (the offers of them end);
- the offers made to them are withdrawn, and a round left without a pending offer moves on
  to the next peers.

Each step is the same conditional UPDATE as the people's own (close, cancel, decline), so a
press racing with the clean-up changes a row once. The actions themselves check membership
too (`Routing.accept`, `Talks.destination`), in case a clean-up was missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.consultations import rounds
from bot.consultations.queries import claim, ids_of, people_of, view_of
from bot.consultations.routing import Routing
from bot.consultations.rules import SEEKING, Rules
from bot.consultations.views import ConsultationView, Effects, OfferMessage
from bot.db import Database
from models import Consultation, ConsultationOffer, ConsultationStatus, OfferStatus, utcnow


@dataclass
class Departure:
    """What ended for someone who is no longer a member, for the handlers to tell."""

    person_id: int
    closed: list[ConsultationView] = field(default_factory=list)
    """Their open conversations, now closed: the other side is told."""
    cancelled: list[Effects] = field(default_factory=list)
    """Their questions that were looking for an expert, with the offers of them that ended."""
    offers: list[OfferMessage] = field(default_factory=list)
    """The offers made to them, withdrawn (their messages lose the buttons)."""
    moved_on: list[Effects] = field(default_factory=list)
    """Rounds that had only their offer left, moved on to the next peers."""


class Departures:
    """Consultations of people whose membership ended."""

    def __init__(self, db: Database, rules: Rules, routing: Routing) -> None:
        self.db = db
        self.rules = rules
        self.routing = routing

    async def end_all(self, person_id: int, now: datetime | None = None) -> Departure:
        """End every consultation and offer of this person (a hook of `MembershipEnd`)."""
        now = now or utcnow()
        departure = Departure(person_id)
        async with self.db.session() as session:
            mine = (col(Consultation.asker_id) == person_id) | (
                col(Consultation.expert_id) == person_id
            )
            active = col(Consultation.status) == ConsultationStatus.ACTIVE
            for consultation_id in await ids_of(session, active, mine):
                closed = await claim(
                    session,
                    consultation_id,
                    [active],
                    status=ConsultationStatus.CLOSED,
                    closed_at=now,
                )
                if closed is not None:
                    departure.closed.append(await view_of(session, closed))
            asked = col(Consultation.asker_id) == person_id
            for consultation_id in await ids_of(
                session, asked, col(Consultation.status).in_(SEEKING)
            ):
                departure.cancelled.append(
                    await self.routing.cancel(consultation_id, person_id, now)
                )
            await self._withdraw_offers(session, departure, now)
        return departure

    async def _withdraw_offers(
        self, session: AsyncSession, departure: Departure, now: datetime
    ) -> None:
        """The pending offers to the person end; a round with none left moves on."""
        pending = list(
            await session.exec(
                select(ConsultationOffer).where(
                    ConsultationOffer.expert_id == departure.person_id,
                    ConsultationOffer.status == OfferStatus.PENDING,
                )
            )
        )
        experts = await people_of(session, [departure.person_id])
        for offer in pending:
            offer.status, offer.answered_at = OfferStatus.WITHDRAWN, now
            if offer.chat_id is not None and offer.message_id is not None:
                expert = experts[departure.person_id]
                departure.offers.append(OfferMessage(offer.chat_id, offer.message_id, expert))
        await session.flush()
        for consultation_id in sorted({offer.consultation_id for offer in pending}):
            consultation = await session.get(Consultation, consultation_id)
            if consultation is not None and consultation.status in SEEKING:
                effects = await rounds.after_answer(session, consultation, self.rules, now)
                if effects is not None:
                    departure.moved_on.append(effects)
