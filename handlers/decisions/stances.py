"""Stance buttons on the cards: Agree and Abstain at once; Disagree and Block ask for the
reason in private chat (a Block without one is not accepted); the reasons, one press away."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.decisions.rules import StanceError
from bot.decisions.service import DecisionError, StanceResult
from bot.i18n import _
from bot.outbox.notices import tell
from handlers.decisions import callbacks, texts
from handlers.decisions.cards import refresh_soon
from handlers.decisions.runtime import runtime
from handlers.decisions.states import REASON
from handlers.kit.replies import reply
from models import Role, StanceKind

PENDING = "dc_reason"
SIMPLE_PATTERN = r"^dc:s:\d+:[an]$"
WITH_REASON_PATTERN = r"^dc:s:\d+:[db]$"


def _parse_stance(data: str | None) -> tuple[int, StanceKind] | None:
    arguments = callbacks.parse(data, "s", 2)
    number = None if arguments is None else callbacks.as_id(arguments[0])
    if arguments is None or number is None or arguments[1] not in texts.STANCE_CODES:
        return None
    return number, texts.STANCE_CODES[arguments[1]]


async def _recorded(context: BotContext, result: StanceResult, reason: str | None) -> None:
    """After a stance: pace the card edits; a new Block opens the discussion round."""
    proposal = result.proposal
    assert proposal.id is not None
    await refresh_soon(context.application, proposal.id)
    if result.kind is not StanceKind.BLOCK or result.previous is StanceKind.BLOCK:
        return
    proposer = await runtime(context.application).proposals.person(proposal.proposer_id)
    if proposer is None or proposer.id == context.me.id:
        return
    blocker = context.me.display_name
    await tell(
        context.application,
        proposer,
        lambda: (
            _(
                "{name} blocked your proposal #{number} «{title}»: {reason}\n\n"
                "A discussion round is open: you can amend the text (the stances are kept and "
                "everyone is told) or withdraw the proposal."
            ).format(name=blocker, number=proposal.id, title=proposal.title, reason=reason),
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(_("Amend"), callback_data=f"dc:am:{proposal.id}"),
                        InlineKeyboardButton(_("Withdraw"), callback_data=f"dc:wd:{proposal.id}"),
                    ]
                ]
            ),
        ),
    )


async def simple_stance(update: Update, context: BotContext) -> None:
    """Agree or Abstain: recorded at once (or the reason why not)."""
    query = update.callback_query
    assert query is not None
    parsed = _parse_stance(query.data)
    if parsed is None:
        await callbacks.stale(query)
        return
    proposal_id, kind = parsed
    try:
        result = await runtime(context.application).proposals.take_stance(
            context.me, proposal_id, kind
        )
    except DecisionError as error:
        await callbacks.refuse(query, error.code)
        return
    pending = (context.user_data or {}).get(PENDING)
    if pending and int(pending["proposal"]) == proposal_id and context.user_data is not None:
        del context.user_data[PENDING]  # a reason asked before this press is no longer wanted
    await query.answer(_("Your stance: {stance}.").format(stance=texts.stance_name(kind)))
    await _recorded(context, result, None)


async def ask_reason(update: Update, context: BotContext) -> int:
    """Disagree or Block: the reason is asked in private chat."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    parsed = _parse_stance(query.data)
    if parsed is None:
        await callbacks.stale(query)
        return ConversationHandler.END
    proposal_id, kind = parsed
    try:
        proposal = await runtime(context.application).proposals.may_take_stance(
            context.me, proposal_id
        )
    except DecisionError as error:
        await callbacks.refuse(query, error.code)
        return ConversationHandler.END
    question = (
        _("Why do you block proposal #{number} «{title}»? A block needs a reason.")
        if kind is StanceKind.BLOCK
        else _("Why do you disagree with proposal #{number} «{title}»?")
    ).format(number=proposal.id, title=proposal.title)
    try:
        await context.bot.send_message(
            context.me.telegram_id,
            question + "\n" + _("Write it in one message (/cancel to stop)."),
        )
    except Forbidden:
        await query.answer(
            _("Please start a private chat with me first, then press the button again."),
            show_alert=True,
        )
        return ConversationHandler.END
    context.user_data[PENDING] = {"proposal": proposal_id, "kind": kind.value}
    in_private = query.message is not None and query.message.chat.type == ChatType.PRIVATE
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
    try:
        result = await runtime(context.application).proposals.take_stance(
            context.me, int(pending["proposal"]), kind, update.message.text
        )
    except StanceError:
        await reply(
            update,
            _("A block is not accepted without a reason. Please write your reason:")
            if kind is StanceKind.BLOCK
            else _("Please write your reason in a few words:"),
        )
        return REASON
    except DecisionError as error:
        context.user_data.pop(PENDING, None)
        await reply(update, texts.refusal(error.code))
        return ConversationHandler.END
    context.user_data.pop(PENDING, None)
    await reply(
        update,
        _(
            "Your stance on proposal #{number}: {stance}. You can change it until the deadline."
        ).format(number=result.proposal.id, stance=texts.stance_name(kind)),
    )
    await _recorded(context, result, (update.message.text or "").strip())
    return ConversationHandler.END


async def show_reasons(update: Update, context: BotContext) -> None:
    """The reasons of Disagree and Block stances, sent privately to a member who asks."""
    query = update.callback_query
    assert query is not None
    number = callbacks.proposal_id(query.data, "r")
    service = runtime(context.application).proposals
    proposal = None if number is None else await service.get(number)
    if proposal is None:
        await callbacks.stale(query)
        return
    if not context.me.role.at_least(Role.MEMBER):
        await query.answer(texts.refusal("not_member"), show_alert=True)
        return
    text = texts.reasons_text(proposal, await service.stances(proposal))
    try:
        for part in texts.chunks(text):
            await context.bot.send_message(context.me.telegram_id, part)
    except Forbidden:
        await query.answer(text[:200], show_alert=True)
        return
    in_private = query.message is not None and query.message.chat.type == ChatType.PRIVATE
    await query.answer(None if in_private else _("I sent the reasons to you privately."))


REASON_STATES = {
    REASON: [
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, reason),
    ]
}
