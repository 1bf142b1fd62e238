"""Rendering questionnaire answers (summary, review card, profile) in the current language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.consultations.views import Consulting
from bot.core import regions
from bot.i18n import _, current_locale
from bot.membership.areas import Areas
from bot.membership.questionnaire import Answers, applies
from bot.membership.questions import OTHER, QUESTIONS, Kind, Question


async def area_names(areas: Areas) -> dict[str, str]:
    """Names of every area (hidden ones too: they stay on old profiles), current language."""
    locale = current_locale()
    names = {area.code: area.name(locale) for area in await areas.everything()}
    names[OTHER] = _("Other")
    return names


def region_name(code: str | None) -> str:
    region = regions.BY_CODE.get(code or "")
    return region.name(current_locale()) if region else "—"


def choice_label(question: Question, value: str) -> str:
    return next((_(label) for choice, label in question.choices if choice == value), value)


def answer_text(question: Question, value: Any, areas: dict[str, str]) -> str:
    """One answer as a person reads it."""
    if question.kind is Kind.REGION:
        return region_name(value)
    if question.kind is Kind.AREAS:
        return ", ".join(areas.get(code, code) for code in value) or "—"
    if question.kind is Kind.FILE:
        return _("attached") if value else _("none")
    if question.kind is Kind.AGREE:
        return _("yes")
    if question.kind is Kind.CHOICE:
        return choice_label(question, value)
    if question.kind is Kind.CONSENT:
        moment = datetime.fromisoformat(value["at"])
        return _("given on {date} (version {version})").format(
            date=f"{moment:%d.%m.%Y %H:%M} UTC", version=value["version"]
        )
    return str(value)


def answers_text(answers: Answers, areas: dict[str, str]) -> str:
    """Every answer that applies, one line each: "Label: answer"."""
    return "\n".join(
        f"{_(question.label)}: {answer_text(question, answers[question.key], areas)}"
        for question in QUESTIONS
        if question.key in answers and applies(question, answers)
    )


def consulting_text(record: Consulting) -> str:
    """Availability for consultations and recommendations received, for a member's card."""
    lines = [
        _("Takes consultations now") if record.available else _("Not taking consultations now")
    ]
    lines += [_("Recommended: «{text}»").format(text=text) for text in record.recommendations]
    return "\n".join(lines)
