"""Proposals decided by consensus, the stances taken on them and where their cards are."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class ProposalKind(StrEnum):
    PLAN_ADD = "plan_add"
    PLAN_CHANGE = "plan_change"
    PRIORITIES = "priorities"
    RULE = "rule"
    REVIEW = "review"  # a decision reviewed on its review date (never proposed by hand)

    @property
    def changes_an_item(self) -> bool:
        return self in (ProposalKind.PLAN_CHANGE, ProposalKind.PRIORITIES)

    @property
    def changes_plan(self) -> bool:
        return self is ProposalKind.PLAN_CHANGE


class ProposalState(StrEnum):
    """Submitted → open (or returned); open → one of the closed states."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    BLOCKED = "blocked"
    NO_QUORUM = "no_quorum"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        return self in CLOSED_STATES


CLOSED_STATES = frozenset(
    {
        ProposalState.ACCEPTED,
        ProposalState.REJECTED,
        ProposalState.BLOCKED,
        ProposalState.NO_QUORUM,
        ProposalState.WITHDRAWN,
    }
)


class StanceKind(StrEnum):
    AGREE = "agree"
    ABSTAIN = "abstain"
    DISAGREE = "disagree"
    BLOCK = "block"

    @property
    def needs_reason(self) -> bool:
        return self in (StanceKind.DISAGREE, StanceKind.BLOCK)


class PlanStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def open(self) -> bool:
        return self in (PlanStatus.PLANNED, PlanStatus.IN_PROGRESS)


class PlanItem(SQLModel, table=True):
    """An item of the action plan: made or changed by accepted proposals."""

    __tablename__ = "plan_item"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(sa_type=sa.Text)
    status: PlanStatus = Field(
        default=PlanStatus.PLANNED, sa_type=enum_column(PlanStatus), index=True
    )
    responsible: str | None = Field(default=None, max_length=200)  # typed, before issue 14
    # The members responsible for it (person ids), chosen from the community.
    responsible_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    due_date: date | None = Field(default=None)
    working_group_id: int | None = Field(default=None, index=True)
    progress: str | None = Field(default=None, sa_type=sa.Text)
    # The place an accepted priorities proposal gave it (1 first); None: ordered by points.
    rank: int | None = Field(default=None)
    overdue_reminded_on: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def number(self) -> int:
        if self.id is None:
            raise ValueError("the plan item is not stored yet")
        return self.id


class PlanItemChange(SQLModel, table=True):
    """One step of a plan item's history: what changed (field → [before, after]) and the
    accepted decision that changed it (None for a progress report or a status set by hand)."""

    __tablename__ = "plan_item_change"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="plan_item.id", index=True, ondelete="CASCADE")
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", ondelete="SET NULL")
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PriorityPoint(SQLModel, table=True):
    """Points a member gives an open plan item; the plan is ordered by their sum."""

    __tablename__ = "priority_point"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    item_id: int = Field(foreign_key="plan_item.id", primary_key=True, ondelete="CASCADE")
    points: int = Field(default=0)


class Proposal(SQLModel, table=True):
    """A proposal and the rules it is decided by (stored with it, so they cannot drift)."""

    __tablename__ = "proposal"

    id: int | None = Field(default=None, primary_key=True)
    kind: ProposalKind = Field(sa_type=enum_column(ProposalKind))
    title: str = Field(max_length=200)
    description: str = Field(sa_type=sa.Text)
    changes_item: str | None = Field(default=None, max_length=200)
    # The plan item it changes; for an accepted "add a plan item", the item it created.
    plan_item_id: int | None = Field(default=None, foreign_key="plan_item.id")
    responsible: str | None = Field(default=None, max_length=200)
    # The members responsible for the item it adds (person ids).
    responsible_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    # What a "change a plan item" changes: title, description, responsible_ids, due_date
    # (ISO), status; only these fields are applied once it is accepted.
    changes: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    due_date: date | None = Field(default=None)
    proposer_id: int = Field(foreign_key="person.id", index=True)
    # The body that decides: None is the whole community. Working groups land later: no FK yet.
    working_group_id: int | None = Field(default=None, index=True)
    state: ProposalState = Field(
        default=ProposalState.SUBMITTED, sa_type=enum_column(ProposalState), index=True
    )
    quorum_numerator: int = Field(default=1)
    quorum_denominator: int = Field(default=2)
    threshold_numerator: int = Field(default=2)
    threshold_denominator: int = Field(default=3)
    review_comment: str | None = Field(default=None, sa_type=sa.Text)
    reviewer_id: int | None = Field(default=None, foreign_key="person.id")
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    extended: bool = Field(default=False)
    reminded_for: datetime | None = Field(default=None, sa_type=UTCDateTime)
    amendments: int = Field(default=0)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    body_size: int | None = Field(default=None)
    outcome: str | None = Field(default=None, sa_type=sa.Text)
    review_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reopened_as_id: int | None = Field(default=None, foreign_key="proposal.id")
    reopens_id: int | None = Field(default=None, foreign_key="proposal.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def number(self) -> int:
        """The id of a stored proposal (the number people see)."""
        if self.id is None:
            raise ValueError("the proposal is not stored yet")
        return self.id


class Stance(SQLModel, table=True):
    """One member's current stance on a proposal (changed in place until the deadline)."""

    __tablename__ = "stance"

    proposal_id: int = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    kind: StanceKind = Field(sa_type=enum_column(StanceKind))
    reason: str | None = Field(default=None, sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProposalCard(SQLModel, table=True):
    """A posted card of a proposal, edited in place as the tally changes."""

    __tablename__ = "proposal_card"

    proposal_id: int = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    chat_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    message_id: int = Field()
    locale: str = Field(default="ru", max_length=8)


class QuickPoll(SQLModel, table=True):
    """A native, non-anonymous Telegram poll the bot sent for a quick question."""

    __tablename__ = "quick_poll"

    id: int | None = Field(default=None, primary_key=True)
    telegram_poll_id: str = Field(max_length=64, unique=True)
    chat_id: int = Field(sa_type=sa.BigInteger, index=True)
    message_id: int = Field()
    question: str = Field(max_length=300)
    options: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    multiple: bool = Field(default=False)
    creator_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PollVote(SQLModel, table=True):
    """A person's current answer to a quick poll (empty when they retracted it)."""

    __tablename__ = "poll_vote"

    poll_id: int = Field(foreign_key="quick_poll.id", primary_key=True, ondelete="CASCADE")
    telegram_user_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    name: str = Field(default="", max_length=200)
    option_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
