"""Mutual consultations: questions, the offers made to peers, relayed messages, availability."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class ConsultationStatus(StrEnum):
    """SEARCHING → (ESCALATED to organisers) → ACTIVE → CLOSED; or UNANSWERED / CANCELLED."""

    SEARCHING = "searching"
    ESCALATED = "escalated"
    ACTIVE = "active"
    CLOSED = "closed"
    UNANSWERED = "unanswered"
    CANCELLED = "cancelled"


class OfferStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # nobody of the round answered in time
    WITHDRAWN = "withdrawn"  # someone else accepted, or the question was closed
    FAILED = "failed"  # the bot could not reach the expert (blocked)


class ConsultantStatus(SQLModel, table=True):
    """Whether a person takes consultations now (/available); no row means available."""

    __tablename__ = "consultant_status"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    available: bool = Field(default=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Consultation(SQLModel, table=True):
    """One question of a member and, once accepted, the conversation with one expert."""

    __tablename__ = "consultation"

    id: int | None = Field(default=None, primary_key=True)
    asker_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    expert_id: int | None = Field(
        default=None, foreign_key="person.id", index=True, ondelete="SET NULL"
    )
    question: str = Field(max_length=4000)
    file_id: str | None = Field(default=None, max_length=256)
    file_kind: str | None = Field(default=None, max_length=16)  # "document" | "photo"
    urgency: Urgency = Field(default=Urgency.NORMAL, sa_type=enum_column(Urgency))
    show_name: bool = Field(default=False)
    region: str | None = Field(default=None, max_length=8)
    status: ConsultationStatus = Field(
        default=ConsultationStatus.SEARCHING, sa_type=enum_column(ConsultationStatus), index=True
    )
    round: int = Field(default=0)
    round_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_message_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_sender_id: int | None = Field(default=None)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    asker_shares_contact: bool = Field(default=False)
    expert_shares_contact: bool = Field(default=False)
    rating: int | None = Field(default=None)
    recommendation: str | None = Field(default=None, max_length=1000)


class ConsultationArea(SQLModel, table=True):
    """An area of expertise a question is about."""

    __tablename__ = "consultation_area"

    consultation_id: int = Field(
        foreign_key="consultation.id", primary_key=True, ondelete="CASCADE"
    )
    area_id: int = Field(foreign_key="expertise_area.id", primary_key=True, ondelete="CASCADE")


class ConsultationOffer(SQLModel, table=True):
    """A question offered to one peer (at most once per peer), with the message it went in."""

    __tablename__ = "consultation_offer"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "expert_id"),)

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True, ondelete="CASCADE")
    expert_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    round: int = Field(default=1)
    status: OfferStatus = Field(default=OfferStatus.PENDING, sa_type=enum_column(OfferStatus))
    chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    message_id: int | None = Field(default=None)
    offered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RelayedMessage(SQLModel, table=True):
    """A message the bot relayed into someone's chat, so a reply to it finds its consultation."""

    __tablename__ = "relayed_message"
    __table_args__ = (sa.UniqueConstraint("chat_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=sa.BigInteger)
    message_id: int
    consultation_id: int = Field(foreign_key="consultation.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
