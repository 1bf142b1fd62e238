"""/language: buttons, saved choice, menus in the chosen language."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Person


async def test_language_switches_to_english_and_is_saved(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = telegram.user(1, "Анна", language_code="ru")
    await anna.send("/language")
    assert anna.last.text == "Выберите язык:"
    assert anna.last.buttons == [["Русский", "English"]]
    await anna.press("English")
    assert anna.last.text == "Language: English. Send /help for the commands."
    assert anna.last.edited
    await anna.send("/start")
    assert anna.last.text.startswith("Hello, Анна!")
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert person.language == "en"
    menu = telegram.server.commands[("chat:1", "")]
    assert {"command": "language", "description": "choose the language"} in menu


async def test_saved_language_wins_over_telegram_language(telegram: LocalTelegram) -> None:
    bob = telegram.user(2, "Bob", language_code="en")
    await bob.send("/language")
    await bob.press("Русский")
    assert bob.last.text.startswith("Язык: Русский.")
    await bob.send("/help")
    assert "Команды:" in bob.last.text


async def test_forged_language_button_changes_nothing(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/language")
    await anna.press_data("lang:set:de", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.send("/start")
    assert anna.last.text.startswith("Здравствуйте")
