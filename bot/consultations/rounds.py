"""The rounds of a question, inside the caller's session: who gets the next offers, when a
round ends, which offer messages must change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.consultations.matching import Request, next_batch
from bot.consultations.queries import area_codes, candidates, claim, people_of, view_of
from bot.consultations.rules import SEEKING, Rules
from bot.consultations.views import Effects, Offer, OfferMessage, Step
from models import (
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    OfferStatus,
    Person,
    PersonStatus,
    Role,
)


async def fill_round(
    session: AsyncSession, consultation: Consultation, rules: Rules, now: datetime
) -> Effects:
    """Offer the question to the next batch; to organisers when no peer is left (or at once,
    when it was asked of them); give up when no organiser is left either."""
    step: Step
    offers: list[Offer] = []
    if consultation.status in SEEKING:
        request = await request_of(session, consultation)
        batch = []
        if consultation.status is ConsultationStatus.SEARCHING:
            batch = await next_peers(session, request, rules.batch_size)
        if batch:
            step = Step.OFFERED if not request.already_offered else Step.NEXT_BATCH
        else:
            asked_of_them = consultation.status is ConsultationStatus.ESCALATED
            batch = await organisers(session, consultation, request.already_offered)
            consultation.status = ConsultationStatus.ESCALATED
            step = Step.TO_ORGANISERS if asked_of_them else Step.ESCALATED
        if batch:
            consultation.round_deadline = now + rules.timeout(consultation.urgency)
            offers = await make_offers(session, consultation, batch, now)
    if not offers:
        consultation.status = ConsultationStatus.UNANSWERED
        consultation.closed_at = now
        consultation.round_deadline = None
        step = Step.UNANSWERED
    await session.flush()
    return Effects(await view_of(session, consultation), step=step, offers=offers)


async def advance(
    session: AsyncSession, consultation_id: int, expected_round: int, rules: Rules, now: datetime
) -> Effects | None:
    """End round `expected_round` and fill the next; None when it had ended already."""
    consultation = await claim(
        session,
        consultation_id,
        [col(Consultation.round) == expected_round, col(Consultation.status).in_(SEEKING)],
        round=expected_round + 1,
    )
    if consultation is None:
        return None
    ended = await end_offers(
        session, consultation_id, OfferStatus.EXPIRED, now, round_=expected_round
    )
    effects = await fill_round(session, consultation, rules, now)
    effects.ended_offers = ended
    return effects


async def after_answer(
    session: AsyncSession, consultation: Consultation, rules: Rules, now: datetime
) -> Effects | None:
    """An offer of the round was answered: the next round once none of it is pending."""
    assert consultation.id is not None
    pending = select(func.count()).where(
        ConsultationOffer.consultation_id == consultation.id,
        ConsultationOffer.round == consultation.round,
        ConsultationOffer.status == OfferStatus.PENDING,
    )
    if int((await session.exec(pending)).one()):
        return None
    return await advance(session, consultation.id, consultation.round, rules, now)


async def request_of(session: AsyncSession, consultation: Consultation) -> Request:
    """The question as the matching rule sees it."""
    offered = select(ConsultationOffer.expert_id).where(
        ConsultationOffer.consultation_id == consultation.id
    )
    return Request(
        asker_id=consultation.asker_id,
        areas=frozenset(await area_codes(session, consultation)),
        region=consultation.region,
        already_offered=frozenset(int(i) for i in await session.exec(offered)),
    )


async def next_peers(session: AsyncSession, request: Request, size: int) -> list[int]:
    """The best `size` peers for the question who were not offered it yet."""
    return next_batch(request, await candidates(session, request.areas), size)


async def organisers(
    session: AsyncSession, consultation: Consultation, offered: frozenset[int]
) -> list[int]:
    """Reachable organisers other than the asker who were not offered the question yet."""
    statement = (
        select(col(Person.id))
        .where(
            col(Person.role) == Role.ORGANISER,
            col(Person.status) == PersonStatus.ACTIVE,
            col(Person.id) != consultation.asker_id,
        )
        .order_by(col(Person.id))
    )
    return [i for i in await session.exec(statement) if i is not None and i not in offered]


async def make_offers(
    session: AsyncSession, consultation: Consultation, people: Iterable[int], now: datetime
) -> list[Offer]:
    assert consultation.id is not None
    rows = [
        ConsultationOffer(
            consultation_id=consultation.id,
            expert_id=person_id,
            round=consultation.round,
            offered_at=now,
        )
        for person_id in people
    ]
    session.add_all(rows)
    await session.flush()
    view = await view_of(session, consultation)
    experts = await people_of(session, [row.expert_id for row in rows])
    return [Offer(row.id, experts[row.expert_id], view) for row in rows if row.id is not None]


async def end_offers(
    session: AsyncSession,
    consultation_id: int,
    status: OfferStatus,
    now: datetime,
    *,
    round_: int | None = None,
) -> list[OfferMessage]:
    """End the pending offers (of one round, or all); returns the messages to edit."""
    statement = select(ConsultationOffer).where(
        ConsultationOffer.consultation_id == consultation_id,
        ConsultationOffer.status == OfferStatus.PENDING,
    )
    if round_ is not None:
        statement = statement.where(ConsultationOffer.round == round_)
    offers = list(await session.exec(statement))
    experts = await people_of(session, [offer.expert_id for offer in offers])
    ended = []
    for offer in offers:
        offer.status, offer.answered_at = status, now
        if offer.chat_id is not None and offer.message_id is not None:
            ended.append(OfferMessage(offer.chat_id, offer.message_id, experts[offer.expert_id]))
    return ended
