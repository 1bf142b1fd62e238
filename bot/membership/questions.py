"""The membership questionnaire: its questions, their order, wording and limits.

Organisers change the wording or the order here (and the Russian text in
locales/ru/LC_MESSAGES/membership.po); `bot.membership.questionnaire` walks this list and
checks the answers, the handlers only put the questions. Each question's `key` names its
answer; `only_if` makes a question depend on an earlier answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import N_

# Raise the version whenever CONSENT_TEXT changes: each profile records the version agreed to.
CONSENT_VERSION = "2026-11-25"
CONSENT_TEXT = N_(
    "I consent to the processing of my personal data given in this questionnaire (name, "
    "organisation, position, region, qualification, experience, contacts) by the organisers "
    "of the community for admission, the member directory and communication within the "
    "community, under Federal Law No. 152-FZ “On Personal Data”. I can withdraw this "
    "consent at any time with /deleteme; my data are then destroyed."
)
MISSION_TEXT = N_(
    "Our mission: to develop volunteer social services for older people and children by "
    "connecting the people who organise them, sharing experience and acting together."
)
OTHER = "other"  # the "other" choice of the expertise list, followed by a text question


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    REGION = "region"  # typed, then chosen among the matches
    AREAS = "areas"  # multi-select from the managed expertise list
    FILE = "file"  # an optional document or photo
    AGREE = "agree"  # an explicit yes
    CHOICE = "choice"
    PHONE = "phone"
    CONSENT = "consent"  # 152-FZ consent, required


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    label: str  # short, for the summary and the edit buttons
    prompt: str
    max_length: int = 0
    minimum: int = 0
    maximum: int = 0
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    only_if: tuple[str, str] | None = None  # (key, value): asked when that answer has value
    editable: bool = True


QUESTIONS: tuple[Question, ...] = (
    Question(
        "full_name", Kind.TEXT, N_("Full name"), N_("What is your full name?"), max_length=200
    ),
    Question(
        "organisation",
        Kind.TEXT,
        N_("Organisation and position"),
        N_("Which organisation do you represent, and what is your position there?"),
        max_length=300,
    ),
    Question(
        "region",
        Kind.REGION,
        N_("Region"),
        N_("In which region do you work? Type a part of its name, e.g. “Тверская” or “Moscow”."),
    ),
    Question(
        "qualification",
        Kind.TEXT,
        N_("Qualification"),
        N_(
            "What is your qualification in organising volunteer work, and how is it "
            "confirmed (training, certificate, position)?"
        ),
        max_length=1000,
    ),
    Question(
        "document",
        Kind.FILE,
        N_("Document"),
        N_(
            "You may send a document or a photo confirming your qualification (PDF, JPG or "
            "PNG, up to 20 MB), or press “Skip”."
        ),
    ),
    Question(
        "experience",
        Kind.NUMBER,
        N_("Years of experience"),
        N_("How many years of practical experience in volunteer work do you have? (0–70)"),
        minimum=0,
        maximum=70,
    ),
    Question(
        "areas",
        Kind.AREAS,
        N_("Areas of expertise"),
        N_("Choose your areas of expertise (one or more), then press “Done”."),
    ),
    Question(
        "areas_other",
        Kind.TEXT,
        N_("Other areas"),
        N_("Which other areas of expertise do you have?"),
        max_length=200,
        only_if=("areas", OTHER),
    ),
    Question(
        "mission",
        Kind.AGREE,
        N_("Agreement with the mission"),
        N_("Do you share the mission of the community?"),
        editable=False,
    ),
    Question(
        "intentions",
        Kind.TEXT,
        N_("Intentions and resources"),
        N_("What do you intend to do in the community, and what resources do you bring?"),
        max_length=1000,
    ),
    Question(
        "contact",
        Kind.CHOICE,
        N_("Contacts in the directory"),
        N_("How may other members contact you?"),
        choices=(
            ("bot", N_("Only via the bot")),
            ("username", N_("Show my Telegram username")),
            ("phone", N_("Show my phone number")),
        ),
    ),
    Question(
        "phone",
        Kind.PHONE,
        N_("Phone"),
        N_("Send your phone number, e.g. +7 900 123-45-67, or share your contact."),
        only_if=("contact", "phone"),
    ),
    Question(
        "consent",
        Kind.CONSENT,
        N_("Consent to data processing"),
        N_("Consent to the processing of personal data"),
        editable=False,
    ),
)

BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}

# Documents accepted as proof of a qualification, and their largest size (Telegram's
# download limit for bots).
DOCUMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
