"""People known to the bot and their place in the community."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class Role(StrEnum):
    """A person's place in the community, from the least to the most rights."""

    APPLICANT = "applicant"
    MEMBER = "member"
    COORDINATOR = "coordinator"
    ORGANISER = "organiser"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


class PersonStatus(StrEnum):
    """Whether the bot can reach the person and whether they take part."""

    ACTIVE = "active"
    UNREACHABLE = "unreachable"  # blocked the bot or deleted the account
    SUSPENDED = "suspended"


class Person(SQLModel, table=True):
    """Anyone who has talked to the bot."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_type=sa.BigInteger, unique=True, index=True)
    first_name: str = Field(default="", max_length=128)
    last_name: str | None = Field(default=None, max_length=128)
    username: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=8)
    region: str | None = Field(default=None, max_length=8)  # a code of bot.core.regions
    role: Role = Field(default=Role.APPLICANT, sa_type=enum_column(Role))
    status: PersonStatus = Field(default=PersonStatus.ACTIVE, sa_type=enum_column(PersonStatus))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or (
            f"@{self.username}" if self.username else f"#{self.telegram_id}"
        )
