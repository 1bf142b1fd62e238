"""/experts, /available, /consultations and /consultstats; who may use them."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from models import (
    Role,
)
from tests.support.consultations import (
    ask,
    member,
)
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
    assert anna.last.text.startswith("Send /experts and an area, e.g. /experts legal.")
    assert "legal — Legal questions" in anna.last.text
    await anna.send("/experts grants")
    assert anna.last.text == "Nobody consults in “Grants and fundraising” yet."
    await anna.send("/available")
    assert "Your profile has no areas of expertise yet" in anna.last.text
    await anna.send("/available")
    assert anna.last.text.startswith("You are available for consultations")
