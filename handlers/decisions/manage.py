"""/decision <number>: a proposal's card and what this person may do with it — the author
amends or withdraws during the discussion round, a coordinator closes early (when everyone
took a stance) and writes the outcome with an optional review date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.people import PersonView
from bot.decisions.service import DESCRIPTION_MAX, DecisionError
from bot.i18n import _, use_locale
from bot.outbox.notices import tell
from handlers.decisions import callbacks, texts
from handlers.decisions.cards import refresh_now, refresh_soon, send_private_card
from handlers.decisions.lifecycle import closed, schedule
from handlers.decisions.propose import PRIVATE_OTHER, PRIVATE_TEXT, not_text, parse_day
from handlers.decisions.runtime import runtime, services, zone
from handlers.decisions.states import AMEND, OUTCOME, REVIEW_DATE
from handlers.kit.replies import reply, require_role
from models import Proposal, ProposalState, Role

REVIEW_HOUR = time(10, 0)


async def _actions(proposal: Proposal, context: BotContext) -> list[list[InlineKeyboardButton]]:
    me = context.me
    rows = []
    if proposal.state is ProposalState.OPEN and proposal.proposer_id == me.id:
        rows.append(
            [
                InlineKeyboardButton(_("Amend"), callback_data=f"dc:am:{proposal.id}"),
                InlineKeyboardButton(_("Withdraw"), callback_data=f"dc:wd:{proposal.id}"),
            ]
        )
    if await runtime(context.application).proposals.may_review(me, proposal):
        if proposal.state is ProposalState.OPEN:
            rows.append(
                [InlineKeyboardButton(_("Close now"), callback_data=f"dc:end:{proposal.id}")]
            )
        elif proposal.state.closed:
            rows.append(
                [
                    InlineKeyboardButton(
                        _("Write the outcome"), callback_data=f"dc:out:{proposal.id}"
                    )
                ]
            )
    return rows


@require_role(Role.MEMBER)
async def show_decision(update: Update, context: BotContext) -> None:
    """/decision <number>: the live card privately, then the actions allowed to this person."""
    arguments = context.args or []
    number = callbacks.as_id(arguments[0]) if len(arguments) == 1 else None
    if number is None:
        await reply(update, _("Usage: /decision <number>, e.g. /decision 3. See /proposals."))
        return
    service = runtime(context.application).proposals
    proposal = await service.get(number)
    if (
        proposal is None
        or proposal.state in (ProposalState.SUBMITTED, ProposalState.RETURNED)
        or not await service.visible_to(proposal, context.me)
    ):
        await reply(update, texts.refusal("unknown"))
        return
    await send_private_card(context.application, proposal, context.me)
    rows = await _actions(proposal, context)
    if rows:
        await context.bot.send_message(
            context.me.telegram_id,
            _("What would you like to do with proposal #{number}?").format(number=proposal.id),
            reply_markup=InlineKeyboardMarkup(rows),
        )


async def _proposal_of(update: Update, context: BotContext, action: str) -> Proposal | None:
    query = update.callback_query
    assert query is not None
    number = callbacks.proposal_id(query.data, action)
    proposal = None if number is None else await runtime(context.application).proposals.get(number)
    if proposal is None:
        await callbacks.stale(query)
    return proposal


async def ask_amendment(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    proposal = await _proposal_of(update, context, "am")
    if proposal is None:
        return ConversationHandler.END
    if proposal.proposer_id != context.me.id or proposal.state is not ProposalState.OPEN:
        code = "not_proposer" if proposal.proposer_id != context.me.id else "not_open"
        await query.answer(texts.refusal(code), show_alert=True)
        return ConversationHandler.END
    context.user_data["dc_amend"] = proposal.id
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("The current text:\n{text}\n\nWrite the new text (up to {n} characters):").format(
            text=proposal.description, n=DESCRIPTION_MAX
        ),
    )
    return AMEND


async def amendment(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    service = runtime(context.application).proposals
    number = int(context.user_data.pop("dc_amend", 0))
    if len(update.message.text) > DESCRIPTION_MAX:
        context.user_data["dc_amend"] = number
        await reply(update, _("Please write from 1 to {n} characters.").format(n=DESCRIPTION_MAX))
        return AMEND
    try:
        proposal = await service.amend(context.me, number, update.message.text)
    except DecisionError as error:
        await reply(update, texts.refusal(error.code))
        return ConversationHandler.END
    await reply(
        update,
        _("Proposal #{number} is amended; everyone who took a stance is told.").format(
            number=number
        ),
    )
    for line in await service.stances(proposal):
        person = await service.person(line.person_id)
        if person is None or person.id == context.me.id:
            continue
        await tell(
            context.application,
            person,
            lambda line=line: (
                _(
                    "Proposal #{number} «{title}» was amended by its author:\n{text}\n\n"
                    "Your stance ({stance}) is kept; you can revise it until the deadline."
                ).format(
                    number=proposal.id,
                    title=proposal.title,
                    text=proposal.description,
                    stance=texts.stance_name(line.kind),
                ),
                InlineKeyboardMarkup(
                    [[InlineKeyboardButton(_("Open the card"), callback_data=f"dc:c:{number}")]]
                ),
            ),
        )
    await refresh_soon(context.application, number)
    return ConversationHandler.END


async def withdraw(update: Update, context: BotContext) -> None:
    await _end(
        update,
        context,
        "wd",
        runtime(context.application).proposals.withdraw,
        lambda _proposal: _("The proposal is withdrawn."),
    )


@require_role(Role.MEMBER)
async def close_early(update: Update, context: BotContext) -> None:
    await _end(
        update,
        context,
        "end",
        runtime(context.application).proposals.close_early,
        lambda proposal: texts.state_name(proposal.state),
    )


async def _end(
    update: Update,
    context: BotContext,
    action: str,
    end: Callable[[PersonView, int], Awaitable[Proposal]],
    answer: Callable[[Proposal], str],
) -> None:
    """End the pressed button's proposal with `end`; the press is answered with `answer` (or
    the refusal), and the proposal's closing follows."""
    query = update.callback_query
    assert query is not None
    proposal = await _proposal_of(update, context, action)
    if proposal is None:
        return
    try:
        proposal = await end(context.me, proposal.number)
    except DecisionError as error:
        await callbacks.refuse(query, error.code)
        return
    await query.answer(answer(proposal))
    await closed(context.application, proposal)


@require_role(Role.MEMBER)
async def ask_outcome(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    proposal = await _proposal_of(update, context, "out")
    if proposal is None:
        return ConversationHandler.END
    if not await runtime(context.application).proposals.may_review(context.me, proposal):
        await callbacks.refuse(query, "not_coordinator")
        return ConversationHandler.END
    if not proposal.state.closed:
        await query.answer(texts.refusal("not_closed"), show_alert=True)
        return ConversationHandler.END
    context.user_data["dc_outcome"] = {"proposal": proposal.id}
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("The written outcome of proposal #{number}, in a few sentences:").format(
            number=proposal.id
        ),
    )
    return OUTCOME


async def outcome(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    text = update.message.text.strip()
    if not text or len(text) > DESCRIPTION_MAX:
        await reply(update, _("Please write from 1 to {n} characters.").format(n=DESCRIPTION_MAX))
        return OUTCOME
    context.user_data.setdefault("dc_outcome", {})["text"] = text
    await reply(
        update,
        _("Should the question come back for review? A date as DD.MM.YYYY, or press Skip."),
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(_("Skip"), callback_data="dc:skip")]]
        ),
    )
    return REVIEW_DATE


async def review_date(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    value = parse_day(update.message.text)
    service = runtime(context.application).proposals
    if value is None:
        await reply(update, _("Please write a future date as DD.MM.YYYY, e.g. 31.12.2027."))
        return REVIEW_DATE
    moment = datetime.combine(value, REVIEW_HOUR, tzinfo=zone(context.application))
    if moment <= service.clock():
        await reply(update, _("Please write a future date as DD.MM.YYYY, e.g. 31.12.2027."))
        return REVIEW_DATE
    return await _record_outcome(update, context, moment)


async def skip_review(update: Update, context: BotContext) -> int:
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await _record_outcome(update, context, None)


async def _record_outcome(update: Update, context: BotContext, review: datetime | None) -> int:
    assert context.user_data is not None
    pending = context.user_data.pop("dc_outcome", {})
    service = runtime(context.application).proposals
    try:
        proposal = await service.record_outcome(
            context.me, int(pending.get("proposal", 0)), str(pending.get("text", "")), review
        )
    except DecisionError as error:
        await reply(update, texts.refusal(error.code))
        return ConversationHandler.END
    await reply(update, _("The outcome of proposal #{number} is saved.").format(number=proposal.id))
    schedule(context.application, proposal)
    await refresh_now(context.application, proposal.number)
    chat_id = await service.chat_of(proposal)
    if chat_id is not None:
        with use_locale(services(context.application).settings.default_locale):
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
                date=texts.moment(proposal.review_at, zone(context.application))
            )
        )
    return "\n".join(lines)


def states() -> dict[object, list]:
    return {
        AMEND: [MessageHandler(PRIVATE_TEXT, amendment), MessageHandler(PRIVATE_OTHER, not_text)],
        OUTCOME: [MessageHandler(PRIVATE_TEXT, outcome), MessageHandler(PRIVATE_OTHER, not_text)],
        REVIEW_DATE: [
            MessageHandler(PRIVATE_TEXT, review_date),
            CallbackQueryHandler(skip_review, pattern=callbacks.pattern("skip")),
            MessageHandler(PRIVATE_OTHER, not_text),
        ],
    }
