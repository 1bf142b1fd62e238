"""What the decision handlers share: the service, the card-edit pacing, and notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.context import BotContext, Services
from bot.decisions.plan import Plan
from bot.decisions.polls import Polls
from bot.decisions.service import Decisions
from bot.i18n import resolve_locale
from bot.people import PersonView

CARD_EDIT_INTERVAL = 3.0  # seconds between two edits of one proposal's cards


@dataclass
class Runtime:
    """The decisions service plus the in-memory pacing of card edits (per process)."""

    service: Decisions
    plan: Plan
    polls: Polls
    card_interval: float = CARD_EDIT_INTERVAL
    last_sweep: dict[int, float] = field(default_factory=dict)


def attach(application: Application, service: Decisions, plan: Plan, polls: Polls) -> Runtime:
    """Keep the runtime on the application's services (they are not persisted)."""
    decisions_runtime = Runtime(service, plan, polls)
    application.services.decisions = decisions_runtime  # type: ignore[attr-defined]
    return decisions_runtime


def runtime(application: Application) -> Runtime:
    return application.services.decisions  # type: ignore[attr-defined, no-any-return]


def services(application: Application) -> Services:
    return application.services  # type: ignore[attr-defined, no-any-return]


def job_proposal_id(context: BotContext) -> int:
    """The proposal a decisions job is about (its data)."""
    assert context.job is not None and isinstance(context.job.data, int)
    return context.job.data


def zone(application: Application) -> tzinfo:
    return ZoneInfo(services(application).settings.timezone)


def locale_of(application: Application, person: PersonView) -> str:
    return resolve_locale(person.language, None, services(application).settings.default_locale)
