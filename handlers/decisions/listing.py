"""/proposals (open, awaiting review, recent) and /pending (what awaits my stance), with a
button per proposal that brings its live card into the private chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import _
from handlers.decisions import callbacks, texts
from handlers.decisions.cards import send_private_card
from handlers.decisions.propose import review_markup, review_text
from handlers.decisions.runtime import runtime, zone
from handlers.kit.replies import reply, require_role
from models import CLOSED_STATES, Proposal, ProposalState, Role

RECENT = 10
BUTTON_TITLE = 40


def _card_button(proposal_id: int, title: str) -> list[InlineKeyboardButton]:
    short = title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1] + "…"
    return [InlineKeyboardButton(f"#{proposal_id} {short}", callback_data=f"dc:c:{proposal_id}")]


async def _visible(context: BotContext, proposals: list[Proposal]) -> list[Proposal]:
    """Those this person may see: a group's proposals only to its members (and coordinators)."""
    service = runtime(context.application).proposals
    return [proposal for proposal in proposals if await service.visible_to(proposal, context.me)]


@require_role(Role.MEMBER)
async def list_proposals(update: Update, context: BotContext) -> None:
    service = runtime(context.application).proposals
    where = zone(context.application)
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    open_ones = await _visible(context, await service.listing([ProposalState.OPEN]))
    if open_ones:
        lines.append(_("Open for decision:"))
        for proposal in open_ones:
            assert proposal.id is not None and proposal.deadline is not None
            line = _("#{number} «{title}» — until {deadline}").format(
                number=proposal.id,
                title=proposal.title,
                deadline=texts.moment(proposal.deadline, where),
            )
            if proposal.working_group_id is not None:
                group = await service.group_name(proposal)
                line += f" · {texts.body_name(proposal, group)}"
            lines.append(line)
            rows.append(_card_button(proposal.id, proposal.title))
    waiting = [
        proposal
        for proposal in await service.listing([ProposalState.SUBMITTED])
        if await service.may_review(context.me, proposal)
    ]
    if waiting:
        lines += ["", _("Awaiting review:")]
        for proposal in waiting:
            lines.append(f"#{proposal.id} «{proposal.title}»")
            rows.append(
                [
                    InlineKeyboardButton(
                        _("Review #{number}").format(number=proposal.id),
                        callback_data=f"dc:rv:{proposal.id}",
                    )
                ]
            )
    recent = await service.listing(sorted(CLOSED_STATES), limit=RECENT * 5)
    recent = (await _visible(context, recent))[:RECENT]
    if recent:
        lines += ["", _("Recently decided:")]
        lines += [
            f"#{proposal.id} «{proposal.title}» — {texts.state_name(proposal.state)}"
            for proposal in recent
        ]
    if not lines:
        lines.append(_("There are no proposals yet. Send /propose to make one."))
    following = await service.is_following(context.me)
    rows.append(
        [
            InlineKeyboardButton(
                _("Stop sending me new proposals")
                if following
                else _("Send me every new proposal"),
                callback_data="dc:f",
            )
        ]
    )
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


@require_role(Role.MEMBER)
async def pending(update: Update, context: BotContext) -> None:
    """What awaits this member's stance, across the bodies they belong to."""
    waiting = await runtime(context.application).proposals.pending_for(context.me)
    if not waiting:
        await reply(update, _("Nothing awaits your stance. Thank you!"))
        return
    rows = [_card_button(proposal.number, proposal.title) for proposal in waiting]
    await reply(
        update,
        _("These proposals await your stance:"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


@require_role(Role.MEMBER)
async def open_card(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    service = runtime(context.application).proposals
    number = callbacks.proposal_id(query.data, "c")
    proposal = None if number is None else await service.get(number)
    if (
        proposal is None
        or proposal.state in (ProposalState.SUBMITTED, ProposalState.RETURNED)
        or not await service.visible_to(proposal, context.me)
    ):
        await callbacks.stale(query)
        return
    await query.answer()
    await send_private_card(context.application, proposal, context.me)


@require_role(Role.MEMBER)
async def open_review(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    service = runtime(context.application).proposals
    number = callbacks.proposal_id(query.data, "rv")
    proposal = None if number is None else await service.get(number)
    if proposal is None or proposal.state is not ProposalState.SUBMITTED:
        await callbacks.stale(query)
        return
    if not await service.may_review(context.me, proposal):
        await callbacks.refuse(query, "not_reviewer")
        return
    proposer = await service.person(proposal.proposer_id)
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        review_text(
            proposal, proposer.display_name if proposer else "—", await service.group_name(proposal)
        ),
        reply_markup=review_markup(proposal),
    )


@require_role(Role.MEMBER)
async def toggle_following(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    service = runtime(context.application).proposals
    following = not await service.is_following(context.me)
    await service.set_following(context.me, following)
    await query.answer(
        _("You will get the card of every new proposal.")
        if following
        else _("You will no longer get new proposals privately.")
    )
