"""The numbers consultations run by (from `Settings`), and the checks of what people write."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta

from bot.config import Settings
from bot.consultations.refusals import NO_AREA, QUESTION_TOO_LONG, RECOMMENDATION_TOO_LONG
from bot.core.errors import Refused
from bot.core.text import clean, length
from models import ConsultationStatus, Role, Urgency

ADMITTED = [role for role in Role if role.at_least(Role.MEMBER)]
SEEKING = (ConsultationStatus.SEARCHING, ConsultationStatus.ESCALATED)
OPEN = (*SEEKING, ConsultationStatus.ACTIVE)
QUESTION_MAX = 3500
RECOMMENDATION_MAX = 1000
RATINGS = range(1, 6)


@dataclass(frozen=True)
class Rules:
    """Peers offered at once, the time a round waits, the reminder, the closing of the silent."""

    batch_size: int = 3
    urgent_timeout_minutes: int = 60
    normal_timeout_hours: int = 24
    reminder_hours: int = 24
    abandon_days: int = 14

    @classmethod
    def of(cls, settings: Settings) -> Rules:
        """The rules as the settings give them: each field from `consultations_<field>`
        (CONSULTATIONS_<FIELD> in the environment or `.env`)."""
        return cls(
            **{item.name: getattr(settings, f"consultations_{item.name}") for item in fields(cls)}
        )

    def timeout(self, urgency: Urgency) -> timedelta:
        if urgency is Urgency.URGENT:
            return timedelta(minutes=self.urgent_timeout_minutes)
        return timedelta(hours=self.normal_timeout_hours)

    @property
    def reminder(self) -> timedelta:
        return timedelta(hours=self.reminder_hours)

    @property
    def abandoned(self) -> timedelta:
        return timedelta(days=self.abandon_days)


def check_question(text: str) -> str:
    """The question as it is kept; a question over the limit is refused with its length."""
    text = clean(text)
    if length(text) > QUESTION_MAX:
        raise Refused(QUESTION_TOO_LONG, n=length(text), max=QUESTION_MAX)
    return text


def check_areas(codes: list[str]) -> None:
    """A question is about one area at least."""
    if not codes:
        raise Refused(NO_AREA)


def check_recommendation(text: str) -> str:
    text = clean(text)
    if length(text) > RECOMMENDATION_MAX:
        raise Refused(RECOMMENDATION_TOO_LONG)
    return text
