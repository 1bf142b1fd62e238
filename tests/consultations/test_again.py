"""A question nobody could take: the asker may ask it again, widen its areas or ask an
organiser, from buttons under the bot's "nobody could take it"; nobody else may."""

from __future__ import annotations

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import BotMessage, SimUser
from handlers.consultations.buttons import ASK_AGAIN, ASK_ORGANISERS, WIDEN, WIDEN_AREA
from models import ConsultationStatus, Role
from tests.support.consultations import ask, consultation, member, offers
from tests.support.harness import ORGANISER_ID

NOBODY = "Sorry: nobody could take your question #{id}."
AGAIN_BUTTONS = [["Ask again"], ["Widen the areas"], ["Ask an organiser"]]


def now(user: SimUser, message: BotMessage) -> BotMessage:
    """A message of the bot as it reads now (after edits)."""
    return next(m for m in user.messages if m.message_id == message.message_id)


async def test_nobody_took_it_then_wider_areas_and_an_organiser(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await member(telegram, ORGANISER_ID, "Olga", role=Role.ORGANISER)
    anna = await member(telegram, 1, "Anna")
    clara = await member(telegram, 3, "Clara")
    eva = await member(telegram, 5, "Eva", ("legal",))
    boris = await member(telegram, 2, "Boris", ("grants",))

    # Anna's and Clara's questions both reach Eva only (legal), then Olga; they decline.
    await ask(anna, "Can we pay volunteers from a grant?")
    await ask(clara, "Who signs our lease?")
    assert len(offers(eva)) == 2 and offers(boris) == []
    await eva.press("Decline", eva.messages[-2])
    await eva.press("Decline")
    await olga.press("Decline", olga.messages[-2])
    await olga.press("Decline")
    nobody_anna, nobody_clara = anna.last, clara.last
    assert nobody_anna.text.startswith(NOBODY.format(id=1))
    assert nobody_anna.buttons == AGAIN_BUTTONS
    assert nobody_clara.text.startswith(NOBODY.format(id=2))
    assert (await consultation(database, 1)).status is ConsultationStatus.UNANSWERED

    # Somebody else's buttons are refused, and nothing is asked.
    for data in (ASK_AGAIN(1), WIDEN(1), WIDEN_AREA(1, "grants"), ASK_ORGANISERS(1)):
        await clara.press_data(data, nobody_clara)
        assert clara.last_answer == "This button is no longer active."
    assert offers(boris) == []

    # Anna widens the areas: the question's own area is ticked; Clara asks an organiser.
    await anna.press("Widen the areas", nobody_anna)
    choose = anna.last
    assert choose.text.startswith("Question #1: tick the areas")
    assert ["✅ Legal questions"] in choose.buttons
    await clara.press("Ask an organiser", nobody_clara)
    assert clara.last.text.startswith("I have passed your question #3 to the organisers.")
    assert offers(olga)[-1].startswith("Request for a consultation #3")
    assert len(offers(eva)) == 2  # not to peers
    await anna.press("✅ Legal questions", choose)
    await anna.press("Done: ask again", choose)
    assert anna.last_answer == "Choose at least one area."
    await anna.press("Grants and fundraising", choose)
    assert ["✅ Grants and fundraising"] in now(anna, choose).buttons
    await anna.press("Done: ask again", choose)
    assert offers(boris)[-1].startswith("Request for a consultation #4")
    assert now(anna, choose).buttons == []
    assert anna.last.text.startswith("Your question #4 has been offered to peers")
    await boris.press("Accept")
    await olga.press("Accept")
    assert (await consultation(database, 4)).expert_id is not None
    assert (await consultation(database, 3)).status is ConsultationStatus.ACTIVE

    # Pressed twice (an old message): the same question is open already.
    await anna.press("Ask again", nobody_anna)
    assert anna.last_answer == (
        "You have asked this question again already; it is looking for an expert."
    )
    assert len(offers(eva)) == 2


async def test_ask_again_offers_the_same_question_once_more(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    eva = await member(telegram, 5, "Eva", ("legal",))
    await ask(anna, "Can volunteers sign contracts?")  # no organiser: nobody after Eva
    await eva.press("Decline")
    nobody = anna.last
    assert nobody.text.startswith(NOBODY.format(id=1))
    await anna.send("Hello?")  # free text meanwhile gets the general answer, asks nothing
    assert len(offers(eva)) == 1
    await anna.press("Ask again", nobody)
    assert offers(eva)[-1].startswith("Request for a consultation #2")
    assert now(anna, nobody).buttons == []  # asked once: the buttons go
    await eva.press("Accept")
    assert anna.last.text.startswith("Eva accepted")
