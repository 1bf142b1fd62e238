"""Decisions end to end through the local Bot API: propose, review, stances, outcome."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from models import Proposal, ProposalState, Role, Stance, StanceKind
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    community,
    decisions_bot,
    organiser_and_members,
    propose,
)
from tests.support.harness import ORGANISER_ID
from tests.support.jobs import run_jobs
from tests.support.people import member


async def stances_of(database: Database) -> dict[int, tuple[StanceKind, str | None]]:
    async with database.session() as session:
        rows = await session.exec(select(Stance))
        return {row.person_id: (row.kind, row.reason) for row in rows}


async def proposal_state(database: Database, number: int = 1) -> ProposalState:
    async with database.session() as session:
        proposal = await session.get(Proposal, number)
        assert proposal is not None
        return proposal.state


async def test_full_decision_to_consensus(database: Database) -> None:
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)

        await propose(anna)
        assert anna.last.text.startswith("Proposal #1 is sent for review.")
        review = organiser.last_with_buttons()
        assert "A new proposal from Anna awaits review" in review.text
        assert "Quiet hours" in review.text
        await organiser.press("Open for 7 days", review)
        assert organiser.messages[-1].text.startswith("Proposal #1 is open for decision")
        assert anna.last.text.startswith("Your proposal #1 «Quiet hours» is open for decision")
        card = chat.last
        assert card.text.startswith("Proposal #1: Quiet hours")
        assert card.buttons == [["Agree", "Abstain"], ["Disagree", "Block"]]

        await anna.press("Agree", card)
        assert anna.last_answer == "Your stance: Agree."
        await boris.press("Disagree", card)
        assert boris.last_answer == "I asked for your reason in our private chat."
        assert boris.last.text.startswith("Why do you disagree with proposal #1")
        await boris.send("Too early to decide")
        assert boris.last.text.startswith("Your stance on proposal #1: Disagree.")
        assert "Reasons (1)" in chat.last.buttons[-1]
        await vera.press("Abstain", chat.last)
        await boris.press("Agree", chat.last)  # changes his stance
        stances = await stances_of(database)
        assert sorted(kind for kind, _reason in stances.values()) == [
            StanceKind.ABSTAIN,
            StanceKind.AGREE,
            StanceKind.AGREE,
        ]
        assert "Agree: 2 · Abstain: 1 · Disagree: 0 · Block: 0" in chat.last.text
        assert "Stances: 3 of 4 (quorum 2)." in chat.last.text

        await organiser.send("/pending")
        assert organiser.last.text == "These proposals await your stance:"
        await organiser.press("#1 Quiet hours")
        assert organiser.last.text.startswith("Proposal #1: Quiet hours")
        await anna.send("/pending")
        assert anna.last.text == "Nothing awaits your stance. Thank you!"

        clock.now = START + timedelta(days=7)
        assert len(await run_jobs(telegram, "decisions.close.1")) == 1
        assert await proposal_state(database) is ProposalState.ACCEPTED
        outcome = chat.last
        assert outcome.text.startswith(
            "Decision on proposal #1 «Quiet hours»: accepted by consensus."
        )
        assert "• Anna" in outcome.text and "• Vera" in outcome.text
        card_now = chat.messages[0]
        assert card_now.buttons == [] and "State: accepted by consensus" in card_now.text
        await boris.press_data("dc:s:1:a", card)  # a stale button of the closed card
        assert boris.last_answer == "This proposal is not open for decision."

        await organiser.press("Write the outcome")
        await organiser.send("Quiet hours from 22:00 to 8:00.")
        await organiser.press("Skip")
        assert organiser.last.text == "The outcome of proposal #1 is saved."
        assert chat.last.text.startswith("Outcome of proposal #1 «Quiet hours»")
        assert "Outcome: Quiet hours from 22:00 to 8:00." in chat.messages[0].text


async def test_send_back_with_a_comment(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        organiser, anna = await organiser_and_members(telegram, 1)
        await anna.send("/propose")
        await anna.press("add a plan item")
        await anna.send("x" * 201)
        assert anna.last.text == "Please write from 1 to 200 characters."
        await anna.send("Spring fair")
        await anna.send("In May")
        await anna.send("@anna")  # responsible people are chosen from the list
        assert (
            anna.last.text == "Please write numbers from the list, from 1 to 2, or press a member."
        )
        await anna.send("2")
        assert anna.last.button("✓ 2. Anna")
        await anna.press("Done")
        await anna.send("31.02.2027")
        assert anna.last.text.startswith("Please write a future date")
        await anna.send("01.05.2027")
        assert "Due: 01.05.2027" in anna.last.text
        assert "Responsible: Anna" in anna.last.text
        await anna.press("Submit for review")
        await organiser.press("Send back")
        await organiser.send("Please add the budget.")
        assert organiser.last.text == "Proposal #1 is sent back to its author."
        assert "Please add the budget." in anna.last.text
        assert await proposal_state(database) is ProposalState.RETURNED
        await organiser.press("Open for 7 days", organiser.messages[-3])
        assert organiser.last_answer == "This proposal has already moved on; nothing was changed."
        await anna.send("/propose")
        await anna.send("/cancel")
        assert anna.last.text == "Stopped; nothing was changed."


async def test_applicant_cannot_propose_and_group_use_is_redirected(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        guest = await member(telegram, 5, "Guest", role=Role.APPLICANT, language="en")
        await guest.send("/propose")
        assert guest.last.text.startswith("This is for a member or above")
        anna = await member(telegram, 1, "Anna", language="en")
        await anna.send("/propose", chat=community(telegram))
        assert community(telegram).last.text == "Please send /propose to me in a private chat."


async def test_russian_card_and_notifications(database: Database) -> None:
    """The community speaks Russian: the card is in Russian; each person is told in theirs."""
    async with decisions_bot(database, Clock(), locale="ru") as harness:
        telegram, chat = bot_and_community(harness)
        organiser = await member(telegram, ORGANISER_ID, "Ольга")
        anna = await member(telegram, 1, "Анна")
        bob = await member(telegram, 2, "Bob", language="en")
        await anna.send("/propose")
        await anna.press("правило или норма")
        await anna.send("Тишина")
        await anna.send("После 22:00 не пишем")
        await anna.press("Пропустить")
        await anna.press("Пропустить")
        await anna.press("Отправить на рассмотрение")
        assert organiser.last.text.startswith("Новое предложение от Анна ждёт рассмотрения")
        await organiser.press("Открыть на 7 дней")
        assert organiser.last.text == "Предложение №1 открыто для решения на 7 дней."
        card = chat.last
        assert card.text.startswith("Предложение №1: Тишина\nВид: правило или норма")
        assert card.buttons == [["Согласен", "Воздерживаюсь"], ["Не согласен", "Блокирую"]]
        await bob.press("Блокирую", card)
        assert bob.last.text.startswith("Why do you block proposal #1 «Тишина»?")
        await bob.send("It is too strict")
        assert "Блокируют: Bob" in chat.last.text
        assert anna.last.text.startswith("Bob блокирует ваше предложение №1 «Тишина»")
        await anna.press("Изменить текст")
        await anna.send("После 23:00 не пишем")
        assert "(изменено 1 раз)" in chat.last.text
        assert bob.last.text.startswith("Proposal #1 «Тишина» was amended by its author")
