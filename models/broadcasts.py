"""News, announcements and the durable delivery outbox behind every broadcast."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class BroadcastStatus(StrEnum):
    """A broadcast is queued, then sends until nothing is pending, or is cancelled."""

    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class DeliveryState(StrEnum):
    """One recipient of one broadcast (a row of the outbox)."""

    PENDING = "pending"  # to send (now, or after `not_before`)
    SENDING = "sending"  # claimed: the request is on its way
    SENT = "sent"
    BLOCKED = "blocked"  # 403: blocked the bot or deactivated; never retried
    FAILED = "failed"  # gave up after the allowed attempts
    UNCERTAIN = "uncertain"  # in flight at a crash: maybe sent, never sent again
    CANCELLED = "cancelled"  # the broadcast was cancelled before this one went
    DIGEST = "digest"  # waits for the person's daily digest


class Broadcast(SQLModel, table=True):
    """One message sent to many people; `kind` says which feature owns it."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: BroadcastStatus = Field(
        default=BroadcastStatus.SENDING, sa_type=enum_column(BroadcastStatus), index=True
    )
    progress_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    progress_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    """The outbox: one row per recipient and broadcast, claimed before and marked after sending."""

    __tablename__ = "delivery"
    __table_args__ = (
        sa.UniqueConstraint("broadcast_id", "person_id", name="uq_delivery_broadcast_person"),
        sa.Index("ix_delivery_broadcast_state", "broadcast_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(foreign_key="broadcast.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    chat_id: int = Field(sa_type=sa.BigInteger)
    # which of the broadcast's payload variants this person gets (e.g. their language);
    # "" for a broadcast with a single payload
    variant: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    state: DeliveryState = Field(default=DeliveryState.PENDING, sa_type=enum_column(DeliveryState))
    attempts: int = Field(default=0)
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # the message sent (or, for an edit, the message to edit): later edits find it here
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    error: str | None = Field(default=None, max_length=120)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AudienceKind(StrEnum):
    MEMBERS = "members"  # everyone admitted: member, coordinator, organiser
    REGION = "region"  # members of one region (Person.region)
    AREA = "area"  # members with one expertise area
    STARTED = "started"  # everyone who has started the bot
    GROUP = "group"  # members of one working group (wired when groups land)


class AnnouncementStatus(StrEnum):
    DRAFT = "draft"  # e.g. an item of the news feed, waiting for an organiser
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Announcement(SQLModel, table=True):
    """An announcement, kept as news; its delivery is a Broadcast."""

    __tablename__ = "announcement"

    id: int | None = Field(default=None, primary_key=True)
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    text: str = Field(default="", sa_type=sa.Text)
    entities: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    media_kind: str | None = Field(default=None, max_length=16)  # photo | document
    file_id: str | None = Field(default=None, max_length=256)
    audience: AudienceKind = Field(default=AudienceKind.MEMBERS, sa_type=enum_column(AudienceKind))
    audience_value: str | None = Field(default=None, max_length=32)  # region or area code
    working_group_id: int | None = Field(default=None)  # seam: no foreign key until groups land
    urgent: bool = Field(default=False)
    to_channel: bool = Field(default=False)  # also posted to the public news channel
    status: AnnouncementStatus = Field(
        default=AnnouncementStatus.DRAFT, sa_type=enum_column(AnnouncementStatus), index=True
    )
    scheduled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    broadcast_id: int | None = Field(default=None, foreign_key="broadcast.id")
    feed_guid: str | None = Field(default=None, max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DeliveryMode(StrEnum):
    """How a member wants announcements: at once, in a daily digest, or only in /news."""

    INSTANT = "instant"
    DIGEST = "digest"
    NEWS_ONLY = "news_only"


class NewsPreference(SQLModel, table=True):
    """A member's choice in /settings (no row: at once)."""

    __tablename__ = "news_preference"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    mode: DeliveryMode = Field(default=DeliveryMode.INSTANT, sa_type=enum_column(DeliveryMode))
