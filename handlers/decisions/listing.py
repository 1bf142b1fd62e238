"""/proposals (open, awaiting review, recent) and /pending (what awaits my stance), with a
button per proposal that brings its live card into the private chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.decisions.views import Overview
from bot.i18n import _
from handlers.decisions import texts
from handlers.decisions.buttons import CARD, FOLLOW, REVIEW
from handlers.decisions.cards import show_card
from handlers.kit.replies import reply

BUTTON_TITLE = 40


def _card_button(proposal_id: int, title: str) -> list[InlineKeyboardButton]:
    short = title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1] + "…"
    return [InlineKeyboardButton(f"#{proposal_id} {short}", callback_data=CARD(proposal_id))]


def overview_text(overview: Overview, context: BotContext) -> tuple[str, InlineKeyboardMarkup]:
    zone = texts.local_zone(context.services)
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    if overview.open:
        lines.append(_("Open for decision:"))
        for proposal, group in overview.open:
            assert proposal.deadline is not None
            line = _("#{number} «{title}» — until {deadline}").format(
                number=proposal.id,
                title=proposal.title,
                deadline=texts.moment(proposal.deadline, zone),
            )
            if proposal.working_group_id is not None:
                line += f" · {texts.body_name(proposal, group)}"
            lines.append(line)
            rows.append(_card_button(proposal.number, proposal.title))
    if overview.waiting:
        lines += ["", _("Awaiting review:")]
        for proposal in overview.waiting:
            lines.append(f"#{proposal.id} «{proposal.title}»")
            label = _("Review #{number}").format(number=proposal.id)
            rows.append([InlineKeyboardButton(label, callback_data=REVIEW(proposal.number))])
    if overview.recent:
        lines += ["", _("Recently decided:")]
        lines += [
            f"#{proposal.id} «{proposal.title}» — {texts.state_name(proposal.state)}"
            for proposal in overview.recent
        ]
    if not lines:
        lines.append(_("There are no proposals yet. Send /propose to make one."))
    follow = (
        _("Stop sending me new proposals")
        if overview.following
        else _("Send me every new proposal")
    )
    rows.append([InlineKeyboardButton(follow, callback_data=FOLLOW())])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def list_proposals(update: Update, context: BotContext) -> None:
    overview = await context.services.decisions.listing.overview(context.me)
    text, markup = overview_text(overview, context)
    await reply(update, text, reply_markup=markup)


async def pending(update: Update, context: BotContext) -> None:
    """What awaits this member's stance, across the bodies they belong to."""
    waiting = await context.services.decisions.listing.pending_for(context.me)
    if not waiting:
        await reply(update, _("Nothing awaits your stance. Thank you!"))
        return
    rows = [_card_button(proposal.number, proposal.title) for proposal in waiting]
    await reply(
        update,
        _("These proposals await your stance:"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def open_card(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    (proposal_id,) = CARD.decode(query.data)
    card = await context.services.decisions.listing.shown(context.me, proposal_id)
    await query.answer()
    await show_card(context.community, card, context.me)


async def toggle_following(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    following = await context.services.decisions.cards.toggle_following(context.me)
    await query.answer(
        _("You will get the card of every new proposal.")
        if following
        else _("You will no longer get new proposals privately.")
    )
