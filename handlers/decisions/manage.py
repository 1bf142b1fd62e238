"""/decision <number>: a proposal's card and what this person may do with it — the author
amends or withdraws during the discussion round, a reviewer closes early (when everyone
took a stance) or writes the outcome once it is closed (`outcome`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.decisions.refusals import NO_SUCH_PROPOSAL
from bot.decisions.rules import DESCRIPTION_MAX
from bot.i18n import _
from bot.outbox.notices import Rendered, tell
from handlers.decisions import texts
from handlers.decisions.buttons import AMEND, CLOSE, OUTCOME, WITHDRAW
from handlers.decisions.cards import refresh_soon, show_card
from handlers.decisions.lifecycle import closed
from handlers.decisions.states import AMEND as AMEND_STEP
from handlers.decisions.steps import PRIVATE_TEXT, as_number, text_step, written
from handlers.kit.replies import refuse, reply
from models import Proposal, ProposalState, StanceKind

AMENDING = "dc_amend"


def _actions(
    proposal: Proposal, mine: bool, reviews: bool, closable: bool
) -> list[list[InlineKeyboardButton]]:
    """The author's and the reviewer's buttons for the proposal in its current state
    (*Close now* only when closing would accept it)."""
    number = proposal.number
    rows = []
    if proposal.state is ProposalState.OPEN and mine:
        rows.append(texts.author_buttons(proposal))
    if reviews and closable:
        rows.append([InlineKeyboardButton(_("Close now"), callback_data=CLOSE(number))])
    elif reviews and proposal.state.closed:
        rows.append([InlineKeyboardButton(_("Write the outcome"), callback_data=OUTCOME(number))])
    return rows


async def show_decision(update: Update, context: BotContext) -> None:
    """/decision <number>: the live card privately, then the actions allowed to this person."""
    arguments = context.args or []
    number = as_number(arguments[0]) if len(arguments) == 1 else None
    if number is None:
        await reply(update, _("Usage: /decision <number>, e.g. /decision 3. See /proposals."))
        return
    decisions = context.services.decisions
    card = await decisions.listing.shown(context.me, number, missing=NO_SUCH_PROPOSAL)
    await show_card(context.community, card, context.me)
    proposal = card.proposal
    reviews = await decisions.bodies.may_review(context.me, proposal)
    closable = reviews and await decisions.closing.may_close_early(proposal)
    rows = _actions(proposal, proposal.proposer_id == context.me.id, reviews, closable)
    if rows:
        await context.bot.send_message(
            context.me.telegram_id,
            _("What would you like to do with proposal #{number}?").format(number=proposal.id),
            reply_markup=InlineKeyboardMarkup(rows),
        )


async def ask_amendment(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (proposal_id,) = AMEND.decode(query.data)
    proposal = await context.services.decisions.proposals.of_proposer(context.me, proposal_id)
    context.user_data[AMENDING] = proposal.id
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("The current text:\n{text}\n\nWrite the new text (up to {n} characters):").format(
            text=proposal.description, n=DESCRIPTION_MAX
        ),
    )
    return AMEND_STEP


async def amendment(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    proposals = context.services.decisions.proposals
    number = int(context.user_data.get(AMENDING, 0))
    text = await written(update, DESCRIPTION_MAX)
    if text is None:
        return AMEND_STEP
    context.user_data.pop(AMENDING, None)
    try:
        proposal = await proposals.amend(context.me, number, text)
    except Refused as refused:
        await refuse(update, refused)
        return ConversationHandler.END
    await reply(
        update,
        _("Proposal #{number} is amended; everyone who took a stance is told.").format(
            number=number
        ),
    )
    for person, stance in await context.services.decisions.stances.takers(proposal):
        if person.id != context.me.id:
            await tell(context.community, person, _amended(proposal, stance))
    await refresh_soon(context.community, number)
    return ConversationHandler.END


def _amended(proposal: Proposal, stance: StanceKind) -> Callable[[], Rendered]:
    """The notice to someone who took a stance on the amended proposal."""

    def render() -> Rendered:
        text = _(
            "Proposal #{number} «{title}» was amended by its author:\n{text}\n\n"
            "Your stance ({stance}) is kept; you can revise it until the deadline."
        ).format(
            number=proposal.id,
            title=proposal.title,
            text=proposal.description,
            stance=texts.stance_name(stance),
        )
        return text, texts.card_button(proposal)

    return render


async def withdraw(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    (proposal_id,) = WITHDRAW.decode(query.data)
    proposal = await context.services.decisions.proposals.withdraw(context.me, proposal_id)
    await query.answer(_("The proposal is withdrawn."))
    await closed(context.community, proposal)


async def close_early(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    (proposal_id,) = CLOSE.decode(query.data)
    proposal = await context.services.decisions.closing.close_early(context.me, proposal_id)
    await query.answer(texts.state_name(proposal.state))
    await closed(context.community, proposal)


def states() -> dict[object, list[Any]]:
    return {AMEND_STEP: text_step(MessageHandler(PRIVATE_TEXT, amendment))}
