"""/proposals, following new proposals, /decision, and Telegram's errors on the way."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from models import Person, PersonStatus, Role
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    community,
    decisions_bot,
    open_proposal,
    organiser_and_members,
    propose,
)
from tests.support.jobs import run_jobs


async def test_proposals_list_review_button_and_following(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        organiser, anna, boris = await organiser_and_members(telegram, 2)
        await boris.send("/proposals")
        assert boris.last.text == "There are no proposals yet. Send /propose to make one."
        await boris.press("Send me every new proposal")
        assert boris.last_answer == "You will get the card of every new proposal."
        await propose(anna, title="Spring fair")
        await organiser.send("/proposals")
        assert "Awaiting review:\n#1 «Spring fair»" in organiser.last.text
        await boris.send("/proposals")
        assert "Awaiting review" not in boris.last.text  # members do not see the queue
        await organiser.press("Review #1", organiser.last)
        assert organiser.last.text.startswith("A new proposal from Anna awaits review")
        await organiser.press("Open for 14 days")
        private_card = boris.last
        assert private_card.text.startswith("Proposal #1: Spring fair")
        await boris.press("Agree", private_card)
        assert "Agree: 1" in boris.last.text and "Agree: 1" in community(telegram).last.text
        assert anna.messages[-1].text.startswith("Your proposal #1 «Spring fair» is open")
        await boris.send("/proposals")
        assert "Open for decision:\n#1 «Spring fair» — until" in boris.last.text
        await boris.press("Stop sending me new proposals")
        assert boris.last_answer == "You will no longer get new proposals privately."
        await boris.send("/decision")
        assert boris.last.text.startswith("Usage: /decision <number>")
        await boris.send("/decision 42")
        assert boris.last.text == "There is no such proposal."
        await anna.send("/decision 1")
        assert anna.last.buttons == [["Amend", "Withdraw"]]


async def test_blocked_and_never_started_people(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        await open_proposal(anna, organiser)
        telegram.server.block(2)  # Boris blocked the bot
        await boris.press("Disagree", chat.last)
        assert boris.last_answer == (
            "Please start a private chat with me first, then press the button again."
        )
        clock.now = START + timedelta(days=6)
        await run_jobs(telegram, "decisions.remind.1")
        assert vera.last.text.startswith("Your stance is awaited")  # the others still reached
        async with database.session() as session:
            person = (await session.exec(select(Person).where(Person.telegram_id == 2))).one()
        assert person.status is PersonStatus.UNREACHABLE
        assert person.role is Role.MEMBER


async def test_flood_control_on_card_edits_is_waited_out(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        await open_proposal(anna, organiser)
        telegram.server.flood(retry_after=1, method="editMessageText")
        await anna.press("Agree", chat.last)
        assert anna.last_answer == "Your stance: Agree."
        assert "Agree: 1" in chat.last.text
        attempts = telegram.server.calls_to("editMessageText")
        assert [call.ok for call in attempts][-2:] == [False, True]
