"""Walking the questionnaire of bot/data/questionnaire.py: which question comes next, and
whether an answer is acceptable. Answers are JSON values (kept in user_data until submit)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.core import regions
from bot.data.questionnaire import (
    BY_KEY,
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    QUESTIONS,
    Kind,
    Question,
)
from bot.i18n import N_

Answers = dict[str, Any]
_PHONE_NOISE = re.compile(r"[\s()\-.]")


@dataclass(frozen=True)
class Problem:
    """Why an answer was refused: a message id (translated when shown) and its values."""

    message: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Accepted:
    value: Any


Verdict = Accepted | Problem


def applies(question: Question, answers: Answers) -> bool:
    """Whether the question is asked, given the answers so far."""
    if question.only_if is None:
        return True
    key, wanted = question.only_if
    given = answers.get(key)
    return wanted in given if isinstance(given, list) else given == wanted


def next_question(answers: Answers) -> Question | None:
    """The first question that applies and has no answer yet; None when all are answered."""
    for question in QUESTIONS:
        if question.key not in answers and applies(question, answers):
            return question
    return None


def relevant(answers: Answers) -> Answers:
    """The answers without those to questions that no longer apply (e.g. after an edit)."""
    return {
        question.key: answers[question.key]
        for question in QUESTIONS
        if question.key in answers and applies(question, answers)
    }


def question(key: str) -> Question | None:
    return BY_KEY.get(key)


def check_text(question: Question, text: str) -> Verdict:
    cleaned = text.strip()
    if not cleaned:
        return Problem(N_("The answer cannot be empty. Please write it."))
    if question.max_length and len(cleaned) > question.max_length:
        return Problem(
            N_("That is too long ({length} characters); the limit is {limit}."),
            {"length": len(cleaned), "limit": question.max_length},
        )
    return Accepted(cleaned)


def check_number(question: Question, text: str) -> Verdict:
    cleaned = text.strip().replace(" ", "")
    if not re.fullmatch(r"[+-]?\d{1,6}", cleaned):
        return Problem(N_("Please send a whole number, e.g. 5."))
    number = int(cleaned)
    if not question.minimum <= number <= question.maximum:
        return Problem(
            N_("Please send a number from {minimum} to {maximum}."),
            {"minimum": question.minimum, "maximum": question.maximum},
        )
    return Accepted(number)


def check_phone(text: str) -> Verdict:
    digits = _PHONE_NOISE.sub("", text.strip())
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    if not re.fullmatch(r"\+?\d{10,15}", digits):
        return Problem(N_("That does not look like a phone number. Example: +7 900 123-45-67."))
    return Accepted(digits if digits.startswith("+") else "+" + digits)


def check_document(mime_type: str | None, size: int | None) -> Verdict:
    """A document (or photo: mime type image/jpeg) given as proof of a qualification."""
    if mime_type not in DOCUMENT_TYPES:
        return Problem(
            N_(
                "This kind of file is not accepted. Please send a PDF, JPG or PNG file or a "
                "photo, or press “Skip”."
            )
        )
    if size is not None and size > MAX_DOCUMENT_BYTES:
        return Problem(N_("The file is too large: the limit is 20 MB."))
    return Accepted(mime_type)


def check_text_answer(question: Question, text: str) -> Verdict:
    """A typed answer to a question that takes text (text, number or phone)."""
    if question.kind is Kind.NUMBER:
        return check_number(question, text)
    if question.kind is Kind.PHONE:
        return check_phone(text)
    return check_text(question, text)


def find_regions(text: str, locale: str) -> Verdict:
    """The regions matching typed text (to choose from), or why there are none."""
    if not text.strip():
        return Problem(N_("The answer cannot be empty. Please write it."))
    found = regions.search(text, locale)
    if not found:
        return Problem(
            N_("No region matches “{text}”. Try another spelling, or choose “Other”."),
            {"text": text.strip()[:50]},
        )
    return Accepted([region.code for region in found])


def check_areas(selected: list[str]) -> Verdict:
    if not selected:
        return Problem(N_("Choose at least one area, then press “Done”."))
    return Accepted(selected)


def toggled(selected: list[str], code: str) -> list[str]:
    return [item for item in selected if item != code] if code in selected else [*selected, code]
