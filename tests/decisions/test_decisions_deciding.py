"""Deciding: blocks and amendments, quorum and extension, outsiders and forged buttons,
restarts in the middle, a burst of stances, early closing and the review date."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from itertools import pairwise

from sqlmodel import select

from bot.db import Database
from models import Person, Proposal, ProposalState, Role, Stance, StanceKind
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    community,
    decisions_bot,
    open_proposal,
    organiser_and_members,
    restored,
)
from tests.support.harness import ORGANISER_ID
from tests.support.jobs import job_count, run_jobs
from tests.support.people import member


async def stances_by_telegram_id(database: Database) -> dict[int, tuple[StanceKind, str | None]]:
    async with database.session() as session:
        rows = await session.exec(select(Stance, Person).where(Stance.person_id == Person.id))
        return {person.telegram_id: (stance.kind, stance.reason) for stance, person in rows}


async def proposal(database: Database, number: int = 1) -> Proposal:
    async with database.session() as session:
        found = await session.get(Proposal, number)
        assert found is not None
        return found


async def test_block_needs_a_reason_then_amendment_and_revision(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris = await organiser_and_members(telegram, 2)
        await open_proposal(anna, organiser)
        card = chat.last
        await anna.press("Agree", card)
        await boris.press("Block", card)
        assert boris.last.text.startswith("Why do you block proposal #1 «Quiet hours»?")
        await boris.send("no")
        assert (
            boris.last.text == "A block is not accepted without a reason. Please write your reason:"
        )
        assert 2 not in await stances_by_telegram_id(database)
        await boris.send("It breaks our charter")
        assert (await stances_by_telegram_id(database))[2] == (
            StanceKind.BLOCK,
            "It breaks our charter",
        )
        assert "Blocked by: Boris" in chat.last.text
        await boris.press("Reasons (1)", chat.last)
        assert boris.last.text == ("Reasons on proposal #1:\nBlock — Boris: It breaks our charter")
        assert anna.last.text.startswith("Boris blocked your proposal #1 «Quiet hours»")
        await anna.press("Amend")
        await anna.send("No messages after 23:00, except emergencies")
        assert anna.last.text.startswith("Proposal #1 is amended")
        assert boris.last.text.startswith("Proposal #1 «Quiet hours» was amended by its author")
        assert "Your stance (Block) is kept" in boris.last.text
        assert "(amended 1 time)" in chat.last.text
        assert (await stances_by_telegram_id(database))[2][0] is StanceKind.BLOCK
        await boris.press("Agree", chat.last)
        assert "Blocked by" not in chat.last.text
        await boris.press_data("dc:am:1", anna.last)  # not his proposal
        assert boris.last_answer == "Only the author of the proposal can do this."


async def test_a_press_after_the_reason_question_wins(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        organiser, anna = await organiser_and_members(telegram, 1)
        await open_proposal(anna, organiser)
        await organiser.press("Disagree", community(telegram).last)
        await organiser.press("Agree", community(telegram).last)
        await organiser.send("Some text that is no longer a reason")
        assert organiser.last.text.startswith("I answer commands and buttons.")
        assert (await stances_by_telegram_id(database))[ORGANISER_ID] == (StanceKind.AGREE, None)


async def test_withdraw_after_a_block(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        organiser, anna, boris = await organiser_and_members(telegram, 2)
        await open_proposal(anna, organiser)
        await boris.press("Block", community(telegram).last)
        await boris.send("Not now, please")
        await anna.press("Withdraw")
        assert anna.last_answer == "The proposal is withdrawn."
        assert (await proposal(database)).state is ProposalState.WITHDRAWN
        assert community(telegram).last.text.startswith(
            "Decision on proposal #1 «Quiet hours»: withdrawn by the author."
        )
        assert job_count(telegram, "decisions.close.1") == 0


async def test_no_quorum_extension_then_no_quorum(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        await open_proposal(anna, organiser)
        await anna.press("Agree", chat.last)
        deadline = START + timedelta(days=7)

        clock.now = deadline - timedelta(hours=24)
        before = len(anna.messages)
        assert len(await run_jobs(telegram, "decisions.remind.1")) == 1
        assert boris.last.text.startswith("Your stance is awaited on proposal #1")
        assert vera.last.text.startswith("Your stance is awaited on proposal #1")
        assert len(anna.messages) == before  # she took a stance: not reminded
        boris_seen = len(boris.messages)
        await harness.restart()
        await restored(telegram)
        assert job_count(telegram, "decisions.remind.1") == 0  # already sent: not again
        assert job_count(telegram, "decisions.close.1") == 1

        clock.now = deadline
        await run_jobs(telegram, "decisions.close.1")
        assert (await proposal(database)).extended
        assert (await proposal(database)).state is ProposalState.OPEN
        assert "extended once" in chat.messages[0].text
        assert len(boris.messages) == boris_seen + 1
        assert boris.last.text.startswith("Your stance is awaited on proposal #1")
        assert job_count(telegram, "decisions.close.1") == 1

        clock.now = deadline + timedelta(days=3)
        await run_jobs(telegram, "decisions.close.1")
        assert (await proposal(database)).state is ProposalState.NO_QUORUM
        assert chat.last.text.startswith(
            "Decision on proposal #1 «Quiet hours»: closed: no quorum."
        )
        assert len(await run_jobs(telegram, "decisions.close.1")) == 0


async def test_outsider_press_and_forged_buttons_record_nothing(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        guest = await member(telegram, 9, "Guest", role=Role.APPLICANT, language="en")
        await open_proposal(anna, organiser)
        card = chat.last
        await guest.press("Agree", card)
        assert guest.last_answer.startswith("Only members of the body that decides")
        await guest.press("Block", card)
        assert guest.last_answer.startswith("Only members of the body that decides")
        assert guest.last.text.startswith("Language: English")  # not asked for a reason
        forgeries = ("dc:s:999:a", "dc:s:1:z", "dc:s:x:a", "dc:c:77", "dc:r:1:2", "dc:c:-1")
        for forged in (*forgeries, "dc:s:99999999999999999999:a", "dc:pp:1:up"):
            await anna.press_data(forged, card)
            assert anna.last_answer == "This button is no longer active.", forged
        await anna.press_data("dc:o:1:5", card)
        assert anna.last_answer.startswith("Only the group's coordinator or a coordinator")
        await organiser.press_data("dc:o:1:5", card)
        assert organiser.last_answer == "This button is no longer active."
        await organiser.press_data("dc:o:1:7", card)  # already open
        assert organiser.last_answer == "This proposal has already moved on; nothing was changed."
        await anna.send("/decision 99999999999999999999")
        assert anna.last.text.startswith("Usage: /decision <number>")
        await anna.press_data("dc:end:1", card)
        assert anna.last_answer == "Only a coordinator or an organiser can do this."
        assert await stances_by_telegram_id(database) == {}
        assert (await proposal(database)).state is ProposalState.OPEN


async def test_restart_in_the_middle(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris = await organiser_and_members(telegram, 2)
        await open_proposal(anna, organiser)
        await anna.press("Agree", chat.last)
        await boris.press("Disagree", chat.last)
        await harness.restart()
        await boris.send("The budget is not clear")  # the question survived the restart
        assert (await stances_by_telegram_id(database))[2] == (
            StanceKind.DISAGREE,
            "The budget is not clear",
        )
        await restored(telegram)
        await restored(telegram)  # twice: still one job of each
        assert job_count(telegram, "decisions.close.1") == 1
        assert job_count(telegram, "decisions.remind.1") == 1

        clock.now = START + timedelta(days=8)  # the bot was down at the deadline
        await harness.restart()
        for _attempt in range(50):  # the restore job runs right after the start
            if (await proposal(database)).state is not ProposalState.OPEN:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)
        assert (await proposal(database)).state is ProposalState.REJECTED  # 1 of 2 agree
        await run_jobs(telegram, "decisions.close.1")
        await harness.restart()
        await asyncio.sleep(0.05)
        outcomes = [text for text in chat.texts if text.startswith("Decision on proposal #1")]
        assert len(outcomes) == 1


async def test_burst_of_stances_edits_the_card_a_bounded_number_of_times(
    database: Database,
) -> None:
    async with decisions_bot(database, Clock(), card_interval=3.0) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        voters = range(1000, 1200)
        async with database.session() as session:
            for number in voters:
                session.add(Person(telegram_id=number, first_name=f"M{number}", role=Role.MEMBER))
        await open_proposal(anna, organiser)
        card = chat.last
        edits_before = len(telegram.server.calls_to("editMessageText"))
        started = time.monotonic()
        for number in voters:
            voter = telegram.user(number, f"M{number}", language_code="en")
            await voter.press("Agree", card)
        elapsed = time.monotonic() - started
        for _job in range(2):  # the sweep still pending after the burst, if any
            await run_jobs(telegram, "decisions.card.1")
        card_edits = [
            call.at
            for call in telegram.server.calls_to("editMessageText")[edits_before:]
            if int(call.params["chat_id"]) == chat.chat_id
        ]
        # One edit at the first stance, then at most one per interval, plus the two sweeps
        # run by hand (a stance still being handled as the first runs schedules the second).
        assert len(card_edits) <= 3 + int(elapsed / 3.0)
        # Paced by the job's schedule; the server stamps arrival, which a loaded machine
        # can delay by a fraction of the interval.
        assert all(
            later - earlier >= 2.0
            for earlier, later in pairwise(card_edits[:-2])  # the last ones ran early, by hand
        )
        assert "Agree: 200 · Abstain: 0" in chat.messages[0].text
        assert "Stances: 200 of 202" in chat.messages[0].text
        assert len(await stances_by_telegram_id(database)) == 200


async def test_close_early_and_review_date_reopens(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        await open_proposal(anna, organiser)
        await anna.press("Agree", chat.last)
        await organiser.send("/decision 1")
        await organiser.press("Close now")
        assert organiser.last_answer == (
            "You can close early only when every member of the body has taken a stance."
        )
        await organiser.press("Disagree", chat.last)
        await organiser.send("Let us wait for the budget")
        await organiser.send("/decision 1")
        await organiser.press("Close now")
        assert (await proposal(database)).state is ProposalState.REJECTED  # 1 of 2 agree
        await organiser.press("Write the outcome")
        await organiser.send("We come back to it after the budget.")
        await organiser.send("01.01.2026")
        assert organiser.last.text.startswith("Please write a future date")
        await organiser.send("15.01.2027")
        assert "comes back for review on 15.01.2027 10:00" in chat.last.text
        assert job_count(telegram, "decisions.review.1") == 1
        await harness.restart()
        await restored(telegram)
        assert job_count(telegram, "decisions.review.1") == 1
        clock.now = START + timedelta(days=60)
        await run_jobs(telegram, "decisions.review.1")
        again = await proposal(database, 2)
        assert again.state is ProposalState.OPEN and again.reopens_id == 1
        assert chat.last.text.startswith("Proposal #2: Quiet hours")
        assert job_count(telegram, "decisions.close.2") == 1
        await anna.send("/proposals")
        assert "#2 «Quiet hours» — until" in anna.last.text
        assert "#1 «Quiet hours» — not accepted: too little agreement" in anna.last.text
