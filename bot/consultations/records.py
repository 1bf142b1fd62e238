"""What consultations add up to: the asker's rating and thanks, each expert's record, and
statistics for organisers."""

from __future__ import annotations

import statistics
from collections import defaultdict

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.consultations.queries import candidates, claim, unavailable_among
from bot.consultations.refusals import NOT_MEMBER, STALE
from bot.consultations.rules import ADMITTED, RATINGS, SEEKING, check_recommendation
from bot.consultations.views import Consulting, ExpertRecord, Party, Stats
from bot.core.errors import Refused
from bot.db import Database
from bot.membership.contacts import allowed_contacts
from models import (
    Consultation,
    ConsultationArea,
    ConsultationStatus,
    ExpertiseArea,
    Person,
    PersonExpertise,
    PersonStatus,
)

RATABLE = (col(Consultation.expert_id).is_not(None), col(Consultation.rating).is_(None))
"""A consultation the asker may rate: it had an expert, and has no rating yet."""
THANKABLE = (col(Consultation.rating).is_not(None), col(Consultation.recommendation).is_(None))
"""A consultation the asker may thank the expert for: rated, and not thanked yet."""


class Records:
    """Ratings and recommendations, experts' records, statistics."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def rate(self, consultation_id: int, asker_id: int, rating: int) -> None:
        """The asker rates a closed consultation once (1-5; anything else: STALE)."""
        if rating not in RATINGS:
            raise Refused(STALE)
        await self._asker_sets_once(consultation_id, asker_id, RATABLE, rating=rating)

    async def recommend(self, consultation_id: int, asker_id: int, text: str) -> None:
        """The asker's public thanks to the expert (once, after rating; too long:
        RECOMMENDATION_TOO_LONG, otherwise not allowed: STALE)."""
        text = check_recommendation(text)
        if not text:
            raise Refused(STALE)
        await self._asker_sets_once(consultation_id, asker_id, THANKABLE, recommendation=text)

    async def experts(self, area_code: str) -> list[ExpertRecord]:
        """Members who consult in an area: the available first, then by consultations given."""
        async with self.db.session() as session:
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
            contacts = await allowed_contacts(session, ids)
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
                    contact=contacts.get(person.id),
                    available=person.id not in unavailable,
                    consultations=len(given),
                    average_rating=statistics.fmean(ratings) if ratings else None,
                    recommendations=recommendations[:3],
                )
            )
        return sorted(records, key=lambda r: (not r.available, -r.consultations, r.person.name))

    async def consulting(
        self, person_ids: list[int], *, limit: int | None = 3
    ) -> dict[int, Consulting]:
        """Availability and the newest recommendations of each person (for members' cards)."""
        async with self.db.session() as session:
            return await consulting_among(session, person_ids, limit=limit)

    async def recommendations_for(self, person_id: int) -> list[str]:
        """Public thanks an expert received, newest first."""
        return list((await self.consulting([person_id], limit=None))[person_id].recommendations)

    async def stats(self) -> Stats:
        async with self.db.session() as session:
            by_area = {
                str(code): int(count)
                for code, count in await session.exec(
                    select(ExpertiseArea.code, func.count())
                    .join(ConsultationArea, col(ConsultationArea.area_id) == col(ExpertiseArea.id))
                    .group_by(col(ExpertiseArea.code))
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
        waits = [
            (accepted - created).total_seconds() / 60 for created, accepted, _ in rows if accepted
        ]
        finished = [
            status
            for _, _, status in rows
            if status not in (*SEEKING, ConsultationStatus.CANCELLED)
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

    async def _asker_sets_once(
        self,
        consultation_id: int,
        asker_id: int,
        conditions: tuple[ColumnElement[bool], ...],
        **values: object,
    ) -> None:
        """Set `values` on the asker's closed consultation if `conditions` hold (else STALE);
        only a member's rating and thanks count (NOT_MEMBER)."""
        async with self.db.session() as session:
            asker = await session.get(Person, asker_id)
            if asker is None or asker.role not in ADMITTED:
                raise Refused(NOT_MEMBER)
            done = await claim(
                session,
                consultation_id,
                [
                    col(Consultation.asker_id) == asker_id,
                    col(Consultation.status) == ConsultationStatus.CLOSED,
                    *conditions,
                ],
                **values,
            )
        if done is None:
            raise Refused(STALE)


async def consulting_among(
    session: AsyncSession, person_ids: list[int], *, limit: int | None = 3
) -> dict[int, Consulting]:
    """Availability and the newest recommendations of each person, in two queries."""
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
