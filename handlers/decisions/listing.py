"""/proposals (open, awaiting review, recent) and /pending (what awaits my stance), with a
button per proposal that brings its live card into the private chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.text import shorten
from bot.decisions.views import Overview
from bot.i18n import _
from handlers.decisions import texts
from handlers.decisions.buttons import CARD, FOLLOW, PENDING_PAGE, PROPOSALS_PAGE, REVIEW
from handlers.decisions.cards import show_card
from handlers.kit import pages
from handlers.kit.replies import pressed, reply

BUTTON_TITLE = 40


def _card_button(proposal_id: int, title: str) -> list[InlineKeyboardButton]:
    short = shorten(title, BUTTON_TITLE)
    return [InlineKeyboardButton(f"#{proposal_id} {short}", callback_data=CARD(proposal_id))]


Entry = tuple[str, list[InlineKeyboardButton]]
"""A proposal in the list, and its button (none for a section's heading)."""


def _entries(overview: Overview, context: BotContext) -> list[Entry]:
    zone = texts.local_zone(context.services)
    entries: list[Entry] = []
    if overview.open:
        entries.append((_("Open for decision:"), []))
        for proposal, group in overview.open:
            assert proposal.deadline is not None
            line = _("#{number} «{title}» — until {deadline}").format(
                number=proposal.id,
                title=proposal.title,
                deadline=texts.moment(proposal.deadline, zone),
            )
            if proposal.working_group_id is not None:
                line += f" · {texts.body_name(proposal, group)}"
            entries.append((line, _card_button(proposal.number, proposal.title)))
    if overview.waiting:
        entries.append(("\n" + _("Awaiting review:"), []))
        for proposal in overview.waiting:
            label = _("Review #{number}").format(number=proposal.id)
            button = InlineKeyboardButton(label, callback_data=REVIEW(proposal.number))
            entries.append((f"#{proposal.id} «{proposal.title}»", [button]))
    if overview.recent:
        entries.append(("\n" + _("Recently decided:"), []))
        entries += [
            (f"#{proposal.id} «{proposal.title}» — {texts.state_name(proposal.state)}", [])
            for proposal in overview.recent
        ]
    return entries


def overview_text(
    overview: Overview, context: BotContext, number: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of /proposals, with a button per proposal on it and the follow button."""
    entries = _entries(overview, context) or [
        (_("There are no proposals yet. Send /propose to make one."), [])
    ]
    shown = pages.page([text for text, _row in entries], number)
    rows = [entries[index][1] for index in shown.indices]
    follow = (
        _("Stop sending me new proposals")
        if overview.following
        else _("Send me every new proposal")
    )
    rows.append([InlineKeyboardButton(follow, callback_data=FOLLOW())])
    markup = pages.markup(shown, PROPOSALS_PAGE, rows)
    assert markup is not None
    return pages.page_text("", shown).strip("\n"), markup


async def list_proposals(update: Update, context: BotContext) -> None:
    overview = await context.services.decisions.listing.overview(context.me)
    text, markup = overview_text(overview, context)
    await reply(update, text, reply_markup=markup)


async def turn_page(update: Update, context: BotContext) -> None:
    """‹ › under /proposals: that page, in place."""
    (number,) = PROPOSALS_PAGE.decode(pressed(update).data)
    overview = await context.services.decisions.listing.overview(context.me)
    text, markup = overview_text(overview, context, number)
    await pages.show(update, text, markup, edit=True)


async def pending(update: Update, context: BotContext) -> None:
    """What awaits this member's stance, across the bodies they belong to."""
    await _show_pending(update, context, 0)


async def turn_pending(update: Update, context: BotContext) -> None:
    """‹ › under /pending: that page, in place."""
    (number,) = PENDING_PAGE.decode(pressed(update).data)
    await _show_pending(update, context, number)


async def _show_pending(update: Update, context: BotContext, number: int) -> None:
    waiting = await context.services.decisions.listing.pending_for(context.me)
    if not waiting:
        await reply(update, _("Nothing awaits your stance. Thank you!"))
        return
    rows = [_card_button(proposal.number, proposal.title) for proposal in waiting]
    shown = pages.page([row[0].text for row in rows], number)
    markup = pages.markup(shown, PENDING_PAGE, [rows[index] for index in shown.indices])
    text = pages.heading(_("These proposals await your stance:"), shown)
    await pages.show(update, text, markup, edit=update.callback_query is not None)


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
