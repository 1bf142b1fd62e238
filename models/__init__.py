"""Database tables. Importing this package registers every table on SQLModel.metadata."""

from models.audit import AuditEntry
from models.base import utcnow
from models.broadcasts import (
    Announcement,
    AnnouncementStatus,
    AudienceKind,
    Broadcast,
    BroadcastStatus,
    Delivery,
    DeliveryMode,
    DeliveryState,
    NewsPreference,
)
from models.expertise import ExpertiseArea, PersonExpertise
from models.persistence import StoredState
from models.person import Person, PersonStatus, Role

__all__ = [
    "Announcement",
    "AnnouncementStatus",
    "AudienceKind",
    "AuditEntry",
    "Broadcast",
    "BroadcastStatus",
    "Delivery",
    "DeliveryMode",
    "DeliveryState",
    "ExpertiseArea",
    "NewsPreference",
    "Person",
    "PersonExpertise",
    "PersonStatus",
    "Role",
    "StoredState",
    "utcnow",
]
