"""Meetings and conferences: the meeting, candidate times, answers, reminders, feedback,
materials."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, enum_column, utcnow


class MeetingStatus(StrEnum):
    POLLING = "polling"  # candidate times offered, the time is not fixed yet
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Answer(StrEnum):
    """A person's answer to an invitation; INVITED means no answer yet."""

    INVITED = "invited"
    GOING = "going"
    WAITING = "waiting"  # wanted to go, the meeting was full: on the waiting list
    MAYBE = "maybe"
    NOT_GOING = "not_going"


class SlotVote(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class Meeting(SQLModel, table=True):
    """A meeting of the whole community or of one working group."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    agenda: str = Field(default="", max_length=3000)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    duration_minutes: int
    timezone: str = Field(default="Europe/Moscow", max_length=64)
    place: str | None = Field(default=None, max_length=500)
    online_link: str | None = Field(default=None, max_length=500)
    capacity: int | None = Field(default=None)
    registration_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Seam: the working group of the audience; no foreign key until working groups land.
    working_group_id: int | None = Field(default=None, index=True)
    organiser_id: int = Field(foreign_key="person.id", index=True)
    status: MeetingStatus = Field(
        default=MeetingStatus.SCHEDULED, sa_type=enum_column(MeetingStatus)
    )
    # A time poll's votes close then (None: a meeting planned with a fixed time).
    poll_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Grows with each change of time, place or status (the calendar file's SEQUENCE).
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    cancel_reason: str | None = Field(default=None, max_length=500)
    # The card with the answer buttons in the working group's chat, once posted.
    group_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    group_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class MeetingSlot(SQLModel, table=True):
    """A candidate time of a meeting whose time is being polled."""

    __tablename__ = "meeting_slot"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime)


class MeetingSlotVote(SQLModel, table=True):
    """One person's Yes / Maybe / No for one candidate time."""

    __tablename__ = "meeting_slot_vote"

    slot_id: int = Field(foreign_key="meeting_slot.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    vote: SlotVote = Field(sa_type=enum_column(SlotVote))
    voted_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Attendance(SQLModel, table=True):
    """A person invited to a meeting and their answer (the row exists once invited, or once
    registered by their Yes to the time a poll chose: then `invited_at` is None until their
    invitation is queued)."""

    __tablename__ = "meeting_attendance"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    answer: Answer = Field(default=Answer.INVITED, sa_type=enum_column(Answer))
    # set explicitly: the ORM would put a default in place of a None it is given
    invited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    rating: int | None = Field(default=None)
    comment: str | None = Field(default=None, max_length=2000)


class MeetingNotice(SQLModel, table=True):
    """A notice about a meeting: one already sent ("poll", "remind:60", "feedback"), never
    sent twice even across restarts; or an announcement of a change still to be sent
    ("announce:time:<stamp>", `detail` the time or place before it), deleted once everyone
    has it."""

    __tablename__ = "meeting_notice"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(primary_key=True, max_length=64)
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    detail: str | None = Field(default=None, max_length=500)


class MeetingMaterial(SQLModel, table=True):
    """A file (Telegram file id) or a link attached to a meeting by its organiser."""

    __tablename__ = "meeting_material"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    file_id: str | None = Field(default=None, max_length=256)
    file_name: str | None = Field(default=None, max_length=256)
    url: str | None = Field(default=None, max_length=500)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
