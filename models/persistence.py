"""Rows behind the bot's persistence: conversation states and per-user/chat data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class StoredState(SQLModel, table=True):
    """A JSON value kept across restarts, addressed by a kind and a key."""

    __tablename__ = "stored_state"

    kind: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=128)
    value: Any = Field(default=None, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
