"""Consultations on members' cards: availability and recommendations in /directory and
/profile."""

from __future__ import annotations

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Consultation, ConsultationStatus
from tests.support.membership import make_member


async def _thank(database: Database, asker_id: int, expert_id: int, text: str | None) -> None:
    """A closed consultation with the asker's recommendation (the rating flow has its tests)."""
    async with database.session() as session:
        session.add(
            Consultation(asker_id=asker_id, expert_id=expert_id, question="Вопрос",
                         status=ConsultationStatus.CLOSED, rating=5, recommendation=text)
        )  # fmt: skip


async def test_directory_and_profile_show_availability_and_recommendations(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await make_member(telegram, 1, "Анна Петрова")
    boris = await make_member(telegram, 2, "Борис Иванов", language="en")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    anna_id, boris_id = (await people.get(1)).id, (await people.get(2)).id
    for number in range(1, 5):
        await _thank(database, anna_id, boris_id, f"Спасибо №{number}")
    await _thank(database, anna_id, boris_id, None)  # a rating without words shows nothing
    await boris.send("/available")  # Boris pauses consultations
    await boris.press("Switch off")

    await anna.send("/directory Борис")
    card = anna.last.text
    assert "Сейчас не принимает вопросы на консультацию" in card
    assert "Рекомендация: «Спасибо №4»" in card and "«Спасибо №2»" in card
    assert "Спасибо №1" not in card  # the newest three only
    await anna.send("/directory Анна")
    assert "Сейчас принимает вопросы на консультацию" in anna.last.text
    assert "Рекомендация" not in anna.last.text

    await boris.send("/profile")
    assert "Not taking consultations now" in boris.last.text
    assert "Recommended: «Спасибо №4»" in boris.last.text
    await boris.send("/available")
    await boris.send("/profile")
    assert "Takes consultations now" in boris.last.text


async def test_cards_stay_private_to_members(telegram: LocalTelegram) -> None:
    applicant = telegram.user(9, "Кандидат")
    await applicant.send("/directory Борис")
    assert applicant.last.text.startswith("Это доступно роли «участник» и выше")
    await applicant.send("/profile")
    assert applicant.last.text.startswith("У вас ещё нет профиля.")
