"""Membership: the profile a person fills in with the questionnaire, and their applications."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContactVisibility(StrEnum):
    """How other members may reach a person from the directory."""

    BOT = "bot"  # only through the bot: no contact shown
    USERNAME = "username"
    PHONE = "phone"


class MemberProfile(SQLModel, table=True):
    """The questionnaire's answers about a person (region and expertise live elsewhere:
    Person.region and PersonExpertise). Deleted when the person withdraws consent."""

    __tablename__ = "member_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    full_name: str = Field(max_length=200)
    organisation: str = Field(max_length=300)
    qualification: str = Field(max_length=1000)
    document_file_id: str | None = Field(default=None, max_length=256)
    document_kind: str | None = Field(default=None, max_length=16)
    experience_years: int = Field(default=0)
    expertise_other: str | None = Field(default=None, max_length=200)
    intentions: str = Field(max_length=1000)
    contact_visibility: ContactVisibility = Field(
        default=ContactVisibility.BOT, sa_type=enum_column(ContactVisibility)
    )
    phone: str | None = Field(default=None, max_length=32)
    consent_version: str = Field(max_length=32)
    consent_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MembershipApplication(SQLModel, table=True):
    """One submitted application and its review. `cards` are the (chat_id, message_id) of the
    review cards, so a decision can update every copy."""

    __tablename__ = "membership_application"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    status: ApplicationStatus = Field(
        default=ApplicationStatus.PENDING, sa_type=enum_column(ApplicationStatus), index=True
    )
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    reason: str | None = Field(default=None, max_length=1000)
    referrer_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    cards: list[Any] = Field(default_factory=list, sa_type=sa.JSON)


class MembershipInvite(SQLModel, table=True):
    """A member's personal invitation code (t.me/<bot>?start=ref_<code>): an opaque token,
    so a forged link cannot name someone as the recommender."""

    __tablename__ = "membership_invite"

    code: str = Field(primary_key=True, max_length=32)
    person_id: int = Field(foreign_key="person.id", unique=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContactRequest(SQLModel, table=True):
    """A member asked, from the directory, to get in touch with another: passed on once."""

    __tablename__ = "contact_request"

    asker_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    peer_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
