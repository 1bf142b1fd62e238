"""The updates already processed, so that one delivered again is not processed twice."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class SeenUpdate(SQLModel, table=True):
    """A Telegram update id, kept for about a day (Telegram keeps undelivered updates 24 h)."""

    __tablename__ = "seen_update"

    update_id: int = Field(
        primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
