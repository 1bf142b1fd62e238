"""How a question of the questionnaire is put: its text and its buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import regions
from bot.i18n import _, current_locale
from bot.membership.areas import Areas
from bot.membership.questionnaire import DONE, SKIP
from bot.membership.questions import CONSENT_TEXT, MISSION_TEXT, OTHER, Kind, Question
from handlers.membership.buttons import ANSWER


def button(label: str, key: str, value: str) -> InlineKeyboardButton:
    """A button that answers question `key` with `value`."""
    return InlineKeyboardButton(label, callback_data=ANSWER(key, value))


async def question_keyboard(
    areas: Areas, asked: Question, selected: list[str]
) -> InlineKeyboardMarkup | None:
    """The buttons under a question (the areas show which are `selected`)."""
    key = asked.key
    if asked.kind is Kind.REGION:
        return InlineKeyboardMarkup(
            [[button(regions.OTHER.name(current_locale()), key, regions.OTHER.code)]]
        )
    if asked.kind is Kind.AREAS:
        options = [(area.code, area.name(current_locale())) for area in await areas.offered()]
        options.append((OTHER, _("Other")))
        rows = [
            [button(("✅ " if code in selected else "") + name, key, code)]
            for code, name in options
        ]
        rows.append([button(_("Done"), key, DONE)])
        return InlineKeyboardMarkup(rows)
    if asked.kind is Kind.FILE:
        return InlineKeyboardMarkup([[button(_("Skip"), key, SKIP)]])
    if asked.kind is Kind.AGREE:
        return InlineKeyboardMarkup(
            [[button(_("Yes, I share it"), key, "yes"), button(_("No"), key, "no")]]
        )
    if asked.kind is Kind.CONSENT:
        return InlineKeyboardMarkup(
            [[button(_("I consent"), key, "yes"), button(_("I do not consent"), key, "no")]]
        )
    if asked.kind is Kind.CHOICE:
        return InlineKeyboardMarkup(
            [[button(_(label), key, value)] for value, label in asked.choices]
        )
    return None


def question_text(asked: Question) -> str:
    if asked.kind is Kind.AGREE:
        return f"{_(MISSION_TEXT)}\n\n{_(asked.prompt)}"
    if asked.kind is Kind.CONSENT:
        return f"{_(CONSENT_TEXT)}\n\n{_(asked.prompt)}"
    return _(asked.prompt)
