"""What the decision handlers share: the service, the card-edit pacing, and notifications."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.context import BotContext
from bot.core.people import PersonView
from bot.decisions import DecisionServices
from bot.i18n import resolve_locale
from bot.services import Services


def runtime(application: Application) -> DecisionServices:
    return services(application).decisions


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
