"""Consultations end to end through the local Bot API: ask, offers, accept, relay, close."""

from __future__ import annotations

from datetime import timedelta

from bot.db import Database
from bot.localapi import LocalTelegram
from models import (
    Consultation,
    ConsultationStatus,
    OfferStatus,
    utcnow,
)
from tests.support.consultations import (
    SWEEP,
    ask,
    consultation,
    member,
    offer_states,
    offers,
)
from tests.support.jobs import wait_for_job


async def test_question_goes_to_the_right_peers_and_is_talked_through(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna", ("legal",))
    boris = await member(telegram, 2, "Boris", ("legal",))
    clara = await member(telegram, 3, "Clara", ("legal",))
    dmitry = await member(telegram, 4, "Dmitry", ("grants",))
    eva = await member(telegram, 5, "Eva", ("legal", "grants"))
    fedor = await member(telegram, 6, "Fedor", ("legal",))
    await clara.send("/available")
    await clara.press("Switch off")
    assert clara.last.text.startswith("You are not available for consultations now")

    await ask(anna, "Can volunteers sign contracts?")
    assert anna.last.text.startswith("Your question #1 has been offered to peers")
    for peer in (boris, eva, fedor):
        text = offers(peer)[-1]
        assert "Can volunteers sign contracts?" in text
        assert "From: a member who prefers not to give their name" in text
        assert "Anna" not in text
        assert peer.last.buttons == [["Accept", "Decline"]]
    for outsider in (anna, clara, dmitry):
        assert offers(outsider) == []

    await eva.press("Accept")
    assert "You accepted this request" in eva.last.text
    assert eva.last.buttons == [["Exchange contacts", "Close"]]
    for peer in (boris, fedor):
        assert peer.last.text == "Request #1 has been taken by another peer. Thank you!"
        assert peer.last.buttons == []
    assert anna.last.text.startswith("Eva accepted your question #1.")
    assert (await offer_states(database)) == {
        2: OfferStatus.WITHDRAWN,
        5: OfferStatus.ACCEPTED,
        6: OfferStatus.WITHDRAWN,
    }

    await anna.send("We have 12 volunteers.")
    assert eva.last.text == "#1 · the asker:\nWe have 12 volunteers."
    await eva.send("Yes, a civil contract works.")
    assert anna.last.text == "#1 · expert Eva:\nYes, a civil contract works."
    await anna.send_file(b"%PDF draft", file_name="draft.pdf", caption="Our draft")
    assert eva.last.text == "#1 · the asker:\nOur draft"
    assert "document" in eva.last.raw

    await eva.press("Exchange contacts")
    assert anna.last.text == "The other side of consultation #1 would like to exchange contacts."
    await anna.press("Exchange contacts")
    assert anna.last.text == "Consultation #1: the contact of Eva is tg://user?id=5"
    assert eva.last.text == "Consultation #1: the contact of Anna is tg://user?id=1"

    await anna.press("Close", anna.messages[-4])
    assert eva.last.text == "Consultation #1 was closed by the other side."
    assert anna.last.text.startswith("You closed consultation #1.\nHow helpful was Eva?")
    await anna.press("5")
    assert anna.last.text.startswith("Would you like to thank the expert publicly?")
    await anna.send("Eva explained everything in ten minutes.")
    assert anna.last.text == "Thank you, your recommendation is published."
    row = await consultation(database)
    assert (row.status, row.rating) == (ConsultationStatus.CLOSED, 5)
    assert row.expert_id is not None
    records = telegram.application.services.consultations.records
    assert await records.recommendations_for(row.expert_id) == [
        "Eva explained everything in ten minutes."
    ]

    await anna.send("One more thing")  # nothing open any more: the general answer
    assert "/help" in anna.last.text
    await boris.send("/experts legal")
    assert "• Eva, available, 1 consultation, rating 5.0" in boris.last.text
    assert "«Eva explained everything in ten minutes.»" in boris.last.text
    await boris.send("/consultations")
    assert boris.last.text.startswith("You have no consultations yet.")
    await anna.send("/consultations")
    assert "#1 · closed · you asked; expert: Eva · 5/5" in anna.last.text


async def test_several_open_consultations_route_replies(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    clara = await member(telegram, 3, "Clara", ("grants",))
    await ask(anna, "Legal question")
    await boris.press("Accept")
    await ask(anna, "Grant question", ("Grants and fundraising",))
    await clara.press("Accept")
    await boris.send("Legal answer")
    relayed_from_boris = anna.last
    await anna.send("Which one?")
    assert anna.last.text == "Which consultation is this message for?"
    assert anna.last.buttons == [["#1 · Boris: Legal question"], ["#2 · Clara: Grant question"]]
    await anna.press("#2")
    assert clara.last.text == "#2 · the asker:\nWhich one?"
    assert anna.last.text == "Sent to consultation #2."
    await anna.send("Thanks for the legal part", reply_to=relayed_from_boris)
    assert boris.last.text == "#1 · the asker:\nThanks for the legal part"
    assert anna.last.text == "Sent to consultation #1."
    await anna.send("And one more detail")  # the last one written to is not guessed
    assert anna.last.text == "Which consultation is this message for?"
    assert boris.last.text == "#1 · the asker:\nThanks for the legal part"
    await clara.press("Close")
    relayed_from_clara = next(m for m in anna.messages if m.text.startswith("Clara accepted"))
    await anna.send("Late words", reply_to=relayed_from_clara)
    assert anna.last.text == "Consultation #2 is closed; your message was not passed on."


async def test_reminder_and_abandoned_consultation(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("Are you there?")
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    await wait_for_job(telegram, SWEEP)
    (sweep,) = job_queue.get_jobs_by_name("consultations.sweep")
    await sweep.run(telegram.application)
    assert boris.last.text == "#1 · the asker:\nAre you there?"  # not yet a day

    async with database.session() as session:
        row = await session.get(Consultation, 1)
        assert row is not None
        row.last_message_at = utcnow() - timedelta(hours=25)
    await sweep.run(telegram.application)
    assert boris.last.text.startswith("A message in consultation #1 is waiting for your answer")
    await sweep.run(telegram.application)
    assert sum("waiting for your answer" in text for text in boris.texts) == 1

    async with database.session() as session:
        row = await session.get(Consultation, 1)
        assert row is not None
        row.last_message_at = utcnow() - timedelta(days=15)
    await sweep.run(telegram.application)
    assert boris.last.text == "Consultation #1 was closed after a long silence."
    assert anna.last.text.startswith("Consultation #1 was closed after a long silence.")
    assert anna.last.buttons == [["1", "2", "3", "4", "5"]]
    await anna.press("4")
    await anna.press("Skip")
    assert anna.last.text == "All right. Thank you for the rating!"
    assert (await consultation(database)).rating == 4


async def test_a_side_that_blocked_the_bot_gets_nothing_relayed(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    telegram.server.block(2)
    await anna.send("Hello?")
    assert anna.last.text == "I could not pass your message on: the other side has blocked the bot."


async def test_long_messages_are_relayed_whole(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("a" * 4096)
    assert [m.text for m in boris.messages[-2:]] == ["#1 · the asker:", "a" * 4096]
    await anna.send_file(b"doc", caption="c" * 1024)
    assert [m.text for m in boris.messages[-2:]] == ["#1 · the asker:", "c" * 1024]
    await boris.send("Got both", reply_to=boris.messages[-1])
    assert anna.last.text == "#1 · expert Boris:\nGot both"


async def test_consultations_list_buttons_and_recommendation_input(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna", region="MOW")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna, "First")
    await boris.press("Accept")
    await anna.send("/ask")
    await anna.send("Second")
    await anna.press("No file")
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    assert anna.last.buttons == [["Any region"], ["Moscow"]]
    await anna.send("oblast")  # several regions match: choose one
    assert anna.last.text == "Which one?"
    await anna.press(1)
    await anna.press("Send")
    await anna.send("/consultations")
    assert anna.last.text.startswith("Open:\n#2 · looking for an expert")
    assert anna.last.buttons == [["Withdraw #2"], ["Write to #1", "Close #1"]]
    await anna.press("Write to #1")
    assert anna.last.text == "Write your message for consultation #1 as a reply to this one."
    location = telegram.server.user_message(
        1, extra={"location": {"latitude": 55.7, "longitude": 37.6}}
    )
    await telegram.deliver({"message": location})
    assert anna.last.text == "I can pass on text, photos, documents, voice messages and videos."
    await anna.send("/consultations")
    await anna.press("Close #1")
    assert boris.last.text == "Consultation #1 was closed by the other side."
    await anna.press("3")
    await anna.send_file(b"x")
    assert anna.last.text == "Please write your recommendation as text, or press Skip."
    await anna.send("x" * 1001)
    assert anna.last.text == "Please keep it under 1000 characters and send it again."
    await anna.send("/cancel")
    assert anna.last.text == "All right. Thank you for the rating!"
    row = await consultation(database)
    assert (row.rating, row.recommendation) == (3, None)
