"""What consultations add up to: each expert's record, and statistics for organisers."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, delete, select

from bot.consultations.routing import ADMITTED, SEEKING, Party, candidates, unavailable_among
from bot.db import Database
from models import (
    ConsultantStatus,
    Consultation,
    ConsultationArea,
    ConsultationOffer,
    ConsultationStatus,
    ExpertiseArea,
    Person,
    PersonExpertise,
    PersonStatus,
    RelayedMessage,
    utcnow,
)

OPEN = (*SEEKING, ConsultationStatus.ACTIVE)


@dataclass(frozen=True)
class ExpertRecord:
    """A peer who consults in an area, with their record."""

    person: Party
    available: bool
    consultations: int
    average_rating: float | None
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    requests_by_area: dict[str, int]
    median_minutes_to_accept: float | None
    answered: int
    finished: int
    areas_without_available: list[str]


async def experts(db: Database, area_code: str) -> list[ExpertRecord]:
    """Members who consult in an area: the available first, then by consultations given."""
    async with db.session() as session:
        people = list(
            await session.exec(
                select(Person)
                .join(PersonExpertise, col(PersonExpertise.person_id) == col(Person.id))
                .join(ExpertiseArea, col(ExpertiseArea.id) == col(PersonExpertise.area_id))
                .where(
                    ExpertiseArea.code == area_code,
                    col(Person.role).in_(ADMITTED),
                    col(Person.status) == PersonStatus.ACTIVE,
                )
            )
        )
        ids = [person.id for person in people]
        unavailable = await unavailable_among(session, ids)
        done: dict[int, list[Consultation]] = defaultdict(list)
        for row in await session.exec(
            select(Consultation).where(
                col(Consultation.expert_id).in_(ids),
                col(Consultation.status) == ConsultationStatus.CLOSED,
            )
        ):
            assert row.expert_id is not None
            done[row.expert_id].append(row)
    records = []
    for person in people:
        assert person.id is not None
        given = done[person.id]
        ratings = [row.rating for row in given if row.rating is not None]
        recommendations = tuple(
            row.recommendation
            for row in sorted(given, key=lambda row: row.id or 0, reverse=True)
            if row.recommendation
        )
        records.append(
            ExpertRecord(
                person=Party.of(person),
                available=person.id not in unavailable,
                consultations=len(given),
                average_rating=statistics.fmean(ratings) if ratings else None,
                recommendations=recommendations[:3],
            )
        )
    return sorted(records, key=lambda r: (not r.available, -r.consultations, r.person.name))


async def recommendations_for(db: Database, person_id: int) -> list[str]:
    """Public thanks an expert received, newest first."""
    return list((await consulting(db, [person_id], limit=None))[person_id].recommendations)


@dataclass(frozen=True)
class Consulting:
    """What a member's card in /directory and /profile says about their consultations."""

    available: bool
    recommendations: tuple[str, ...]  # the newest few


async def consulting(
    db: Database, person_ids: list[int], *, limit: int = 3
) -> dict[int, Consulting]:
    """Availability and the newest recommendations of each person, in two queries."""
    async with db.session() as session:
        unavailable = await unavailable_among(session, person_ids)
        thanks: dict[int, list[str]] = defaultdict(list)
        for expert_id, text in await session.exec(
            select(Consultation.expert_id, Consultation.recommendation)
            .where(
                col(Consultation.expert_id).in_(person_ids),
                col(Consultation.recommendation).is_not(None),
            )
            .order_by(col(Consultation.id).desc())
        ):
            if expert_id is not None and text and (limit is None or len(thanks[expert_id]) < limit):
                thanks[expert_id].append(text)
    return {
        person_id: Consulting(person_id not in unavailable, tuple(thanks[person_id]))
        for person_id in person_ids
    }


async def stats(db: Database) -> Stats:
    async with db.session() as session:
        by_area = {
            str(code): int(count)
            for code, count in await session.exec(
                select(ExpertiseArea.code, func.count())
                .join(ConsultationArea, col(ConsultationArea.area_id) == col(ExpertiseArea.id))
                .group_by(ExpertiseArea.code)
            )
        }
        rows = list(
            await session.exec(
                select(Consultation.created_at, Consultation.accepted_at, Consultation.status)
            )
        )
        areas = list(
            await session.exec(select(ExpertiseArea).where(col(ExpertiseArea.active).is_(True)))
        )
        peers = await candidates(session, [area.code for area in areas])
    waits = [(accepted - created).total_seconds() / 60 for created, accepted, _ in rows if accepted]
    finished = [
        status for _, _, status in rows if status not in (*SEEKING, ConsultationStatus.CANCELLED)
    ]
    covered = {
        code
        for candidate in peers
        if candidate.available and candidate.reachable
        for code in candidate.areas
    }
    return Stats(
        requests_by_area=by_area,
        median_minutes_to_accept=statistics.median(waits) if waits else None,
        answered=sum(1 for status in finished if status is not ConsultationStatus.UNANSWERED),
        finished=len(finished),
        areas_without_available=[area.code for area in areas if area.code not in covered],
    )


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """/mydata: questions asked (with the rating and thanks given), consultations given
    (with those received), offers, relayed messages and availability."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        status = await session.get(ConsultantStatus, person_id)
        asked = list(
            await session.exec(select(Consultation).where(Consultation.asker_id == person_id))
        )
        given = list(
            await session.exec(select(Consultation).where(Consultation.expert_id == person_id))
        )
        offers = list(
            await session.exec(
                select(ConsultationOffer).where(ConsultationOffer.expert_id == person_id)
            )
        )
        relayed = list(
            await session.exec(
                select(RelayedMessage.consultation_id, RelayedMessage.created_at).where(
                    RelayedMessage.chat_id == (person.telegram_id if person else 0)
                )
            )
        )
    return {
        "available_for_consultations": status.available if status else True,
        "questions_asked": [
            {
                "question": item.question,
                "status": item.status.value,
                "asked_at": item.created_at.isoformat(),
                "rating_given": item.rating,
                "recommendation_given": item.recommendation,
            }
            for item in asked
        ],
        "consultations_given": [
            {
                "status": item.status.value,
                "accepted_at": _when(item.accepted_at),
                "rating_received": item.rating,
                "recommendation_received": item.recommendation,
            }
            for item in given
        ],
        "questions_offered_to_you": [
            {"status": offer.status.value, "offered_at": offer.offered_at.isoformat()}
            for offer in offers
        ],
        "messages_relayed_to_you": [
            {"consultation": consultation, "at": at.isoformat()} for consultation, at in relayed
        ],
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: a question's text, file, region and the thanks the asker wrote are erased
    (the row stays as an anonymous count, an open one is cancelled); where the person was the
    expert the row loses them and the thanks about them, an open one is closed. Offers,
    relay links and the availability switch are deleted."""
    now = utcnow()
    async with db.session() as session:
        mine = or_(
            col(Consultation.asker_id) == person_id, col(Consultation.expert_id) == person_id
        )
        consultation_ids = select(Consultation.id).where(mine)
        await session.exec(
            delete(RelayedMessage).where(col(RelayedMessage.consultation_id).in_(consultation_ids))
        )
        await session.exec(
            delete(ConsultationOffer).where(col(ConsultationOffer.expert_id) == person_id)
        )
        await session.exec(
            delete(ConsultantStatus).where(col(ConsultantStatus.person_id) == person_id)
        )
        for item in await session.exec(select(Consultation).where(mine)):
            if item.status in OPEN:
                item.status, item.closed_at = (
                    (
                        ConsultationStatus.CANCELLED
                        if item.asker_id == person_id
                        else ConsultationStatus.CLOSED
                    ),
                    now,
                )
            item.recommendation = None
            if item.asker_id == person_id:
                item.question, item.file_id, item.file_kind, item.region = "", None, None, None
                item.show_name = item.asker_shares_contact = False
            else:
                item.expert_id, item.expert_shares_contact = None, False
