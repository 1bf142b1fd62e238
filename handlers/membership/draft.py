"""The questionnaire's draft: the answers so far and the question asked, kept in user_data
(JSON, persisted), so after a restart the person continues where they stopped. Kept only for
the dialogue: every step stamps it, and a daily job drops drafts abandoned for
`DRAFT_DAYS` (`bot.membership.drafts`), with the dialogue's stored state."""

from __future__ import annotations

from datetime import time
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.i18n import ngettext
from bot.membership.drafts import DRAFT_DAYS
from bot.membership.questionnaire import next_question, question
from bot.membership.questions import Kind, Question
from handlers.kit.replies import refuse
from handlers.kit.setup import Callback, Setup

ANSWERING, SUMMARY = "answering", "summary"  # the dialogue's states
CONVERSATION = "membership_apply"  # the dialogue's name (its stored states)
FORM = "mb_form"
SWEEP_JOB = "membership.drafts"
SWEEP_AT = time(3, 30)  # local time, every day

Form = dict[str, Any]


def draft(context: BotContext) -> Form:
    """The draft: `mode` (apply or profile), `answers`, `current` (the question asked),
    `selected` (areas ticked so far), `referrer`."""
    assert context.user_data is not None
    return context.user_data.setdefault(FORM, {"mode": "apply", "answers": {}})


def start(context: BotContext, form: Form) -> None:
    assert context.user_data is not None
    context.services.membership.drafts.touch(form)
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


def step(callback: Callback) -> Callback:
    """A step of the dialogue: it stamps the draft; once the draft is gone (abandoned and
    dropped, or erased) the person is told so and the dialogue ends."""

    @wraps(callback)
    async def stamped(update: Update, context: BotContext) -> Any:
        assert context.user_data is not None
        form = context.user_data.get(FORM)
        if form is None:
            text = ngettext(
                "Your unfinished questionnaire is no longer kept: answers are deleted after "
                "{n} day without a reply. Send /apply to start again.",
                "Your unfinished questionnaire is no longer kept: answers are deleted after "
                "{n} days without a reply. Send /apply to start again.",
                DRAFT_DAYS,
            )
            await refuse(update, text)
            return ConversationHandler.END
        context.services.membership.drafts.touch(form)
        return await callback(update, context)

    return stamped


async def drop_abandoned(context: BotContext) -> None:
    """The daily job: drafts without a step for DRAFT_DAYS are deleted, and the stored state
    of their dialogues with them."""
    application = context.application
    forms = {user_id: data[FORM] for user_id, data in application.user_data.items() if FORM in data}
    abandoned = context.services.membership.drafts.abandoned(forms)
    for user_id in abandoned:
        del application.user_data[user_id][FORM]
    application.mark_data_for_update_persistence(user_ids=list(forms))
    await application.update_persistence()
    if application.persistence is not None:
        for user_id in abandoned:  # a private chat's dialogue: (chat id, user id)
            await application.persistence.update_conversation(
                CONVERSATION, (user_id, user_id), None
            )


def schedule_sweep(setup: Setup) -> None:
    """Every day (the job queue is built anew at each start, so a restart keeps one job)."""
    job_queue = setup.application.job_queue
    assert job_queue is not None
    zone = ZoneInfo(setup.services.settings.timezone)
    job_queue.run_daily(drop_abandoned, SWEEP_AT.replace(tzinfo=zone), name=SWEEP_JOB)
