"""Stance buttons on the cards: Agree and Abstain at once; Disagree and Block ask for the
reason in private chat (a Block without one is not accepted); the reasons, one press away."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import TOO_LONG, clean
from bot.decisions.refusals import REASON_FOR_BLOCK, REASON_NEEDED
from bot.decisions.rules import REASON_MAX
from bot.decisions.views import StanceResult
from bot.i18n import _
from bot.outbox.notices import tell
from handlers.decisions import texts
from handlers.decisions.buttons import FULL_TEXT, REASONS, STANCE
from handlers.decisions.cards import refresh_soon
from handlers.decisions.states import REASON
from handlers.kit.pages import send_parts
from handlers.kit.replies import alert, refuse, reply
from models import StanceKind

PENDING = "dc_reason"


def _in_private(query: CallbackQuery) -> bool:
    return query.message is not None and query.message.chat.type == ChatType.PRIVATE


async def _recorded(context: BotContext, result: StanceResult, reason: str | None) -> None:
    """After a stance: pace the card edits; a new Block opens the discussion round."""
    proposal = result.proposal
    await refresh_soon(context.community, proposal.number)
    if result.blocked is None:
        return
    blocker = context.me.display_name
    await tell(
        context.community,
        result.blocked,
        lambda: (
            _(
                "{name} blocked your proposal #{number} «{title}»: {reason}\n\n"
                "A discussion round is open: you can amend the text (the stances are kept and "
                "everyone is told) or withdraw the proposal."
            ).format(name=blocker, number=proposal.id, title=proposal.title, reason=reason),
            InlineKeyboardMarkup([texts.author_buttons(proposal)]),
        ),
    )


async def press_stance(update: Update, context: BotContext) -> int | None:
    """A stance button (an entry of the decisions dialogue): Agree and Abstain are recorded
    at once, and the dialogue stays where it was; Disagree and Block ask for the reason."""
    query = update.callback_query
    assert query is not None
    proposal_id, kind = STANCE.decode(query.data)
    if kind.needs_reason:
        return await _ask_reason(query, context, proposal_id, kind)
    result = await context.services.decisions.proposals.take_stance(context.me, proposal_id, kind)
    pending = (context.user_data or {}).get(PENDING)
    if pending and int(pending["proposal"]) == proposal_id and context.user_data is not None:
        del context.user_data[PENDING]  # a reason asked before this press is no longer wanted
    await query.answer(_("Your stance: {stance}.").format(stance=texts.stance_name(kind)))
    await _recorded(context, result, None)
    return None


async def _ask_reason(
    query: CallbackQuery, context: BotContext, proposal_id: int, kind: StanceKind
) -> int:
    """Disagree or Block: the reason is asked in private chat."""
    assert context.user_data is not None
    proposals = context.services.decisions.proposals
    proposal = await proposals.may_take_stance(context.me, proposal_id)
    question = (
        _("Why do you block proposal #{number} «{title}»? A block needs a reason.")
        if kind is StanceKind.BLOCK
        else _("Why do you disagree with proposal #{number} «{title}»?")
    ).format(number=proposal.id, title=proposal.title)
    limit = _("Write it in one message, up to {n} characters (/cancel to stop).").format(
        n=REASON_MAX
    )
    try:
        await context.bot.send_message(
            context.me.telegram_id,
            question + "\n" + limit,
        )
    except Forbidden:
        await query.answer(
            _("Please start a private chat with me first, then press the button again."),
            show_alert=True,
        )
        return ConversationHandler.END
    context.user_data[PENDING] = {"proposal": proposal_id, "kind": kind.value}
    in_private = _in_private(query)
    await query.answer(None if in_private else _("I asked for your reason in our private chat."))
    return REASON


async def reason(update: Update, context: BotContext) -> int:
    """The reason for a Disagree or Block; too short → asked again."""
    assert update.message is not None and context.user_data is not None
    pending = context.user_data.get(PENDING)
    if not pending:
        await reply(
            update, _("I answer commands and buttons. Send /help to see what I can do for you.")
        )
        return ConversationHandler.END
    kind = StanceKind(pending["kind"])
    text = update.message.text
    proposals = context.services.decisions.proposals
    try:
        result = await proposals.take_stance(context.me, int(pending["proposal"]), kind, text)
    except Refused as refused:
        await refuse(update, refused)
        if refused.reason in (REASON_FOR_BLOCK, REASON_NEEDED, TOO_LONG):
            return REASON  # asked again
        context.user_data.pop(PENDING, None)
        return ConversationHandler.END
    context.user_data.pop(PENDING, None)
    await reply(
        update,
        _(
            "Your stance on proposal #{number}: {stance}. You can change it until the deadline."
        ).format(number=result.proposal.id, stance=texts.stance_name(kind)),
    )
    await _recorded(context, result, clean(text))
    return ConversationHandler.END


async def _privately(query: CallbackQuery, context: BotContext, text: str, sent: str) -> None:
    """A text for the presser, in parts in the private chat; `sent` says so in a group."""
    try:
        await send_parts(context.bot, context.me.telegram_id, text)
    except Forbidden:
        await query.answer(alert(text), show_alert=True)
        return
    await query.answer(None if _in_private(query) else sent)


async def show_reasons(update: Update, context: BotContext) -> None:
    """The reasons of Disagree and Block stances, sent privately to a member who may see
    the proposal (a working group's: its members and the community's coordinators)."""
    query = update.callback_query
    assert query is not None
    (proposal_id,) = REASONS.decode(query.data)
    card = await context.services.decisions.listing.shown(context.me, proposal_id)
    text = texts.reasons_text(card.proposal, card.stances)
    await _privately(query, context, text, _("I sent the reasons to you privately."))


async def show_full_text(update: Update, context: BotContext) -> None:
    """ "Read in full" under a shortened card: the whole card, privately, in parts."""
    query = update.callback_query
    assert query is not None
    (proposal_id,) = FULL_TEXT.decode(query.data)
    card = await context.services.decisions.listing.shown(context.me, proposal_id)
    text = texts.full_card_text(card, texts.local_zone(context.services))
    await _privately(query, context, text, _("I sent the full text to you privately."))
