"""Review: every reviewer of a submitted proposal gets it with buttons to open it for
decision (3, 7 or 14 days) or to send it back with a comment; the first action counts."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import fit_lines
from bot.decisions.refusals import EMPTY
from bot.decisions.rules import DESCRIPTION_MAX, REVIEW_DAYS
from bot.i18n import _, ngettext
from bot.outbox.notices import tell
from handlers.decisions import texts
from handlers.decisions.buttons import OPEN, REVIEW, SEND_BACK
from handlers.decisions.lifecycle import opened
from handlers.decisions.states import RETURN_COMMENT
from handlers.decisions.steps import PRIVATE_TEXT, text_step, written
from handlers.kit.replies import refuse, reply
from models import Proposal

SENDING_BACK = "dc_back"


def review_markup(proposal: Proposal) -> InlineKeyboardMarkup:
    opens = [
        InlineKeyboardButton(
            ngettext("Open for {n} day", "Open for {n} days", days),
            callback_data=OPEN(proposal.number, days),
        )
        for days in REVIEW_DAYS
    ]
    back = InlineKeyboardButton(_("Send back"), callback_data=SEND_BACK(proposal.number))
    return InlineKeyboardMarkup([[opens[1]], [opens[0], opens[2]], [back]])


def review_text(proposal: Proposal, proposer: str, group: str | None = None) -> str:
    """The proposal for its reviewers: with the longest names and fields its text gives way."""
    lines = [
        _("A new proposal from {name} awaits review:").format(name=proposer),
        "",
        *texts.summary(proposal, group),
    ]
    return fit_lines(lines, [texts.text_line(lines, proposal)])


async def send_for_review(context: BotContext, proposal: Proposal) -> None:
    """Every coordinator and organiser, and the group's coordinator for a group's proposal,
    gets the proposal with the review buttons."""
    bodies = context.services.decisions.bodies
    group = await bodies.group_name(proposal)
    for reviewer in await bodies.reviewers(proposal):
        await tell(
            context.community,
            reviewer,
            lambda: (
                review_text(proposal, context.me.display_name, group),
                review_markup(proposal),
            ),
        )


async def open_review(update: Update, context: BotContext) -> None:
    """*Review #N* under /proposals: the proposal with its review buttons, privately."""
    query = update.callback_query
    assert query is not None
    (proposal_id,) = REVIEW.decode(query.data)
    decisions = context.services.decisions
    proposal = await decisions.proposals.to_review(context.me, proposal_id, submitted=True)
    proposer = await decisions.bodies.person(proposal.proposer_id)
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        review_text(
            proposal,
            proposer.display_name if proposer else "—",
            await decisions.bodies.group_name(proposal),
        ),
        reply_markup=review_markup(proposal),
    )


async def open_for_decision(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    proposal_id, days = OPEN.decode(query.data)
    proposal = await context.services.decisions.proposals.open(context.me, proposal_id, days=days)
    await query.answer()
    await query.edit_message_text(
        ngettext(
            "Proposal #{number} is open for decision for {n} day.",
            "Proposal #{number} is open for decision for {n} days.",
            days,
            number=proposal.id,
        )
    )
    await opened(context.community, proposal)


async def ask_return_comment(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (proposal_id,) = SEND_BACK.decode(query.data)
    await context.services.decisions.proposals.to_review(context.me, proposal_id)
    context.user_data[SENDING_BACK] = proposal_id
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("What should the author change in proposal #{number}? Your comment:").format(
            number=proposal_id
        )
        + "\n"
        + _("Up to {n} characters.").format(n=DESCRIPTION_MAX),
    )
    return RETURN_COMMENT


async def return_comment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    decisions = context.services.decisions
    comment = await written(update, DESCRIPTION_MAX)
    if comment is None:
        return RETURN_COMMENT  # asked again
    number = int(context.user_data.pop(SENDING_BACK, 0))
    try:
        proposal = await decisions.proposals.send_back(context.me, number, comment)
    except Refused as refused:
        await refuse(update, refused)
        if refused.reason == EMPTY:
            context.user_data[SENDING_BACK] = number
            return RETURN_COMMENT  # asked again
        return ConversationHandler.END
    await reply(update, _("Proposal #{number} is sent back to its author.").format(number=number))
    proposer = await decisions.bodies.person(proposal.proposer_id)
    if proposer is not None:
        await tell(
            context.community,
            proposer,
            lambda: (
                _(
                    "Your proposal #{number} «{title}» was sent back with a comment:\n{comment}\n\n"
                    "You can send an improved one with /propose."
                ).format(number=proposal.id, title=proposal.title, comment=proposal.review_comment),
                None,
            ),
        )
    return ConversationHandler.END


def states() -> dict[object, list[Any]]:
    return {RETURN_COMMENT: text_step(MessageHandler(PRIVATE_TEXT, return_comment))}
