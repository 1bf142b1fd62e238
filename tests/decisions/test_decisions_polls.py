"""Quick native polls: created in a group, answers recorded (changed, retracted), summarised."""

from __future__ import annotations

import pytest

from bot.core.errors import Refused
from bot.db import Database
from bot.decisions.polls import parse_poll
from models import Role
from tests.decisions.support import (
    Clock,
    bot_and_community,
    decisions_bot,
    organiser_and_members,
)
from tests.support.people import answer_poll, member


def test_parse_poll() -> None:
    draft = parse_poll(" When do we meet? | Monday | Tuesday ")
    assert (draft.question, draft.options, draft.multiple) == (
        "When do we meet?",
        ["Monday", "Tuesday"],
        False,
    )
    assert parse_poll("*Which topics? | A | B | C").multiple
    for wrong in ("", "Only a question", "Q | one", "Q | a | a", "x" * 301 + " | a | b"):
        with pytest.raises(Refused):
            parse_poll(wrong)


async def test_poll_answers_and_results(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        guest = await member(telegram, 9, "Guest", role=Role.APPLICANT, language="en")
        await guest.send("/poll Q | a | b", chat=chat)
        assert chat.last.text.startswith("This is for a member or above")
        await anna.send("/poll When do we meet?", chat=chat)
        assert chat.last.text.startswith("Usage: /poll Question? | option | option")
        await anna.send("/poll When do we meet? | Monday | Tuesday", chat=chat)
        sent = telegram.server.calls_to("sendPoll")[-1].params
        assert sent["is_anonymous"] is False and not sent.get("allows_multiple_answers")
        poll_message = chat.messages[-1]
        poll_id = poll_message.raw["poll"]["id"]
        await answer_poll(telegram, anna, poll_id, [0])
        await answer_poll(telegram, organiser, poll_id, [1])
        await answer_poll(telegram, organiser, poll_id, [0])  # changed her mind
        await answer_poll(telegram, guest, poll_id, [1])
        await answer_poll(telegram, guest, poll_id, [])  # retracted
        await answer_poll(telegram, anna, "someone-else's-poll", [0])  # ignored
        await organiser.send("/pollresults", chat=chat, reply_to=poll_message)
        assert chat.last.text == (
            "When do we meet?\n2 people answered.\nMonday: 2 — Anna, Olga\nTuesday: 0"
        )
        await anna.send("/pollresults")
        assert anna.last.text == "There is no poll of mine here. Start one with /poll."
        await anna.send("/poll Q | a | b")
        assert anna.last.text == "Quick polls are for group chats: send /poll there."
