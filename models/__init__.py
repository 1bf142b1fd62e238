"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.expertise import ExpertiseArea, PersonExpertise
from models.membership import (
    ApplicationStatus,
    ContactVisibility,
    MemberProfile,
    MembershipApplication,
    MembershipInvite,
)
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "ApplicationStatus",
    "AuditEntry",
    "ContactVisibility",
    "ExpertiseArea",
    "MemberProfile",
    "MembershipApplication",
    "MembershipInvite",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "Role",
    "StoredState",
    "utcnow",
]
