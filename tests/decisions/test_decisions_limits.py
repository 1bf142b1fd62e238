"""Decisions within Telegram's limits: a card that grows with a long text, reasons and an
outcome stays one message (shortened, with the rest a press away), typed texts have their
maximum, and the lists that grow are pages."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.decisions.rules import DESCRIPTION_MAX, REASON_MAX, TITLE_MAX
from models import Person, PlanItem, Proposal, Role, Stance
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    decisions_bot,
    open_proposal,
    organiser_and_members,
    propose,
)
from tests.support.jobs import run_jobs
from tests.support.limits import EMOJI, beyond_limits, sent_texts, utf16
from tests.support.people import member

LONG_TEXT = (EMOJI + " ") * (DESCRIPTION_MAX // 3)  # 3,000 UTF-16 code units, 2,000 characters


async def test_a_long_card_is_cut_with_the_rest_a_press_away(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        assert utf16(LONG_TEXT.strip()) == DESCRIPTION_MAX - 1
        await open_proposal(anna, organiser, title="T" * TITLE_MAX, text=LONG_TEXT.strip() + "!")
        card = chat.last
        # Boris is asked for his reason; Vera disagrees meanwhile; Anna agrees in between.
        await boris.press("Block", card)
        await vera.press("Disagree", card)
        await anna.press("Agree", card)
        await boris.send("b" * REASON_MAX)
        await vera.send("v" * (REASON_MAX + 1))
        assert vera.last.text == f"That is too long (1001 characters); the limit is {REASON_MAX}."
        await vera.send(EMOJI * (REASON_MAX // 2))  # 1,000 code units: at the limit
        await organiser.press("Abstain", chat.last)
        stances = await _stances(database)
        assert stances == {
            anna.id: None,
            boris.id: "b" * REASON_MAX,
            vera.id: EMOJI * (REASON_MAX // 2),
            organiser.id: None,
        }
        clock.now = START + timedelta(days=8)  # not accepted: it closes at its deadline
        await run_jobs(telegram, "decisions.close.1")
        await organiser.press("Write the outcome")
        await organiser.send("o" * (DESCRIPTION_MAX + 1))
        assert organiser.last.text == f"Please write from 1 to {DESCRIPTION_MAX} characters."
        await organiser.send("The outcome. " + "o" * (DESCRIPTION_MAX - 13))
        await organiser.press("Skip")

        assert beyond_limits(telegram) == []
        card = chat.messages[0]
        assert card.edited and utf16(card.text) <= 4096
        assert "…" in card.text and "Outcome: The outcome." in card.text
        assert card.buttons[-1] == ["Read in full"]
        before = len(sent_texts(telegram, vera.id))
        await vera.press("Read in full", card)
        assert vera.last_answer == "I sent the full text to you privately."
        parts = sent_texts(telegram, vera.id)[before:]
        assert len(parts) == 2
        full = "\n".join(parts)
        assert LONG_TEXT.strip() + "!" in full and "o" * (DESCRIPTION_MAX - 13) in full
        assert beyond_limits(telegram) == []


async def test_the_full_text_only_for_those_who_may_see_the_card(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        await open_proposal(anna, organiser)
        outsider = await member(telegram, 50, "Applicant", language="en", role=Role.APPLICANT)
        await outsider.press_data("dc:t:1", chat.last)
        assert outsider.last_answer is not None and outsider.last_answer.startswith("This is for")
        await anna.press_data("dc:t:99", chat.last)
        assert anna.last_answer == "This button is no longer active."


async def test_typed_texts_of_a_proposal_at_their_limits(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, _chat = bot_and_community(harness)
        _organiser, anna = await organiser_and_members(telegram, 1)
        await anna.send("/propose")
        await anna.press("a rule or norm")
        await anna.send(EMOJI * (TITLE_MAX // 2) + "x")  # 201 code units, 101 characters
        assert anna.last.text == f"Please write from 1 to {TITLE_MAX} characters."
        await anna.send("\u202eQuiet \u2066hours\u2069")  # bidirectional controls go
        await anna.send("y" * (DESCRIPTION_MAX + 1))
        assert anna.last.text == f"Please write from 1 to {DESCRIPTION_MAX} characters."
        await anna.send("y" * DESCRIPTION_MAX)
        await anna.press("Skip")
        await anna.press("Skip")
        await anna.press("Submit for review")
        async with database.session() as session:
            stored = (await session.exec(select(Proposal))).one()
        assert (stored.title, stored.description) == ("Quiet hours", "y" * DESCRIPTION_MAX)
        assert beyond_limits(telegram) == []


async def test_a_poll_measures_its_question_as_telegram(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        _organiser, anna = await organiser_and_members(telegram, 1)
        await anna.send(f"/poll {EMOJI * 151} | yes | no", chat=chat)  # 302 code units
        assert chat.last.text.startswith("Usage: /poll")
        await anna.send(f"/poll {EMOJI * 150} | {'a' * 100} | no", chat=chat)
        assert telegram.server.calls_to("sendPoll")
        assert beyond_limits(telegram) == []


async def test_long_lists_of_proposals_and_plan_items_are_pages(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, _chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        async with database.session() as session:
            for number in range(25):
                session.add(
                    PlanItem(
                        title=f"Item {number:02d} " + "t" * 190,
                        description="d",
                        responsible="r" * 200,
                        progress="p" * 1000,
                    )
                )
        await anna.send("/plan")
        first = anna.last
        assert first.text.startswith("The action plan:\nPage 1 of 13.")
        assert [button["text"] for button in first.flat_buttons] == ["›"]
        seen = _item_numbers(first.text)
        while "›" in [button["text"] for button in anna.last.flat_buttons]:
            await anna.press("›", anna.last)
            assert anna.last.message_id == first.message_id  # turned in place
            seen += _item_numbers(anna.last.text)
        assert seen == list(range(1, 26))
        await anna.press("‹", anna.last)
        assert anna.last.edited and "Page " in anna.last.text

        await anna.send("/priorities")
        assert len(anna.last.flat_buttons) == 2 * 10 + 1  # ten items, then ›
        await anna.press("›", anna.last)
        await anna.press("+ #15", anna.last)
        assert "Points left: 2." in anna.last.text and "+ #15" in str(anna.last.buttons)
        for _proposal in range(12):
            await open_proposal(anna, organiser, title="P" * TITLE_MAX)
        await anna.send("/pending")
        assert len(anna.last.flat_buttons) == 10 + 1
        await anna.press("›", anna.last)
        assert len(anna.last.flat_buttons) == 2 + 1  # the last two, then ‹
        await anna.send("/proposals")
        assert anna.last.text.startswith("Page 1 of 2.\nOpen for decision:")
        assert beyond_limits(telegram) == []


def _item_numbers(text: str) -> list[int]:
    return [int(line[1:].split()[0]) for line in text.splitlines() if line.startswith("#")]


async def _stances(database: Database) -> dict[int, str | None]:
    """Each person's reason by Telegram id (None without one)."""
    async with database.session() as session:
        rows = await session.exec(select(Stance, Person).where(Stance.person_id == Person.id))
        return {person.telegram_id: stance.reason for stance, person in rows}


async def test_a_comment_and_a_progress_note_at_their_limits(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        await propose(anna)
        await organiser.press("Send back")
        await organiser.send(EMOJI * (DESCRIPTION_MAX // 2) + ".")  # one code unit over
        assert organiser.last.text == f"Please write from 1 to {DESCRIPTION_MAX} characters."
        await organiser.send("c" * DESCRIPTION_MAX)
        assert organiser.last.text == "Proposal #1 is sent back to its author."
        assert "c" * DESCRIPTION_MAX in anna.last.text
        async with database.session() as session:
            session.add(PlanItem(title="Spring fair", description="d"))
        await organiser.send("/progress 1 " + EMOJI * 500 + "!")
        assert organiser.last.text == "That is too long (1001 characters); the limit is 1000."
        await organiser.send("/progress 1 " + EMOJI * 500)
        assert organiser.last.text == "Plan item #1 is now: in progress."
        assert chat.last.text.endswith(EMOJI * 500)
        assert beyond_limits(telegram) == []
