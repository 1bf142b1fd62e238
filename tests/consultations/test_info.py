"""/experts, /available, /consultations and /consultstats; who may use them."""

from __future__ import annotations

from bot.db import Database
from bot.localapi import LocalTelegram
from handlers.consultations.buttons import AVAILABILITY, EXPERTS
from models import ConsultantStatus, Role
from tests.consultations.test_again import now
from tests.support.consultations import ask, member, offers
from tests.support.harness import ORGANISER_ID


async def test_statistics_for_organisers(telegram: LocalTelegram) -> None:
    organiser = await member(telegram, ORGANISER_ID, "Olga", role=Role.ORGANISER)
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("/consultstats")
    assert anna.last.text.startswith("This is for a organiser or above")
    await organiser.send("/consultstats")
    text = organiser.last.text
    assert "• Legal questions: 1" in text
    assert "Median time to accept: 0 min" in text
    assert "Answered: 1 of 1 finished requests" in text
    assert "Areas where nobody is available: Work with older people" in text
    assert "Legal questions" not in text.split("nobody is available:")[1]


async def test_commands_for_members_only(telegram: LocalTelegram) -> None:
    stranger = telegram.user(8, "Stranger", language_code="en")
    for command in ("/available", "/consultations", "/experts legal"):
        await stranger.send(command)
        assert stranger.last.text.startswith("This is for a member or above"), command
    anna = await member(telegram, 1, "Anna")
    group = telegram.group(-1001, "Community")
    await anna.send("/ask@community_test_bot", chat=group)
    assert group.last.text == "Please ask your question in a private chat with me: send /ask there."
    await anna.send("/experts")
    assert anna.last.text == "Which area? Choose one:"
    assert "legal" not in str(anna.last.buttons)  # names, never codes
    await anna.send("/experts grants")
    assert anna.last.text == "Nobody consults in “Grants and fundraising” yet."
    await anna.send("/available")
    assert anna.last.text.startswith("You are available for consultations now. Switch off?")


async def test_available_asks_before_switching_off(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    eva = await member(telegram, 5, "Eva", ("legal",))
    boris = await member(telegram, 2, "Boris", ("legal",))
    await eva.send("/available")
    question = eva.last
    assert question.text.startswith("You are available for consultations now. Switch off?")
    assert question.buttons == [["Switch off", "Keep me available"]]
    await boris.send("/available")
    await boris.press("Keep me available")  # changes his mind: nothing changes
    assert boris.last.text.startswith("You are available for consultations: questions")
    await eva.send("I am on holiday soon")  # typed meanwhile: no consultation, no switch
    await eva.press("Switch off", question)
    assert now(eva, question).text.startswith("You are not available for consultations now")
    assert now(eva, question).buttons == []
    await eva.press_data(AVAILABILITY("off"), question)  # the old button again: still off
    await ask(anna, "Can volunteers sign contracts?")
    assert offers(eva) == [] and len(offers(boris)) == 1
    await eva.send("/available")  # off: on at once, no question
    assert eva.last.text.startswith("You are available for consultations: questions")
    assert "Legal questions" in eva.last.text
    services = telegram.application.services  # type: ignore[attr-defined]  # a CommunityApplication
    eva_id = (await services.people.get(5)).id
    async with database.session() as session:
        row = await session.get(ConsultantStatus, eva_id)
        assert row is not None and row.available


async def test_experts_offers_the_areas_as_buttons(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris")
    eva = await member(telegram, 5, "Eva", ("legal", "grants"))
    await member(telegram, 6, "Fedor", ("grants",))
    await anna.send("/experts")
    areas_for_anna = anna.last
    labels = [label for row in areas_for_anna.buttons for label in row]
    assert "Legal questions" in labels and "Grants and fundraising" in labels
    await boris.send("/experts")
    await boris.press("Grants and fundraising")
    assert boris.last.text.startswith("Experts in “Grants and fundraising”:\n• Eva")
    assert "• Fedor" in boris.last.text
    await anna.press("Legal questions", areas_for_anna)
    assert anna.last.text.startswith("Experts in “Legal questions”:\n• Eva")
    assert "Fedor" not in anna.last.text
    await anna.press("Legal questions", areas_for_anna)  # pressed again: the list again
    assert anna.last.text.startswith("Experts in “Legal questions”:")
    # A typed name still works; a wrong one gets the buttons, never a list of codes.
    await eva.send("/experts Grants")
    assert eva.last.text.startswith("Experts in “Grants and fundraising”:")
    await eva.send("/experts cooking")
    assert eva.last.text == "I do not know the area “cooking”. Choose one:"
    assert eva.last.buttons == areas_for_anna.buttons
    # A forged area, and a stranger's press, are refused.
    await boris.press_data(EXPERTS("nosuch"), boris.last)
    assert boris.last_answer == "This button is no longer active."
    stranger = telegram.user(8, "Stranger", language_code="en")
    await stranger.send("/start")
    await stranger.press_data(EXPERTS("legal"), areas_for_anna)
    assert stranger.last_answer is not None and "member" in stranger.last_answer
