"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.decisions import (
    CLOSED_STATES,
    PlanItem,
    PlanStatus,
    PollVote,
    PriorityPoint,
    Proposal,
    ProposalCard,
    ProposalKind,
    ProposalState,
    QuickPoll,
    Stance,
    StanceKind,
)
from models.expertise import ExpertiseArea, PersonExpertise
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "CLOSED_STATES",
    "AuditEntry",
    "ExpertiseArea",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "PlanItem",
    "PlanStatus",
    "PollVote",
    "PriorityPoint",
    "Proposal",
    "ProposalCard",
    "ProposalKind",
    "ProposalState",
    "QuickPoll",
    "Role",
    "Stance",
    "StanceKind",
    "StoredState",
    "utcnow",
]
