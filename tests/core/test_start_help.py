"""/start and /help, end to end through the local Bot API."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from models import Role
from tests.support.harness import ORGANISER_ID


async def test_start_welcomes_in_russian(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна", language_code="ru")
    await anna.send("/start")
    assert anna.last.text.startswith("Здравствуйте, Анна!")
    assert "добровольческих социальных служб" in anna.last.text


async def test_start_follows_telegram_language(telegram: LocalTelegram) -> None:
    bob = telegram.user(2, "Bob", language_code="en-GB")
    olena = telegram.user(3, "Олена", language_code="uk")
    hans = telegram.user(4, "Hans", language_code="de")
    nobody = telegram.user(5, "X", language_code=None)
    for person in (bob, olena, hans, nobody):
        await person.send("/start")
    assert bob.last.text.startswith("Hello, Bob!")
    assert olena.last.text.startswith("Здравствуйте")
    assert hans.last.text.startswith("Hello")
    assert nobody.last.text.startswith("Здравствуйте")  # DEFAULT_LOCALE


async def test_help_lists_commands_by_role(telegram: LocalTelegram) -> None:
    newcomer = telegram.user(1, "Анна")
    organiser = telegram.user(ORGANISER_ID, "Ольга")
    await newcomer.send("/help")
    await organiser.send("/help")
    assert "/language" in newcomer.last.text
    assert "/audit" not in newcomer.last.text
    assert "Ваша роль: кандидат." in newcomer.last.text
    assert "/audit" in organiser.last.text
    assert "Ваша роль: организатор." in organiser.last.text


async def test_help_counts_members_with_russian_plurals(telegram: LocalTelegram) -> None:
    people = telegram.application.services.people  # type: ignore[attr-defined]
    anna = telegram.user(1, "Анна")
    await anna.send("/help")
    assert "В сообществе 0 участников." in anna.last.text  # the organiser has not come yet
    expected = {1: "1 участник.", 2: "2 участника.", 5: "5 участников."}
    made = 0
    for count, phrase in expected.items():
        while made < count:
            made += 1
            await telegram.user(10 + made, f"M{made}").send("/start")
            await people.set_role(actor=None, telegram_id=10 + made, role=Role.MEMBER)
        await anna.send("/help")
        assert phrase in anna.last.text


async def test_help_in_a_group_lists_group_commands(telegram: LocalTelegram) -> None:
    group = telegram.group(-1001, "Рабочая группа")
    anna = telegram.user(1, "Анна")
    await anna.send("/help@community_test_bot", chat=group)
    assert group.last.text.startswith("Сначала запустите бота")  # she has not started it
    await anna.send("/start")
    await anna.send("/help@community_test_bot", chat=group)
    assert "Команды в этом чате:" in group.last.text
    assert "/start" not in group.last.text
