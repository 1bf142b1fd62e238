"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.expertise import ExpertiseArea, PersonExpertise
from models.meetings import (
    Answer,
    Attendance,
    Meeting,
    MeetingMaterial,
    MeetingNotice,
    MeetingSlot,
    MeetingSlotVote,
    MeetingStatus,
    SlotVote,
)
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "Answer",
    "Attendance",
    "AuditEntry",
    "ExpertiseArea",
    "Meeting",
    "MeetingMaterial",
    "MeetingNotice",
    "MeetingSlot",
    "MeetingSlotVote",
    "MeetingStatus",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "Role",
    "SlotVote",
    "StoredState",
    "utcnow",
]
