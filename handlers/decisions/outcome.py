"""The written outcome of a closed decision: a reviewer writes a few sentences and, if the
question should come back, a review date; the outcome is posted to the body's chat and
shown on the card."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.decisions.rules import DESCRIPTION_MAX
from bot.i18n import _, use_locale
from handlers.decisions import texts
from handlers.decisions.buttons import OUTCOME, SKIP
from handlers.decisions.cards import refresh_now
from handlers.decisions.lifecycle import schedule
from handlers.decisions.states import OUTCOME as OUTCOME_STEP
from handlers.decisions.states import REVIEW_DATE
from handlers.decisions.steps import (
    PRIVATE_TEXT,
    ask_future_day,
    skip_markup,
    text_step,
    written,
)
from handlers.kit.days import parse_day
from handlers.kit.replies import refuse, reply
from handlers.kit.setup import Setup
from models import Proposal

WRITING = "dc_outcome"
REVIEW_HOUR = time(10, 0)


async def ask_outcome(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (proposal_id,) = OUTCOME.decode(query.data)
    closing = context.services.decisions.closing
    proposal = await closing.may_write_outcome(context.me, proposal_id)
    context.user_data[WRITING] = {"proposal": proposal.id}
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("The written outcome of proposal #{number}, in a few sentences:").format(
            number=proposal.id
        ),
    )
    return OUTCOME_STEP


async def outcome(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    text = await written(update, DESCRIPTION_MAX)
    if text is None:
        return OUTCOME_STEP
    context.user_data.setdefault(WRITING, {})["text"] = text
    await reply(
        update,
        _("Should the question come back for review? A date as DD.MM.YYYY, or press Skip."),
        reply_markup=skip_markup(),
    )
    return REVIEW_DATE


async def review_date(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    value = parse_day(update.message.text)
    zone = texts.local_zone(context.services)
    moment = None if value is None else datetime.combine(value, REVIEW_HOUR, tzinfo=zone)
    if moment is None or moment <= context.services.decisions.clock():
        await ask_future_day(update)
        return REVIEW_DATE
    return await _record(update, context, moment)


async def skip_review(update: Update, context: BotContext) -> int:
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await _record(update, context, None)


async def _record(update: Update, context: BotContext, review: datetime | None) -> int:
    assert context.user_data is not None
    pending = context.user_data.pop(WRITING, {})
    decisions = context.services.decisions
    try:
        proposal = await decisions.closing.record_outcome(
            context.me, int(pending.get("proposal", 0)), str(pending.get("text", "")), review
        )
    except Refused as refused:
        await refuse(update, refused)
        return ConversationHandler.END
    await reply(update, _("The outcome of proposal #{number} is saved.").format(number=proposal.id))
    schedule(context.community, proposal)
    await refresh_now(context.community, proposal.number)
    chat_id = await decisions.bodies.chat_of(proposal)
    if chat_id is not None:
        with use_locale(context.services.settings.default_locale):
            text = outcome_text(proposal, context)
        await context.bot.send_message(chat_id, text)
    return ConversationHandler.END


def outcome_text(proposal: Proposal, context: BotContext) -> str:
    lines = [
        _("Outcome of proposal #{number} «{title}» ({state}):").format(
            number=proposal.id, title=proposal.title, state=texts.state_name(proposal.state)
        ),
        proposal.outcome or "",
    ]
    if proposal.review_at is not None:
        lines.append(
            _("The question comes back for review on {date}.").format(
                date=texts.moment(proposal.review_at, texts.local_zone(context.services))
            )
        )
    return "\n".join(lines)


def states(setup: Setup) -> dict[object, list[Any]]:
    return {
        OUTCOME_STEP: text_step(MessageHandler(PRIVATE_TEXT, outcome)),
        REVIEW_DATE: text_step(
            MessageHandler(PRIVATE_TEXT, review_date), setup.button_handler(SKIP, skip_review)
        ),
    }
