"""Mutual consultations: a member's question goes to a few matching peers at a time, the first
to accept gets it, then the bot relays the conversation until one side closes it.

The service holds every rule and returns plain snapshots plus what must be said to whom
(`Effects`); the handlers render and send. Races (two accepts at once, a decline while a
round times out) are settled by conditional UPDATEs, so the database decides one winner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import ColumnElement, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import ConfigError
from bot.consultations.matching import Candidate, Request, next_batch
from bot.db import Database
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
    RelayedMessage,
    Role,
    Urgency,
    utcnow,
)

ADMITTED = [role for role in Role if role.at_least(Role.MEMBER)]
SEEKING = (ConsultationStatus.SEARCHING, ConsultationStatus.ESCALATED)
QUESTION_MAX = 3500
RECOMMENDATION_MAX = 1000


class Rules(BaseSettings):
    """Tunable numbers, from CONSULTATIONS_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="CONSULTATIONS_", extra="ignore")

    batch_size: int = Field(default=3, ge=1, le=20)
    urgent_timeout_minutes: int = Field(default=60, ge=1)
    normal_timeout_hours: int = Field(default=24, ge=1)
    reminder_hours: int = Field(default=24, ge=1)
    abandon_days: int = Field(default=14, ge=1)

    def timeout(self, urgency: Urgency) -> timedelta:
        if urgency is Urgency.URGENT:
            return timedelta(minutes=self.urgent_timeout_minutes)
        return timedelta(hours=self.normal_timeout_hours)


@cache
def load_rules() -> Rules:
    """The rules from the environment; a wrong value raises ConfigError naming the variable."""
    try:
        return Rules()
    except ValidationError as error:
        first = error.errors()[0]
        name = "CONSULTATIONS_" + str(first["loc"][0]).upper()
        raise ConfigError(f"{name}: {first['msg']}") from None


class Step(StrEnum):
    """What happened to a question, to tell the asker."""

    OFFERED = "offered"
    NEXT_BATCH = "next_batch"
    ESCALATED = "escalated"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Party:
    """Someone the bot writes to about a consultation."""

    person_id: int
    telegram_id: int
    name: str
    username: str | None
    language: str | None

    @classmethod
    def of(cls, person: Person) -> Party:
        assert person.id is not None
        return cls(
            person.id, person.telegram_id, person.display_name, person.username, person.language
        )


@dataclass(frozen=True)
class ConsultationView:
    """A consultation as the handlers need it, safe outside the session."""

    id: int
    status: ConsultationStatus
    question: str
    file_id: str | None
    file_kind: str | None
    urgency: Urgency
    show_name: bool
    region: str | None
    area_codes: tuple[str, ...]
    asker: Party
    expert: Party | None
    round: int
    round_deadline: datetime | None
    created_at: datetime
    accepted_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    recommendation: str | None

    @property
    def is_open(self) -> bool:
        return self.status is ConsultationStatus.ACTIVE

    def other_side(self, person_id: int) -> Party | None:
        """The asker for the expert and the expert for the asker."""
        if person_id == self.asker.person_id:
            return self.expert
        return self.asker if self.expert and person_id == self.expert.person_id else None

    def involves(self, person_id: int) -> bool:
        return self.other_side(person_id) is not None


@dataclass(frozen=True)
class Offer:
    """An offer to send: to whom, and about what."""

    offer_id: int
    expert: Party
    consultation: ConsultationView


@dataclass(frozen=True)
class OfferMessage:
    """An offer message already sent, to edit when the offer ends."""

    chat_id: int
    message_id: int
    expert: Party


@dataclass
class Effects:
    """What a change means for the people involved."""

    consultation: ConsultationView
    step: Step | None = None
    offers: list[Offer] = field(default_factory=list)
    ended_offers: list[OfferMessage] = field(default_factory=list)


class AcceptOutcome(StrEnum):
    WON = "won"
    TAKEN = "taken"  # someone else was faster, or the question is no longer open
    INVALID = "invalid"  # not this person's offer (forged or stale button)


class Consultations:
    """The rules of consultations over the database."""

    def __init__(self, db: Database, rules: Rules | None = None) -> None:
        self.db = db
        self.rules = rules or load_rules()

    # ----- availability ---------------------------------------------------------------------

    async def toggle_available(self, person_id: int) -> bool:
        """Switch availability; returns the new value."""
        async with self.db.session() as session:
            row = await session.get(ConsultantStatus, person_id)
            if row is None:
                row = ConsultantStatus(person_id=person_id, available=True)
                session.add(row)
            row.available = not row.available
            row.updated_at = utcnow()
            return row.available

    async def region_of(self, person_id: int) -> str | None:
        """The region of a person's profile (a code of bot.core.regions)."""
        async with self.db.session() as session:
            person = await session.get(Person, person_id)
            return None if person is None else person.region

    # ----- asking and routing ---------------------------------------------------------------

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
        now: datetime | None = None,
    ) -> Effects:
        """Store a question and choose the first peers to offer it to."""
        now = now or utcnow()
        if not question.strip() or len(question) > QUESTION_MAX:
            raise ValueError("question length")
        async with self.db.session() as session:
            areas = list(
                await session.exec(
                    select(ExpertiseArea).where(col(ExpertiseArea.code).in_(set(area_codes)))
                )
            )
            if not areas or len(areas) != len(set(area_codes)):
                raise ValueError("unknown expertise areas")
            consultation = Consultation(
                asker_id=asker_id,
                question=question.strip(),
                urgency=urgency,
                show_name=show_name,
                region=region,
                file_id=file_id,
                file_kind=file_kind,
                round=1,
                created_at=now,
            )
            session.add(consultation)
            await session.flush()
            assert consultation.id is not None
            for area in areas:
                assert area.id is not None
                session.add(ConsultationArea(consultation_id=consultation.id, area_id=area.id))
            return await self._fill_round(session, consultation, now)

    async def advance(
        self, consultation_id: int, expected_round: int, now: datetime | None = None
    ) -> Effects | None:
        """End a round (time-out, or everybody declined) and start the next one.

        Only one caller can end a given round: the round number is bumped conditionally.
        """
        now = now or utcnow()
        async with self.db.session() as session:
            consultation = await _claim(
                session,
                consultation_id,
                [
                    col(Consultation.round) == expected_round,
                    col(Consultation.status).in_(SEEKING),
                ],
                round=expected_round + 1,
            )
            if consultation is None:
                return None
            ended = await self._end_offers(
                session, consultation_id, OfferStatus.EXPIRED, now, round_=expected_round
            )
            effects = await self._fill_round(session, consultation, now)
            effects.ended_offers = ended
            return effects

    async def offer_sent(self, offer_id: int, chat_id: int, message_id: int) -> None:
        async with self.db.session() as session:
            offer = await session.get(ConsultationOffer, offer_id)
            if offer is not None:
                offer.chat_id, offer.message_id = chat_id, message_id

    async def offer_failed(self, offer_id: int, now: datetime | None = None) -> Effects | None:
        """The expert cannot be reached: offer the question to the next peer in their place,
        or end the round when nobody of it is left."""
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
                request, candidates = await self._routing(session, consultation)
                batch = next_batch(request, candidates, 1)
                if batch:
                    offers = await self._make_offers(session, consultation, batch, now)
                    return Effects(await self._view(session, consultation), offers=offers)
            pending = await self._pending_count(session, consultation)
            expected_round = consultation.round
        return None if pending else await self.advance(offer.consultation_id, expected_round, now)

    async def accept(
        self, offer_id: int, person_id: int, now: datetime | None = None
    ) -> tuple[AcceptOutcome, Effects | None]:
        """The first to accept gets the question; everybody else's offer ends."""
        now = now or utcnow()
        async with self.db.session() as session:
            offer = await session.get(ConsultationOffer, offer_id)
            if offer is None or offer.expert_id != person_id:
                return AcceptOutcome.INVALID, None
            if offer.status is not OfferStatus.PENDING:
                return AcceptOutcome.TAKEN, None
            consultation = await _claim(
                session,
                offer.consultation_id,
                [col(Consultation.status).in_(SEEKING)],
                status=ConsultationStatus.ACTIVE,
                expert_id=person_id,
                accepted_at=now,
                round_deadline=None,
            )
            if consultation is None:
                return AcceptOutcome.TAKEN, None
            offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
            await session.flush()
            ended = await self._end_offers(
                session, offer.consultation_id, OfferStatus.WITHDRAWN, now
            )
            return AcceptOutcome.WON, Effects(
                await self._view(session, consultation), ended_offers=ended
            )

    async def decline(
        self, offer_id: int, person_id: int, now: datetime | None = None
    ) -> tuple[bool, Effects | None]:
        """Decline an offer. Returns whether it was this person's pending offer, and the next
        round when this was the last open offer of the round."""
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
            if declined.rowcount != 1:  # type: ignore[attr-defined]
                return False, None
            offer = await session.get(ConsultationOffer, offer_id)
            assert offer is not None
            consultation = await session.get(Consultation, offer.consultation_id)
            assert consultation is not None
            if consultation.status not in SEEKING:
                return True, None
            pending = await self._pending_count(session, consultation)
            expected_round = consultation.round
        if pending:
            return True, None
        return True, await self.advance(offer.consultation_id, expected_round, now)

    async def cancel(
        self, consultation_id: int, asker_id: int, now: datetime | None = None
    ) -> Effects | None:
        """The asker withdraws a question nobody has accepted yet."""
        now = now or utcnow()
        async with self.db.session() as session:
            consultation = await _claim(
                session,
                consultation_id,
                [
                    col(Consultation.asker_id) == asker_id,
                    col(Consultation.status).in_(SEEKING),
                ],
                status=ConsultationStatus.CANCELLED,
                closed_at=now,
                round_deadline=None,
            )
            if consultation is None:
                return None
            ended = await self._end_offers(session, consultation_id, OfferStatus.WITHDRAWN, now)
            return Effects(await self._view(session, consultation), ended_offers=ended)

    async def seeking(self) -> list[int]:
        """Ids of the questions still looking for an expert (their time-outs are jobs)."""
        statement = select(Consultation.id).where(col(Consultation.status).in_(SEEKING))
        async with self.db.session() as session:
            return [int(i) for i in await session.exec(statement)]  # type: ignore[call-overload]

    # ----- talking --------------------------------------------------------------------------

    async def get(self, consultation_id: int) -> ConsultationView | None:
        async with self.db.session() as session:
            consultation = await session.get(Consultation, consultation_id)
            return None if consultation is None else await self._view(session, consultation)

    async def of_person(self, person_id: int, *, open_only: bool = False) -> list[ConsultationView]:
        """A person's consultations as asker or expert, newest first."""
        statement = (
            select(Consultation)
            .where(
                or_(
                    col(Consultation.asker_id) == person_id,
                    col(Consultation.expert_id) == person_id,
                )
            )
            .order_by(col(Consultation.id).desc())
            .limit(30)
        )
        if open_only:
            statement = statement.where(col(Consultation.status) == ConsultationStatus.ACTIVE)
        async with self.db.session() as session:
            rows = list(await session.exec(statement))
            return [await self._view(session, row) for row in rows]

    async def by_relayed_message(self, chat_id: int, message_id: int) -> int | None:
        """The consultation a message of the bot in this chat belongs to (relay or offer)."""
        async with self.db.session() as session:
            relayed = (
                await session.exec(
                    select(RelayedMessage.consultation_id).where(
                        RelayedMessage.chat_id == chat_id, RelayedMessage.message_id == message_id
                    )
                )
            ).first()
            return None if relayed is None else int(relayed)

    async def remember_message(
        self, consultation_id: int, chat_id: int, message_id: int, now: datetime | None = None
    ) -> None:
        """A message of the bot that a reply may refer to (notices of the consultation)."""
        async with self.db.session() as session:
            session.add(
                RelayedMessage(
                    consultation_id=consultation_id,
                    chat_id=chat_id,
                    message_id=message_id,
                    created_at=now or utcnow(),
                )
            )

    async def relayed(
        self,
        consultation_id: int,
        sender_id: int,
        chat_id: int,
        message_id: int,
        now: datetime | None = None,
    ) -> None:
        """A message went from `sender_id` to the other side (as `message_id` in `chat_id`)."""
        now = now or utcnow()
        async with self.db.session() as session:
            consultation = await session.get(Consultation, consultation_id)
            assert consultation is not None
            consultation.last_message_at = now
            consultation.last_sender_id = sender_id
            consultation.reminded_at = None
            session.add(
                RelayedMessage(
                    consultation_id=consultation_id,
                    chat_id=chat_id,
                    message_id=message_id,
                    created_at=now,
                )
            )

    async def share_contacts(
        self, consultation_id: int, person_id: int
    ) -> tuple[bool, ConsultationView] | None:
        """One side agrees to exchange contacts; returns whether both sides now agree."""
        async with self.db.session() as session:
            consultation = await session.get(Consultation, consultation_id)
            if consultation is None or consultation.status is not ConsultationStatus.ACTIVE:
                return None
            if person_id == consultation.asker_id:
                consultation.asker_shares_contact = True
            elif person_id == consultation.expert_id:
                consultation.expert_shares_contact = True
            else:
                return None
            both = consultation.asker_shares_contact and consultation.expert_shares_contact
            return both, await self._view(session, consultation)

    async def close(
        self, consultation_id: int, person_id: int | None, now: datetime | None = None
    ) -> ConsultationView | None:
        """Close an open consultation (by either side, or by the bot when `person_id` is None)."""
        now = now or utcnow()
        conditions = [col(Consultation.status) == ConsultationStatus.ACTIVE]
        if person_id is not None:
            conditions.append(
                or_(
                    col(Consultation.asker_id) == person_id,
                    col(Consultation.expert_id) == person_id,
                )
            )
        async with self.db.session() as session:
            consultation = await _claim(
                session,
                consultation_id,
                conditions,
                status=ConsultationStatus.CLOSED,
                closed_at=now,
            )
            return None if consultation is None else await self._view(session, consultation)

    async def rate(self, consultation_id: int, asker_id: int, rating: int) -> bool:
        """The asker rates a closed consultation once (1-5)."""
        if not 1 <= rating <= 5:
            return False
        return await self._asker_sets_once(
            consultation_id,
            asker_id,
            [col(Consultation.expert_id).is_not(None), col(Consultation.rating).is_(None)],
            rating=rating,
        )

    async def recommend(self, consultation_id: int, asker_id: int, text: str) -> bool:
        """The asker's public thanks to the expert (once, after rating)."""
        text = text.strip()
        if not text or len(text) > RECOMMENDATION_MAX:
            return False
        return await self._asker_sets_once(
            consultation_id,
            asker_id,
            [col(Consultation.rating).is_not(None), col(Consultation.recommendation).is_(None)],
            recommendation=text,
        )

    async def _asker_sets_once(
        self,
        consultation_id: int,
        asker_id: int,
        conditions: list[ColumnElement[bool]],
        **values: object,
    ) -> bool:
        """Set `values` on the asker's closed consultation if `conditions` hold; whether it did."""
        async with self.db.session() as session:
            updated = await session.exec(
                update(Consultation)
                .where(
                    col(Consultation.id) == consultation_id,
                    col(Consultation.asker_id) == asker_id,
                    col(Consultation.status) == ConsultationStatus.CLOSED,
                    *conditions,
                )
                .values(**values)
            )
            return bool(updated.rowcount == 1)  # type: ignore[attr-defined]

    async def due_reminders(
        self, now: datetime | None = None
    ) -> list[tuple[ConsultationView, Party]]:
        """Open consultations whose last message waits for an answer for too long: who to
        remind (once per unanswered message)."""
        now = now or utcnow()
        cutoff = now - timedelta(hours=self.rules.reminder_hours)
        statement = select(Consultation).where(
            col(Consultation.status) == ConsultationStatus.ACTIVE,
            col(Consultation.last_message_at) <= cutoff,
            col(Consultation.reminded_at).is_(None),
        )
        due = []
        async with self.db.session() as session:
            for consultation in await session.exec(statement):
                consultation.reminded_at = now
                view = await self._view(session, consultation)
                assert consultation.last_sender_id is not None
                waiting = view.other_side(consultation.last_sender_id)
                if waiting is not None:
                    due.append((view, waiting))
        return due

    async def close_abandoned(self, now: datetime | None = None) -> list[ConsultationView]:
        """Close open consultations with no message for `abandon_days`."""
        now = now or utcnow()
        cutoff = now - timedelta(days=self.rules.abandon_days)
        last_activity = func.coalesce(Consultation.last_message_at, Consultation.accepted_at)
        statement = select(Consultation.id).where(
            col(Consultation.status) == ConsultationStatus.ACTIVE, last_activity <= cutoff
        )
        async with self.db.session() as session:
            ids = [int(i) for i in await session.exec(statement)]  # type: ignore[call-overload]
        closed = [await self.close(i, None, now) for i in ids]
        return [view for view in closed if view is not None]

    # ----- inside a session -----------------------------------------------------------------

    async def _fill_round(
        self, session: AsyncSession, consultation: Consultation, now: datetime
    ) -> Effects:
        """Offer the question to the next batch; to organisers when no peer is left; give up
        when the organisers' round ended too."""
        timeout = self.rules.timeout(consultation.urgency)
        step: Step
        offers: list[Offer] = []
        if consultation.status is ConsultationStatus.SEARCHING:
            request, candidates = await self._routing(session, consultation)
            batch = next_batch(request, candidates, self.rules.batch_size)
            if batch:
                step = Step.OFFERED if not request.already_offered else Step.NEXT_BATCH
            else:
                batch = await self._organisers(session, consultation, request.already_offered)
                consultation.status = ConsultationStatus.ESCALATED
                step = Step.ESCALATED
            if batch:
                consultation.round_deadline = now + timeout
                offers = await self._make_offers(session, consultation, batch, now)
        if not offers:
            consultation.status = ConsultationStatus.UNANSWERED
            consultation.closed_at = now
            consultation.round_deadline = None
            step = Step.UNANSWERED
        await session.flush()
        return Effects(await self._view(session, consultation), step=step, offers=offers)

    async def _make_offers(
        self,
        session: AsyncSession,
        consultation: Consultation,
        people: Iterable[int],
        now: datetime,
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
        view = await self._view(session, consultation)
        experts = await self._people(session, [row.expert_id for row in rows])
        return [Offer(row.id, experts[row.expert_id], view) for row in rows if row.id is not None]

    async def _end_offers(
        self,
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
        experts = await self._people(session, [offer.expert_id for offer in offers])
        ended = []
        for offer in offers:
            offer.status, offer.answered_at = status, now
            if offer.chat_id is not None and offer.message_id is not None:
                ended.append(
                    OfferMessage(offer.chat_id, offer.message_id, experts[offer.expert_id])
                )
        return ended

    async def _pending_count(self, session: AsyncSession, consultation: Consultation) -> int:
        statement = select(func.count()).where(
            ConsultationOffer.consultation_id == consultation.id,
            ConsultationOffer.round == consultation.round,
            ConsultationOffer.status == OfferStatus.PENDING,
        )
        return int((await session.exec(statement)).one())

    async def _offered(self, session: AsyncSession, consultation: Consultation) -> frozenset[int]:
        statement = select(ConsultationOffer.expert_id).where(
            ConsultationOffer.consultation_id == consultation.id
        )
        return frozenset(int(i) for i in await session.exec(statement))

    async def _area_codes(self, session: AsyncSession, consultation: Consultation) -> list[str]:
        statement = (
            select(ExpertiseArea.code)
            .join(ConsultationArea, col(ConsultationArea.area_id) == col(ExpertiseArea.id))
            .where(ConsultationArea.consultation_id == consultation.id)
            .order_by(col(ExpertiseArea.position))
        )
        return [str(code) for code in await session.exec(statement)]

    async def _routing(
        self, session: AsyncSession, consultation: Consultation
    ) -> tuple[Request, list[Candidate]]:
        """The question and its candidates, as the matching rule sees them."""
        codes = await self._area_codes(session, consultation)
        request = Request(
            asker_id=consultation.asker_id,
            areas=frozenset(codes),
            region=consultation.region,
            already_offered=await self._offered(session, consultation),
        )
        return request, await candidates(session, codes)

    async def _organisers(
        self, session: AsyncSession, consultation: Consultation, offered: frozenset[int]
    ) -> list[int]:
        """Reachable organisers other than the asker who were not offered the question yet."""
        statement = (
            select(Person.id)
            .where(
                col(Person.role) == Role.ORGANISER,
                col(Person.status) == PersonStatus.ACTIVE,
                col(Person.id) != consultation.asker_id,
            )
            .order_by(col(Person.id))
        )
        return [int(i) for i in await session.exec(statement) if i not in offered]

    async def _people(self, session: AsyncSession, ids: Iterable[int]) -> dict[int, Party]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = await session.exec(select(Person).where(col(Person.id).in_(wanted)))
        return {int(person.id): Party.of(person) for person in rows if person.id is not None}

    async def _view(self, session: AsyncSession, consultation: Consultation) -> ConsultationView:
        assert consultation.id is not None
        people = await self._people(
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
            area_codes=tuple(await self._area_codes(session, consultation)),
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


async def _claim(
    session: AsyncSession,
    consultation_id: int,
    conditions: list[ColumnElement[bool]],
    **values: object,
) -> Consultation | None:
    """Set `values` on the consultation only if `conditions` still hold, so that one caller wins
    a race; the consultation reloaded, or None."""
    claimed = await session.exec(
        update(Consultation)
        .where(col(Consultation.id) == consultation_id, *conditions)
        .values(**values)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    consultation = await session.get(Consultation, consultation_id)
    assert consultation is not None
    await session.refresh(consultation)
    return consultation


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


async def candidates(session: AsyncSession, area_codes: Iterable[str]) -> list[Candidate]:
    """Every member with one of these areas, with what the matching rule needs."""
    areas_of: dict[int, set[str]] = defaultdict(set)
    for person_id, code in await session.exec(
        select(PersonExpertise.person_id, ExpertiseArea.code)
        .join(ExpertiseArea, col(ExpertiseArea.id) == col(PersonExpertise.area_id))
        .where(col(ExpertiseArea.code).in_(list(area_codes)))
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
            select(Consultation.expert_id, func.count())
            .where(
                col(Consultation.expert_id).in_(ids),
                col(Consultation.status) == ConsultationStatus.ACTIVE,
            )
            .group_by(Consultation.expert_id)
        )
    }
    answered: dict[int, dict[OfferStatus, int]] = defaultdict(dict)
    for expert_id, status, count in await session.exec(
        select(ConsultationOffer.expert_id, ConsultationOffer.status, func.count())
        .where(
            col(ConsultationOffer.expert_id).in_(ids),
            col(ConsultationOffer.status).in_(
                [OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED]
            ),
        )
        .group_by(ConsultationOffer.expert_id, ConsultationOffer.status)
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
