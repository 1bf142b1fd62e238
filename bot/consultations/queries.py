"""SQL of consultations shared by its services, inside the caller's session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.consultations.matching import Candidate
from bot.consultations.rules import ADMITTED
from bot.consultations.views import ConsultationView, Party
from models import (
    ConsultantStatus,
    Consultation,
    ConsultationArea,
    ConsultationOffer,
    ConsultationStatus,
    ExpertiseArea,
    OfferStatus,
    Person,
    PersonExpertise,
    PersonStatus,
)


async def claim(
    session: AsyncSession,
    consultation_id: int,
    conditions: Sequence[ColumnElement[bool]],
    **values: object,
) -> Consultation | None:
    """Set `values` on the consultation only if `conditions` still hold, so that one caller wins
    a race; the consultation reloaded, or None."""
    claimed = await session.exec(
        update(Consultation)
        .where(col(Consultation.id) == consultation_id, *conditions)
        .values(**values)
    )
    if claimed.rowcount != 1:
        return None
    consultation = await session.get(Consultation, consultation_id)
    assert consultation is not None
    await session.refresh(consultation)
    return consultation


async def ids_of(session: AsyncSession, *conditions: ColumnElement[bool]) -> list[int]:
    """The ids of the consultations that meet `conditions`, oldest first."""
    statement = select(col(Consultation.id)).where(*conditions).order_by(col(Consultation.id))
    return [int(i) for i in await session.exec(statement) if i is not None]


async def unavailable_among(session: AsyncSession, ids: Sequence[int | None]) -> set[int]:
    """Those of these people who have switched consulting off."""
    return set(
        await session.exec(
            select(ConsultantStatus.person_id).where(
                col(ConsultantStatus.person_id).in_(ids),
                col(ConsultantStatus.available).is_(False),
            )
        )
    )


async def people_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, Party]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.exec(select(Person).where(col(Person.id).in_(wanted)))
    return {int(person.id): Party.of(person) for person in rows if person.id is not None}


async def area_codes(session: AsyncSession, consultation: Consultation) -> list[str]:
    statement = (
        select(ExpertiseArea.code)
        .join(ConsultationArea, col(ConsultationArea.area_id) == col(ExpertiseArea.id))
        .where(ConsultationArea.consultation_id == consultation.id)
        .order_by(col(ExpertiseArea.position))
    )
    return [str(code) for code in await session.exec(statement)]


async def view_of(session: AsyncSession, consultation: Consultation) -> ConsultationView:
    assert consultation.id is not None
    people = await people_of(
        session, [i for i in (consultation.asker_id, consultation.expert_id) if i is not None]
    )
    return ConsultationView(
        id=consultation.id,
        status=consultation.status,
        question=consultation.question,
        file_id=consultation.file_id,
        file_kind=consultation.file_kind,
        urgency=consultation.urgency,
        show_name=consultation.show_name,
        region=consultation.region,
        area_codes=tuple(await area_codes(session, consultation)),
        asker=people[consultation.asker_id],
        expert=people.get(consultation.expert_id) if consultation.expert_id else None,
        round=consultation.round,
        round_deadline=consultation.round_deadline,
        created_at=consultation.created_at,
        accepted_at=consultation.accepted_at,
        closed_at=consultation.closed_at,
        rating=consultation.rating,
        recommendation=consultation.recommendation,
    )


async def candidates(session: AsyncSession, codes: Iterable[str]) -> list[Candidate]:
    """Every member with one of these areas, with what the matching rule needs."""
    areas_of: dict[int, set[str]] = defaultdict(set)
    for person_id, code in await session.exec(
        select(PersonExpertise.person_id, ExpertiseArea.code)
        .join(ExpertiseArea, col(ExpertiseArea.id) == col(PersonExpertise.area_id))
        .where(col(ExpertiseArea.code).in_(list(codes)))
    ):
        areas_of[int(person_id)].add(str(code))
    people = list(
        await session.exec(
            select(Person).where(col(Person.id).in_(list(areas_of)), col(Person.role).in_(ADMITTED))
        )
    )
    ids = [person.id for person in people]
    unavailable = await unavailable_among(session, ids)
    open_count = {
        int(expert_id): int(count)
        for expert_id, count in await session.exec(
            select(col(Consultation.expert_id), func.count())
            .where(
                col(Consultation.expert_id).in_(ids),
                col(Consultation.status) == ConsultationStatus.ACTIVE,
            )
            .group_by(col(Consultation.expert_id))
        )
        if expert_id is not None
    }
    answered: dict[int, dict[OfferStatus, int]] = defaultdict(dict)
    for expert_id, status, count in await session.exec(
        select(col(ConsultationOffer.expert_id), col(ConsultationOffer.status), func.count())
        .where(
            col(ConsultationOffer.expert_id).in_(ids),
            col(ConsultationOffer.status).in_(
                [OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED]
            ),
        )
        .group_by(col(ConsultationOffer.expert_id), col(ConsultationOffer.status))
    ):
        answered[int(expert_id)][OfferStatus(status)] = int(count)
    return [
        Candidate(
            person_id=person.id,
            areas=frozenset(areas_of[person.id]),
            available=person.id not in unavailable,
            reachable=person.status is PersonStatus.ACTIVE,
            open_consultations=open_count.get(person.id, 0),
            offers_accepted=answered[person.id].get(OfferStatus.ACCEPTED, 0),
            offers_answered=sum(answered[person.id].values()),
            region=person.region,
        )
        for person in people
        if person.id is not None
    ]
