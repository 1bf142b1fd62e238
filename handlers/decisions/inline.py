"""Inline mode: `@bot plan` offers the open plan items, `@bot <words>` open proposals and plan
items matching the words, as cards to share in any chat. Members only."""

from __future__ import annotations

from datetime import date

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update

from bot.context import BotContext
from bot.core.text import MESSAGE, shorten
from bot.decisions.listing import matches
from bot.decisions.plan import RankedItem
from handlers.decisions import texts
from handlers.decisions.plan_view import item_line, status_name
from models import Role

PLAN_WORDS = {"plan", "план"}
MAX_RESULTS = 20


async def inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    assert query is not None
    if context.person is None or not context.person.role.at_least(Role.MEMBER):
        await query.answer([], cache_time=0, is_personal=True)
        return
    words = query.query.lower().split()
    only_plan = bool(words) and words[0] in PLAN_WORDS
    if only_plan:
        words = words[1:]
    decisions = context.services.decisions
    zone = texts.local_zone(context.services)
    results: list[InlineQueryResultArticle] = []
    for card in [] if only_plan else await decisions.listing.open_cards(context.person, words):
        proposal = card.proposal
        results.append(
            InlineQueryResultArticle(
                id=f"p{proposal.id}",
                title=texts.summary(proposal)[0],
                description=proposal.description[:100],
                input_message_content=InputTextMessageContent(texts.card_text(card, zone)),
            )
        )
    for row in await decisions.plan.ranked():
        item = row.item
        if not item.status.open or not matches(words, item.title, item.description):
            continue
        results.append(
            InlineQueryResultArticle(
                id=f"i{item.id}",
                title=f"#{item.id} {item.title}",
                description=item.description[:100],
                input_message_content=InputTextMessageContent(_item_card(row)),
            )
        )
    await query.answer(results[:MAX_RESULTS], cache_time=0, is_personal=True)


def _item_card(row: RankedItem) -> str:
    """A plan item as shared: its line, its status and what it is about."""
    text = f"{item_line(row, date.min)}\n{status_name(row.item.status)}"
    return shorten(text, MESSAGE)
