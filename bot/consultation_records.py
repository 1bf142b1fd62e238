"""What consultations add up to: each expert's record, and statistics for organisers."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from bot.consultations import ADMITTED, SEEKING, Party, candidates, unavailable_among
from bot.db import Database
from models import (
    Consultation,
    ConsultationArea,
    ConsultationStatus,
    ExpertiseArea,
    Person,
    PersonExpertise,
    PersonStatus,
)


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
    """Public thanks an expert received, newest first (for profiles in the directory)."""
    statement = (
        select(Consultation.recommendation)
        .where(
            col(Consultation.expert_id) == person_id,
            col(Consultation.recommendation).is_not(None),
        )
        .order_by(col(Consultation.id).desc())
    )
    async with db.session() as session:
        return [str(text) for text in await session.exec(statement)]


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
