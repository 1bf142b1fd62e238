"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.expertise import ExpertiseArea, PersonExpertise
from models.groups import (
    Candidate,
    Election,
    ElectionStatus,
    GroupMembership,
    GroupTask,
    Vote,
    WorkingGroup,
)
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "AuditEntry",
    "Candidate",
    "Election",
    "ElectionStatus",
    "ExpertiseArea",
    "GroupMembership",
    "GroupTask",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "Role",
    "StoredState",
    "Vote",
    "WorkingGroup",
    "utcnow",
]
