"""What the consultation services return: plain snapshots, safe outside the session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from models import ConsultationStatus, ExpertiseArea, Person, Role, Urgency


class Step(StrEnum):
    """What happened to a question, to tell the asker."""

    OFFERED = "offered"
    NEXT_BATCH = "next_batch"
    ESCALATED = "escalated"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Party:
    """Someone the bot writes to about a consultation."""

    person_id: int
    telegram_id: int
    name: str
    username: str | None
    language: str | None
    member: bool = True  # of the community still: someone who is no longer one takes no part

    @classmethod
    def of(cls, person: Person) -> Party:
        assert person.id is not None
        return cls(
            person.id,
            person.telegram_id,
            person.display_name,
            person.username,
            person.language,
            person.role.at_least(Role.MEMBER),
        )


@dataclass(frozen=True)
class ConsultationView:
    """A consultation as the handlers need it."""

    id: int
    status: ConsultationStatus
    question: str
    file_id: str | None
    file_kind: str | None
    urgency: Urgency
    show_name: bool
    region: str | None
    area_codes: tuple[str, ...]
    asker: Party
    expert: Party | None
    round: int
    round_deadline: datetime | None
    created_at: datetime
    accepted_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    recommendation: str | None

    @property
    def is_open(self) -> bool:
        return self.status is ConsultationStatus.ACTIVE

    def other_side(self, person_id: int) -> Party | None:
        """The asker for the expert and the expert for the asker."""
        if person_id == self.asker.person_id:
            return self.expert
        return self.asker if self.expert and person_id == self.expert.person_id else None

    def involves(self, person_id: int) -> bool:
        return self.other_side(person_id) is not None

    @property
    def between_members(self) -> bool:
        """Both sides are members of the community (a message may pass between them)."""
        return self.asker.member and (self.expert is None or self.expert.member)


@dataclass(frozen=True)
class Offer:
    """An offer to send: to whom, and about what."""

    offer_id: int
    expert: Party
    consultation: ConsultationView


@dataclass(frozen=True)
class OfferMessage:
    """An offer message already sent, to edit when the offer ends."""

    chat_id: int
    message_id: int
    expert: Party


@dataclass
class Effects:
    """What a change means for the people involved."""

    consultation: ConsultationView
    step: Step | None = None
    offers: list[Offer] = field(default_factory=list)
    ended_offers: list[OfferMessage] = field(default_factory=list)


@dataclass(frozen=True)
class Destination:
    """Where a message someone writes may go: their open consultations, and the consultation
    of the bot's message they reply to (None when it is not one)."""

    open: dict[int, ConsultationView]
    replied_to: int | None


@dataclass(frozen=True)
class Contacts:
    """One side agreed to exchange contacts; `both` once the other side has agreed too."""

    both: bool
    consultation: ConsultationView


@dataclass(frozen=True)
class Availability:
    """Whether questions come to a person now, and the areas they come in."""

    available: bool
    areas: tuple[ExpertiseArea, ...]


@dataclass(frozen=True)
class ExpertRecord:
    """A peer who consults in an area, with their record and the contact they allowed to
    show (None: only through the bot)."""

    person: Party
    contact: str | None
    available: bool
    consultations: int
    average_rating: float | None
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    requests_by_area: dict[str, int]
    median_minutes_to_accept: float | None
    answered: int
    finished: int
    areas_without_available: list[str]


@dataclass(frozen=True)
class Consulting:
    """What a member's card in /directory and /profile says about their consultations."""

    available: bool
    recommendations: tuple[str, ...]  # the newest few
