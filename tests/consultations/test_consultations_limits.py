"""Consultations within Telegram's limits: the longest question and message relayed in parts,
/experts with many long recommendations, texts without bidirectional controls."""

from __future__ import annotations

from sqlmodel import select

from bot.consultations.rules import QUESTION_MAX
from bot.db import Database
from bot.localapi import LocalTelegram
from models import Consultation, ConsultationStatus, Person
from tests.support.consultations import ask, consultation, member
from tests.support.limits import EMOJI, beyond_limits, sent_texts


async def test_the_longest_texts_are_relayed_in_parts(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna", ("legal",))
    eva = await member(telegram, 5, "Eva", ("legal",))
    await anna.send("/ask")
    await anna.send(EMOJI * (QUESTION_MAX // 2) + "?")  # one code unit over
    assert anna.last.text.startswith(f"The question is too long ({QUESTION_MAX + 1} characters)")
    await ask(anna, "\u202e" + EMOJI * (QUESTION_MAX // 2))  # at the limit once cleaned
    assert (await consultation(database)).question == EMOJI * (QUESTION_MAX // 2)
    await eva.press("Accept")
    assert "You accepted this request" in eva.last.text
    longest = EMOJI * 2048  # 4,096 code units: the longest message Telegram delivers
    before = len(sent_texts(telegram, eva.id))
    await anna.send(longest)
    await eva.send("\u2067" + "Short answer" + "\u2069")  # while Anna's parts are on their way
    parts = sent_texts(telegram, eva.id)[before:]
    assert len(parts) == 2 and parts[0].startswith("#1 · the asker:")
    assert "".join(parts).count(EMOJI) == 2048
    assert anna.last.text == "#1 · expert Eva:\nShort answer"
    assert beyond_limits(telegram) == []


async def test_experts_with_long_recommendations_in_parts(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    for number in range(2, 8):
        await member(telegram, number, f"Expert {number}", ("legal",))
    async with database.session() as session:
        asker = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
        experts = await session.exec(select(Person).where(Person.telegram_id > 1))
        for expert in experts:
            for number in range(3):
                session.add(
                    Consultation(
                        asker_id=asker.id,
                        expert_id=expert.id,
                        question="?",
                        status=ConsultationStatus.CLOSED,
                        rating=5,
                        recommendation=f"{expert.telegram_id}.{number} " + "r" * 990,
                    )
                )
    before = len(sent_texts(telegram, anna.id))
    await anna.send("/experts legal")
    parts = sent_texts(telegram, anna.id)[before:]
    assert len(parts) == 5 and parts[0].startswith("Experts in “Legal questions”:")
    assert all(f"{n}.{m} " + "r" * 990 in "\n".join(parts) for n in range(2, 8) for m in range(3))
    assert beyond_limits(telegram) == []
