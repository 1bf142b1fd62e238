"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.consultations import (
    ConsultantStatus,
    Consultation,
    ConsultationArea,
    ConsultationOffer,
    ConsultationStatus,
    OfferStatus,
    RelayedMessage,
    Urgency,
)
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
    "CLOSED_STATES",
    "Answer",
    "ApplicationStatus",
    "Attendance",
    "AuditEntry",
    "ConsultantStatus",
    "Consultation",
    "ConsultationArea",
    "ConsultationOffer",
    "ConsultationStatus",
    "ContactVisibility",
    "ExpertiseArea",
    "Meeting",
    "MeetingMaterial",
    "MeetingNotice",
    "MeetingSlot",
    "MeetingSlotVote",
    "MeetingStatus",
    "MemberProfile",
    "MembershipApplication",
    "MembershipInvite",
    "OfferStatus",
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
    "RelayedMessage",
    "Role",
    "SlotVote",
    "Stance",
    "StanceKind",
    "StoredState",
    "Urgency",
    "utcnow",
]
