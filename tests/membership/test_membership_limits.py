"""Membership within Telegram's limits: a directory page of members with long profiles and
recommendations, typed answers at their limits; names as others read them, without the
characters that reorder text."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Consultation, ConsultationStatus, MemberProfile, Person, Role
from tests.support.harness import ORGANISER_ID
from tests.support.limits import EMOJI, beyond_limits, utf16
from tests.support.membership import make_member, review_chat
from tests.support.people import organiser

LONG_NAME = EMOJI * 64
SPOOF = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "\u202egnp.exe" reads as "exe.png"


async def _thank(database: Database, expert_telegram_id: int, asker_id: int) -> None:
    """Three closed consultations of the expert, each with the longest recommendation."""
    async with database.session() as session:
        expert = (
            await session.exec(select(Person).where(Person.telegram_id == expert_telegram_id))
        ).one()
        for number in range(3):
            session.add(
                Consultation(
                    asker_id=asker_id,
                    expert_id=expert.id,
                    question="?",
                    status=ConsultationStatus.CLOSED,
                    rating=5,
                    recommendation=f"{number} " + "р" * 998,
                )
            )


async def test_a_directory_page_of_long_profiles_fits(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await make_member(telegram, 1, "Анна Петрова")
    for number in range(2, 9):
        await make_member(telegram, number, f"{number} " + "Ф" * 198)
        await _thank(database, number, asker_id=1)
    await anna.send("/directory")
    await anna.press("Работа с детьми")
    page = anna.last
    assert page.text.startswith("Найдено 8 участников.\nСтраница 1 из 2.")
    assert utf16(page.text) <= 4096 and "…" in page.text
    assert page.buttons[-1] == ["▶"]
    await anna.press("▶", page)
    assert anna.last.message_id == page.message_id and "Страница 2 из 2." in anna.last.text
    assert beyond_limits(telegram) == []


async def test_typed_answers_at_their_limits_and_without_bidi_controls(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = telegram.user(ORGANISER_ID, LONG_NAME, last_name=LONG_NAME)  # the longest names
    await olga.send("/start")
    chat = await review_chat(telegram, olga)
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await anna.send(EMOJI * 100 + "я")  # 201 code units: one over
    assert anna.last.text.startswith("Слишком длинно (201 симв.); предел — 200.")
    await anna.send(f"{SPOOF}Анна {EMOJI * 97}\u2066")  # 200 code units once cleaned
    await anna.send(f"АНО «Забота»{SPOOF}, координатор" + "о" * 275)  # 300 once cleaned
    await anna.send("твер")
    await anna.press("Тверская область")
    await anna.send(EMOJI * 500)  # every answer at its limit
    await anna.press("Пропустить")
    await anna.send("7")
    await anna.press("Работа с детьми")
    await anna.press("Другое")
    await anna.press("Готово")
    await anna.send(EMOJI * 100)
    await anna.press("Да, разделяю")
    await anna.send(EMOJI * 500)
    await anna.press("Только через бота")
    await anna.press("Даю согласие")
    assert SPOOF not in anna.last.text and f"Анна {EMOJI * 97}" in anna.last.text
    await anna.press("Отправить заявку")
    card = chat.last
    assert SPOOF not in card.text and "АНО «Забота», координатор" in card.text
    await olga.press("Отклонить", card)
    await olga.send(EMOJI * 500 + "!", chat=chat)  # 1,001 code units
    assert chat.last.text == "Напишите от 1 до 1000 символов или отправьте /cancel."
    await olga.send(EMOJI * 500, chat=chat)  # the longest reason: the edited card still fits
    card = chat.messages[0] if chat.messages[0].edited else card
    assert card.edited and utf16(card.text) <= 4096 and card.text.endswith("…")
    assert EMOJI * 500 in anna.last.text  # the applicant reads it all
    async with database.session() as session:
        profile = (await session.exec(select(MemberProfile))).one()
    assert (profile.full_name, profile.organisation[:25]) == (
        f"Анна {EMOJI * 97}",
        "АНО «Забота», координатор",
    )
    assert beyond_limits(telegram) == []


async def test_telegram_names_are_shown_without_bidi_controls(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    mallory = telegram.user(7, f"{SPOOF}Мэллори\u202c", last_name="\u2067\u200fфпэ.exe\u2069")
    await mallory.send("/start")
    assert mallory.last.text.startswith("Здравствуйте, Мэллори!")
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 7))).one()
    assert (person.first_name, person.last_name) == ("Мэллори", "фпэ.exe")
    await mallory.send("/start")  # the same names again: nothing to change
    people = telegram.application.services.people  # type: ignore[attr-defined]
    await people.set_role(actor=await people.get(olga.id), telegram_id=7, role=Role.MEMBER)
    await olga.send("/audit")
    assert "→ Мэллори фпэ.exe" in olga.last.text
