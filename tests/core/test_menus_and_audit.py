"""Command menus per language and scope, and the organisers' audit log."""

from __future__ import annotations

from bot.commands.menus import menus_digest, sync_member_menus
from bot.core import state
from bot.localapi import LocalTelegram
from models import Role
from tests.support.harness import ORGANISER_ID, BotHarness, until


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [command["command"] for command in commands]


async def test_default_menus_per_language_and_scope(telegram: LocalTelegram) -> None:
    commands = telegram.server.commands
    assert _names(commands[("all_private_chats", "ru")]) == [
        "start", "help", "language", "apply", "profile", "mydata", "deleteme", "news", "settings",
        "cancel",
    ]  # fmt: skip
    assert commands[("all_private_chats", "ru")][1]["description"] == "доступные вам команды"
    assert commands[("all_private_chats", "en")][1]["description"] == "the commands you can use"
    assert commands[("all_private_chats", "")] == commands[("all_private_chats", "ru")]
    assert _names(commands[("all_group_chats", "en")]) == ["help", "language", "cancel"]


async def test_role_changes_give_the_role_menu(telegram: LocalTelegram) -> None:
    olga = telegram.user(ORGANISER_ID, "Ольга")
    await olga.send("/start")  # becomes organiser from BOT_ORGANISER_IDS
    assert "audit" in _names(telegram.server.commands[(f"chat:{ORGANISER_ID}", "")])
    anna = telegram.user(1, "Анна", language_code="en")
    await anna.send("/language")
    await anna.press("English")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    await people.set_role(actor=None, telegram_id=1, role=Role.ORGANISER)
    menu = telegram.server.commands[("chat:1", "")]
    assert {"command": "audit", "description": "the latest admin actions"} in menu


async def test_changed_commands_refresh_member_menus_at_start(harness: BotHarness) -> None:
    telegram = harness.telegram
    assert telegram is not None
    services = telegram.application.services  # type: ignore[attr-defined]
    await until(lambda: state.load(services.db, "menus", "digest"))  # the start-up sync ran
    await telegram.user(ORGANISER_ID, "Ольга").send("/start")
    del telegram.server.commands[(f"chat:{ORGANISER_ID}", "")]
    await state.save(services.db, "menus", "digest", "commands of an older version")
    await harness.restart()  # the start-up job sees the new digest

    async def organiser_menu() -> object:
        return telegram.server.commands.get((f"chat:{ORGANISER_ID}", ""))

    async def digest_saved() -> bool:
        return await state.load(services.db, "menus", "digest") != "commands of an older version"

    await until(organiser_menu)
    await until(digest_saved)  # the job saves the digest after the menus it sent
    assert "audit" in _names(telegram.server.commands[(f"chat:{ORGANISER_ID}", "")])

    async def digest_is_current() -> bool:
        return await state.load(services.db, "menus", "digest") == menus_digest(services.commands)

    await until(digest_is_current)  # the start-up job has finished
    assert await sync_member_menus(telegram.application.bot, services) == 0


async def test_audit_log_for_organisers_only(telegram: LocalTelegram) -> None:
    olga = telegram.user(ORGANISER_ID, "Ольга")
    anna = telegram.user(1, "Анна")
    await olga.send("/audit")
    assert "role.bootstrap: бот → Ольга (new=organiser, old=applicant)" in olga.last.text
    await anna.send("/start")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    organiser = await people.get(ORGANISER_ID)
    await people.set_role(actor=organiser, telegram_id=1, role=Role.MEMBER)
    await olga.send("/audit")
    assert olga.last.text.splitlines()[1].endswith(
        "role.change: Ольга → Анна (new=member, old=applicant)"
    )
    await anna.send("/audit")
    assert anna.last.text == "Это доступно роли «организатор» и выше; ваша роль — «участник»."
