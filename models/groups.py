"""Working groups: their members, elected coordinators, elections and tasks."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class WorkingGroup(SQLModel, table=True):
    """A working group; its coordinator is a role in this group only, not a global one."""

    __tablename__ = "working_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    # The name casefolded in Python (SQLite's lower() knows only ASCII): unique, for look-ups.
    name_key: str = Field(max_length=100, unique=True)
    purpose: str = Field(default="", max_length=1000)
    chat_id: int | None = Field(default=None, sa_type=sa.BigInteger, unique=True)
    # The chat's link that asks the bot to let people in, made once when the chat is linked
    # (each new link counts against the chat's 20-a-minute limit); None until then.
    invite_link: str | None = Field(default=None, max_length=255)
    coordinator_id: int | None = Field(default=None, foreign_key="person.id")
    acting: bool = Field(default=False)  # appointed by an organiser, not elected
    archived: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupMembership(SQLModel, table=True):
    """A person in a working group (self-nominated)."""

    __tablename__ = "group_membership"

    group_id: int = Field(foreign_key="working_group.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Whether they are in the group's chat: kept from chat_member updates; None is unknown
    # (asked from Telegram once, because every such call counts against the chat's limit).
    in_chat: bool | None = Field(default=None)


class ElectionStatus(StrEnum):
    NOMINATION = "nomination"
    VOTING = "voting"
    FINISHED = "finished"  # a coordinator was elected
    FAILED = "failed"  # no candidate, no votes, or no majority
    CANCELLED = "cancelled"  # the group was archived


class Election(SQLModel, table=True):
    """An election of a group's coordinator; `deadline` ends the current phase."""

    __tablename__ = "group_election"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True, ondelete="CASCADE")
    status: ElectionStatus = Field(
        default=ElectionStatus.NOMINATION, sa_type=enum_column(ElectionStatus)
    )
    round: int = Field(default=1)  # 2 and more: run-off between the tied
    deadline: datetime = Field(sa_type=UTCDateTime)
    started_by_id: int | None = Field(default=None, foreign_key="person.id")
    winner_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Candidate(SQLModel, table=True):
    """A self-nominated candidate; `in_race` turns false when a run-off leaves them out."""

    __tablename__ = "group_candidate"

    election_id: int = Field(foreign_key="group_election.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    statement: str = Field(max_length=500)
    in_race: bool = Field(default=True)


class Vote(SQLModel, table=True):
    """One member's vote in one round; candidate_id None is "against" a single candidate."""

    __tablename__ = "group_vote"

    election_id: int = Field(foreign_key="group_election.id", primary_key=True, ondelete="CASCADE")
    round: int = Field(primary_key=True)
    voter_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    candidate_id: int | None = Field(default=None, foreign_key="person.id")
    cast_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupTask(SQLModel, table=True):
    """A task of a group; `plan_item` refers to the action plan as free text for now."""

    __tablename__ = "group_task"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="working_group.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=300)
    plan_item: str | None = Field(default=None, max_length=100)
    created_by_id: int | None = Field(default=None, foreign_key="person.id")
    owner_id: int | None = Field(default=None, foreign_key="person.id")  # a member who does it
    due_date: date | None = Field(default=None)
    done: bool = Field(default=False)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReelectionRequest(SQLModel, table=True):
    """A member's request, with a reason, to re-elect the group's sitting coordinator; enough
    of them (`bot.groups.petitions`) open the election, which then deletes them."""

    __tablename__ = "group_reelection_request"

    group_id: int = Field(foreign_key="working_group.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    reason: str = Field(max_length=500)
    made_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
