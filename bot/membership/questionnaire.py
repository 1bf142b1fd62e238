"""Walking the questionnaire of `bot.membership.questions`: which question comes next, and
whether an answer is acceptable. Answers are JSON values (kept in user_data until submit).

A check gives the value to keep, or raises `Refused` with why the answer is not accepted
(the question is then asked again with that explanation). `STALE` means a button that cannot
answer the question at all."""

from __future__ import annotations

import re
from typing import Any

from bot.core import regions
from bot.core.errors import STALE, Refused
from bot.core.text import TOO_LONG, clean, length
from bot.i18n import N_
from bot.membership.questions import (
    BY_KEY,
    CONSENT_VERSION,
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    QUESTIONS,
    Kind,
    Question,
)
from models import utcnow

Answers = dict[str, Any]
_PHONE_NOISE = re.compile(r"[\s()\-.]")

EMPTY = N_("The answer cannot be empty. Please write it.")
NOT_A_NUMBER = N_("Please send a whole number, e.g. 5.")
OUT_OF_RANGE = N_("Please send a number from {minimum} to {maximum}.")
NOT_A_PHONE = N_("That does not look like a phone number. Example: +7 900 123-45-67.")
WRONG_FILE = N_(
    "This kind of file is not accepted. Please send a PDF, JPG or PNG file or a photo, or "
    "press “Skip”."
)
FILE_TOO_LARGE = N_("The file is too large: the limit is 20 MB.")
NO_REGION = N_("No region matches “{text}”. Try another spelling, or choose “Other”.")
NO_AREAS = N_("Choose at least one area, then press “Done”.")
MISSION_REQUIRED = N_(
    "Membership requires sharing the mission. Think it over and answer, or /cancel."
)
CONSENT_REQUIRED = N_(
    "Without your consent we cannot process your application. Give it, or /cancel."
)
NO_USERNAME = N_(
    "You have no Telegram username. Set one in Telegram's settings, or choose another option."
)
DONE, SKIP = "!done", "!skip"  # the values of the Done and Skip buttons


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


def editable(key: str, answers: Answers) -> Question:
    """The question behind a ✏️ button: one that may be changed and has an answer."""
    asked = question(key)
    if asked is None or not asked.editable or asked.key not in answers:
        raise Refused(STALE)
    return asked


def new_consent() -> dict[str, str]:
    """The answer recorded when a person gives consent: which text, and when."""
    return {"version": CONSENT_VERSION, "at": utcnow().isoformat()}


def filled_in(previous: Answers) -> Answers:
    """A former application's answers to start a new one from: a consent given to an older
    text of the consent is asked again."""
    answers = dict(previous)
    consent = answers.get("consent")
    if not isinstance(consent, dict) or consent.get("version") != CONSENT_VERSION:
        answers.pop("consent", None)
    return answers


def check_text(question: Question, text: str) -> str:
    """A typed answer others will read: without bidirectional controls, within the limit."""
    cleaned = clean(text)
    if not cleaned:
        raise Refused(EMPTY)
    if question.max_length and length(cleaned) > question.max_length:
        raise Refused(TOO_LONG, length=length(cleaned), limit=question.max_length)
    return cleaned


def check_number(question: Question, text: str) -> int:
    cleaned = text.strip().replace(" ", "")
    if not re.fullmatch(r"[+-]?\d{1,6}", cleaned):
        raise Refused(NOT_A_NUMBER)
    number = int(cleaned)
    if not question.minimum <= number <= question.maximum:
        raise Refused(OUT_OF_RANGE, minimum=question.minimum, maximum=question.maximum)
    return number


def check_phone(text: str) -> str:
    digits = _PHONE_NOISE.sub("", text.strip())
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    if not re.fullmatch(r"\+?\d{10,15}", digits):
        raise Refused(NOT_A_PHONE)
    return digits if digits.startswith("+") else "+" + digits


def check_document(mime_type: str | None, size: int | None) -> None:
    """A document (or photo: mime type image/jpeg) given as proof of a qualification."""
    if mime_type not in DOCUMENT_TYPES:
        raise Refused(WRONG_FILE)
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise Refused(FILE_TOO_LARGE)


def check_text_answer(question: Question, text: str) -> Any:
    """A typed answer to a question that takes text (text, number or phone)."""
    if question.kind is Kind.NUMBER:
        return check_number(question, text)
    if question.kind is Kind.PHONE:
        return check_phone(text)
    return check_text(question, text)


def find_regions(text: str, locale: str) -> list[str]:
    """The codes of the regions matching typed text (to choose from)."""
    if not text.strip():
        raise Refused(EMPTY)
    found = regions.search(text, locale)
    if not found:
        raise Refused(NO_REGION, text=text.strip()[:50])
    return [region.code for region in found]


def check_areas(selected: list[str]) -> list[str]:
    if not selected:
        raise Refused(NO_AREAS)
    return selected


def toggled(selected: list[str], code: str) -> list[str]:
    return [item for item in selected if item != code] if code in selected else [*selected, code]


def button_answer(
    question: Question, value: str, *, selected: list[str], username: str | None
) -> Any:
    """What a pressed button answers to the question (`selected`: the areas chosen so far;
    `username`: the person's Telegram username). A button that cannot be is `STALE`."""
    kind = question.kind
    if kind is Kind.REGION and value in regions.BY_CODE:
        return value
    if kind is Kind.AREAS and value == DONE:
        return check_areas(selected)
    if kind is Kind.FILE and value == SKIP:
        return None
    if kind in (Kind.AGREE, Kind.CONSENT) and value in ("yes", "no"):
        if value == "no":
            raise Refused(MISSION_REQUIRED if kind is Kind.AGREE else CONSENT_REQUIRED)
        return True if kind is Kind.AGREE else new_consent()
    if kind is Kind.CHOICE and value in {choice for choice, _label in question.choices}:
        if value == "username" and not username:
            raise Refused(NO_USERNAME)
        return value
    raise Refused(STALE)
