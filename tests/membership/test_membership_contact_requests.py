"""Write via the bot: a short message can go with the request; the peer gets the member's
full name as a tappable mention (text_mention), and a request is passed on once."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import ContactRequest
from tests.support.membership import make_member


def _mentioned(text: str, entities: list[dict[str, object]]) -> list[tuple[str, int]]:
    """The names a message makes tappable, with the Telegram id each opens."""
    return [
        (text[entity["offset"] : entity["offset"] + entity["length"]], entity["user"]["id"])  # type: ignore[index,operator]
        for entity in entities
        if entity["type"] == "text_mention"
    ]


async def test_contact_requests_with_a_message_passed_on_once(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await make_member(telegram, 1, "Анна Петрова")
    gleb = await make_member(telegram, 4, "Глеб Орлов", language="en")
    vera = await make_member(telegram, 3, "Вера Смирнова", username="vera")
    applicant = telegram.user(9, "Кандидат")
    await applicant.send("/start")

    await anna.send("/directory Глеб")
    anna_results = anna.last
    await anna.press("Написать через бота: Глеб Орлов")
    assert anna.last.text.startswith("Запрос на связь. Участник: Глеб Орлов.")
    await vera.send("/directory Глеб")
    await vera.press("Написать через бота: Глеб Орлов")  # Вера asks meanwhile
    await anna.send("я" * 501)  # too long: asked again, nothing sent yet
    assert anna.last.text == "Напишите от 1 до 500 символов, или /skip, или /cancel."
    assert gleb.messages == [] or "directory" not in gleb.last.text
    await vera.send("/skip")
    assert vera.last.text == "Ваш запрос передан."
    to_gleb = gleb.last
    assert to_gleb.text.startswith("A member found you in the community directory")
    assert "Member: Вера Смирнова (@vera)." in to_gleb.text
    assert _mentioned(to_gleb.text, to_gleb.raw["entities"]) == [("Вера Смирнова", vera.id)]
    assert "tg://user" not in to_gleb.text
    await anna.send("Здравствуйте! Хочу обсудить программу наставничества.")
    assert anna.last.text == "Ваш запрос передан."
    to_gleb = gleb.last
    assert "Member: Анна Петрова." in to_gleb.text
    assert to_gleb.text.endswith(
        "Their message: Здравствуйте! Хочу обсудить программу наставничества."
    )
    assert _mentioned(to_gleb.text, to_gleb.raw["entities"]) == [("Анна Петрова", anna.id)]

    # Pressed again, under the same results: refused, Глеб gets nothing more.
    received = len(gleb.messages)
    await anna.press("Написать через бота: Глеб Орлов", anna_results)
    assert anna.last_answer == "Ваш запрос уже передан."
    await anna.send("Ещё раз")  # not taken as a message: no request is open
    assert len(gleb.messages) == received

    # Changing one's mind: /cancel sends nothing, and the request may be made later.
    await vera.send("/directory Анна")
    await vera.press("Написать через бота: Анна Петрова")
    await vera.send("/cancel")
    assert vera.last.text == "Отменено; ничего не отправлено."
    assert not any("directory" in message.text for message in anna.messages)
    await vera.press("Написать через бота: Анна Петрова")
    await vera.send("/skip")
    assert "Участник: Вера Смирнова (@vera)." in anna.last.text

    # The wrong person: an applicant's forged press changes nothing.
    await applicant.press_data(f"mb:d:c:{4}", anna_results)
    assert applicant.last_answer is not None and "участник" in applicant.last_answer
    assert len(gleb.messages) == received

    # Who asked whom is personal data: /deleteme takes it with the rest.
    async with database.session() as session:
        assert len(list(await session.exec(select(ContactRequest)))) == 3
    await gleb.send("/deleteme")
    await gleb.press("Yes, delete my data")
    async with database.session() as session:
        assert len(list(await session.exec(select(ContactRequest)))) == 1  # Вера → Анна
