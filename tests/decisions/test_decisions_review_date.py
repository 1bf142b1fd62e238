"""A review date opens a review of the decision, linked to it, and never duplicates the
plan item the decision made."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from models import PlanItem, Proposal, ProposalKind, ProposalState
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    decisions_bot,
    organiser_and_members,
)
from tests.decisions.test_decisions_plan import accept
from tests.support.jobs import run_jobs


async def test_review_date_opens_a_review_not_a_duplicate(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris = await organiser_and_members(telegram, 2)
        await anna.send("/propose")
        await anna.press("add a plan item")
        await anna.send("Library corner")
        await anna.send("Books for the day centre")
        await anna.press("Skip")
        await anna.press("Skip")
        await anna.press("Submit for review")
        await organiser.press("Open for 7 days")
        await accept(organiser, [organiser, anna, boris], chat)
        await organiser.press("Write the outcome")
        await organiser.send("The corner opens in January.")
        await organiser.send("15.01.2027")
        clock.now = START + timedelta(days=60)
        await run_jobs(telegram, "decisions.review.1")
        card = chat.last
        assert card.text.startswith("Proposal #2: Library corner")
        assert "Kind: review of a decision" in card.text
        assert "A review of decision #1: does it still hold?" in card.text
        await anna.send("/propose")
        assert not any("review" in label for row in anna.last.buttons for label in row)
        await accept(organiser, [organiser, anna, boris], chat)
        async with database.session() as session:
            items = list(await session.exec(select(PlanItem)))
            review = await session.get(Proposal, 2)
        assert [item.title for item in items] == ["Library corner"]  # no duplicate
        assert review is not None and review.kind is ProposalKind.REVIEW
        assert review.state is ProposalState.ACCEPTED and review.reopens_id == 1
        assert review.plan_item_id is None
