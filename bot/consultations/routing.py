"""Routing a question: offered to a few matching peers at a time, the first to accept gets it;
when a round ends (time-out, or everybody declined) the next batch, then the organisers.

Races (two accepts at once, a decline while a round times out) are settled by conditional
UPDATEs, so the database decides one winner. Methods return what must be said to whom
(`Effects`); the handlers render and send.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from bot.consultations import rounds
from bot.consultations.queries import claim, ids_of, view_of
from bot.consultations.refusals import NOT_MEMBER, NOT_VALID, STALE, TAKEN
from bot.consultations.rules import ADMITTED, QUESTION_MAX, SEEKING, Rules
from bot.consultations.views import ConsultationView, Effects
from bot.core.errors import Refused
from bot.db import Database
from models import (
    Consultation,
    ConsultationArea,
    ConsultationOffer,
    ConsultationStatus,
    ExpertiseArea,
    OfferStatus,
    Person,
    Urgency,
    utcnow,
)


class Routing:
    """Who is offered a question, and who gets it."""

    def __init__(self, db: Database, rules: Rules) -> None:
        self.db = db
        self.rules = rules

    async def create(
        self,
        *,
        asker_id: int,
        question: str,
        area_codes: Sequence[str],
        urgency: Urgency,
        show_name: bool,
        region: str | None = None,
        file_id: str | None = None,
        file_kind: str | None = None,
        organisers: bool = False,
        now: datetime | None = None,
    ) -> Effects:
        """Store a question and choose the first peers to offer it to (with `organisers`:
        offer it to the organisers at once)."""
        now = now or utcnow()
        if not question.strip() or len(question) > QUESTION_MAX:
            raise Refused(NOT_VALID)
        async with self.db.session() as session:
            areas = list(
                await session.exec(
                    select(ExpertiseArea).where(col(ExpertiseArea.code).in_(set(area_codes)))
                )
            )
            if not areas or len(areas) != len(set(area_codes)):
                raise Refused(NOT_VALID)
            consultation = Consultation(
                asker_id=asker_id,
                question=question.strip(),
                urgency=urgency,
                show_name=show_name,
                region=region,
                file_id=file_id,
                file_kind=file_kind,
                status=ConsultationStatus.ESCALATED if organisers else ConsultationStatus.SEARCHING,
                round=1,
                created_at=now,
            )
            session.add(consultation)
            await session.flush()
            assert consultation.id is not None
            for area in areas:
                assert area.id is not None
                session.add(ConsultationArea(consultation_id=consultation.id, area_id=area.id))
            return await rounds.fill_round(session, consultation, self.rules, now)

    async def advance(
        self, consultation_id: int, expected_round: int, now: datetime | None = None
    ) -> Effects | None:
        """End a round (its time ran out) and start the next one; None when the round had
        ended already (only one caller can end a round: its number is bumped conditionally)."""
        async with self.db.session() as session:
            return await rounds.advance(
                session, consultation_id, expected_round, self.rules, now or utcnow()
            )

    async def offers_sent(self, messages: dict[int, tuple[int, int]]) -> None:
        """The messages (chat id, message id) the offers went in, by offer id: to edit them
        when the offers end."""
        async with self.db.session() as session:
            for offer_id, (chat_id, message_id) in messages.items():
                offer = await session.get(ConsultationOffer, offer_id)
                if offer is not None:
                    offer.chat_id, offer.message_id = chat_id, message_id

    async def offer_failed(self, offer_id: int, now: datetime | None = None) -> Effects | None:
        """The expert cannot be reached: offer the question to the next peer in their place,
        or end the round when nobody of it is left; None when nothing changes."""
        now = now or utcnow()
        async with self.db.session() as session:
            offer = await session.get(ConsultationOffer, offer_id)
            if offer is None or offer.status is not OfferStatus.PENDING:
                return None
            offer.status, offer.answered_at = OfferStatus.FAILED, now
            consultation = await session.get(Consultation, offer.consultation_id)
            assert consultation is not None
            if consultation.status not in SEEKING:
                return None
            if consultation.status is ConsultationStatus.SEARCHING:
                request = await rounds.request_of(session, consultation)
                batch = await rounds.next_peers(session, request, 1)
                if batch:
                    offers = await rounds.make_offers(session, consultation, batch, now)
                    return Effects(await view_of(session, consultation), offers=offers)
            return await rounds.after_answer(session, consultation, self.rules, now)

    async def accept(self, offer_id: int, person_id: int, now: datetime | None = None) -> Effects:
        """The first to accept gets the question; everybody else's offer ends. Not this
        person's offer: STALE; taken by someone else, or no longer open: TAKEN; the person is
        no longer a member (an offer from before): NOT_MEMBER."""
        now = now or utcnow()
        async with self.db.session() as session:
            offer = await session.get(ConsultationOffer, offer_id)
            if offer is None or offer.expert_id != person_id:
                raise Refused(STALE)
            if offer.status is not OfferStatus.PENDING:
                raise Refused(TAKEN)
            expert = await session.get(Person, person_id)
            if expert is None or expert.role not in ADMITTED:
                raise Refused(NOT_MEMBER)
            consultation = await claim(
                session,
                offer.consultation_id,
                [col(Consultation.status).in_(SEEKING)],
                status=ConsultationStatus.ACTIVE,
                expert_id=person_id,
                accepted_at=now,
                round_deadline=None,
            )
            if consultation is None:
                raise Refused(TAKEN)
            offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
            await session.flush()
            ended = await rounds.end_offers(
                session, offer.consultation_id, OfferStatus.WITHDRAWN, now
            )
            return Effects(await view_of(session, consultation), ended_offers=ended)

    async def decline(
        self, offer_id: int, person_id: int, now: datetime | None = None
    ) -> Effects | None:
        """Decline one's pending offer (anything else: STALE); the next round when this was
        the last open offer of the round, else None."""
        now = now or utcnow()
        async with self.db.session() as session:
            declined = await session.exec(
                update(ConsultationOffer)
                .where(
                    col(ConsultationOffer.id) == offer_id,
                    col(ConsultationOffer.expert_id) == person_id,
                    col(ConsultationOffer.status) == OfferStatus.PENDING,
                )
                .values(status=OfferStatus.DECLINED, answered_at=now)
            )
            if declined.rowcount != 1:
                raise Refused(STALE)
            offer = await session.get(ConsultationOffer, offer_id)
            assert offer is not None
            consultation = await session.get(Consultation, offer.consultation_id)
            assert consultation is not None
            if consultation.status not in SEEKING:
                return None
            return await rounds.after_answer(session, consultation, self.rules, now)

    async def cancel(
        self, consultation_id: int, asker_id: int, now: datetime | None = None
    ) -> Effects:
        """The asker withdraws a question nobody has accepted yet (otherwise STALE)."""
        now = now or utcnow()
        async with self.db.session() as session:
            consultation = await claim(
                session,
                consultation_id,
                [col(Consultation.asker_id) == asker_id, col(Consultation.status).in_(SEEKING)],
                status=ConsultationStatus.CANCELLED,
                closed_at=now,
                round_deadline=None,
            )
            if consultation is None:
                raise Refused(STALE)
            ended = await rounds.end_offers(session, consultation_id, OfferStatus.WITHDRAWN, now)
            return Effects(await view_of(session, consultation), ended_offers=ended)

    async def seeking(self) -> list[ConsultationView]:
        """The questions still looking for an expert (their time-outs are jobs)."""
        async with self.db.session() as session:
            ids = await ids_of(session, col(Consultation.status).in_(SEEKING))
            rows = [await session.get(Consultation, i) for i in ids]
            return [await view_of(session, row) for row in rows if row is not None]
