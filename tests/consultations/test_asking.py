"""/ask step by step: what the dialogue accepts, a restart in the middle, flood control."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from tests.support.consultations import ask, member, offers
from tests.support.harness import BotHarness


async def test_shown_name_and_region_preference(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna", region="MOW")
    boris = await member(telegram, 2, "Boris", ("children",), region="MOW")
    clara = await member(telegram, 3, "Clara", ("children",), region="KZN")
    await anna.send("/ask")
    await anna.send("Games for a children's camp?")
    await anna.send_file(b"photo", kind="photo")
    await anna.press("Work with children")
    await anna.press("Done")
    await anna.press("Urgent (an hour)")
    await anna.press("Show my name")
    await anna.send("tatar")  # typed region
    assert "Region: Republic of Tatarstan" in anna.last.text
    assert "A file is attached." in anna.last.text
    await anna.press("Send")
    for peer in (boris, clara):
        assert "From: Anna" in offers(peer)[-1]
        assert "urgent" in offers(peer)[-1]
        assert "photo" in peer.messages[-2].raw
    await clara.press("Accept")
    await anna.send("Hello")
    assert clara.last.text == "#1 · Anna (asker):\nHello"


async def test_ask_dialogue_checks_input_and_roles(telegram: LocalTelegram) -> None:
    stranger = telegram.user(8, "Stranger", language_code="en")
    await stranger.send("/ask")
    assert stranger.last.text.startswith("This is for a member or above")
    anna = await member(telegram, 1, "Anna")
    await anna.send("/ask")
    await anna.send_file(b"x")
    assert anna.last.text == "Please write the question as text (a file can follow)."
    await anna.send("x" * 3600)
    assert anna.last.text.startswith("The question is too long (3600 characters)")
    await anna.send("A short question")
    await anna.send("not a file")
    assert anna.last.text == "Please send a document or a photo, or press “No file”."
    await anna.press("No file")
    await anna.press("Done")
    assert anna.last_answer == "Choose at least one area."
    await anna.send("legal")
    assert anna.last.text == "Please answer with the buttons above (or /cancel)."
    await anna.press_data("cs:ar:astrology", anna.last_with_buttons())
    assert anna.last_answer == "This button is no longer active."
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    await anna.send("Atlantis")
    assert anna.last.text.startswith("I don't know this region.")
    await anna.send("/cancel")
    assert anna.last.text == "All right, the question was not sent."
    await anna.send("/consultations")
    assert anna.last.text.startswith("You have no consultations yet.")


async def test_dialogue_continues_after_restart(
    harness: BotHarness, telegram: LocalTelegram
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await anna.send("/ask")
    await anna.send("Question before restart")
    await harness.restart()
    await anna.press("No file")
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    await anna.press("Any region")
    await anna.press("Send")
    assert "Question before restart" in offers(boris)[-1]


async def test_flood_limit_while_offering_is_waited_out(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna, "A question under flood control", send=False)
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.press("Send")
    assert offers(boris) == [offers(boris)[0]]
    assert anna.last.text.startswith("Your question #1 has been offered to peers")


async def test_a_draft_no_longer_valid_is_not_sent(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna, "A question", send=False)
    telegram.application.user_data[1]["cs_draft"]["areas"] = ["astrology"]  # gone meanwhile
    await anna.press("Send")
    assert anna.last.text == "Something in the question was not valid any more; please /ask again."
    assert offers(boris) == []
    await anna.send("Still there?")  # the dialogue has ended: the general answer
    assert "/help" in anna.last.text
    await ask(anna)
    assert len(offers(boris)) == 1
