"""The questionnaire's draft: the answers so far and the question asked, kept in user_data
(JSON, persisted), so after a restart the person continues where they stopped."""

from __future__ import annotations

from typing import Any

from bot.context import BotContext
from bot.membership.questionnaire import next_question, question
from bot.membership.questions import Kind, Question

ANSWERING, SUMMARY = "answering", "summary"  # the dialogue's states
FORM = "mb_form"

Form = dict[str, Any]


def draft(context: BotContext) -> Form:
    """The draft: `mode` (apply or profile), `answers`, `current` (the question asked),
    `selected` (areas ticked so far), `referrer`."""
    assert context.user_data is not None
    return context.user_data.setdefault(FORM, {"mode": "apply", "answers": {}})


def start(context: BotContext, form: Form) -> None:
    assert context.user_data is not None
    context.user_data[FORM] = form


def drop(context: BotContext) -> Form:
    """Forget the draft; what it held."""
    assert context.user_data is not None
    return context.user_data.pop(FORM, {})


def current(context: BotContext) -> Question:
    """The question being answered."""
    form = draft(context)
    asked = question(form.get("current", ""))
    if asked is None:  # a draft from an older questionnaire: ask what is missing
        asked = next_question(form["answers"])
        assert asked is not None
        form["current"] = asked.key
    return asked


def reopen(form: Form, asked: Question) -> None:
    """Forget one answer so it is asked again (the areas start from the old choice)."""
    previous = form["answers"].pop(asked.key)
    if asked.kind is Kind.AREAS:
        form["selected"] = previous
