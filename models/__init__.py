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
from models.expertise import ExpertiseArea, PersonExpertise
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "AuditEntry",
    "ConsultantStatus",
    "Consultation",
    "ConsultationArea",
    "ConsultationOffer",
    "ConsultationStatus",
    "ExpertiseArea",
    "OfferStatus",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "RelayedMessage",
    "Role",
    "StoredState",
    "Urgency",
    "utcnow",
]
