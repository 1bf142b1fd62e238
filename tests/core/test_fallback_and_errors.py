"""Unknown commands, free text, stale buttons, failing handlers and Telegram's errors."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.db import Database
from bot.localapi import LocalTelegram
from models import Person, PersonStatus


async def test_unknown_command_and_free_text_get_help(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/fly")
    assert anna.last.text == "Я не знаю команду /fly. Список команд — /help."
    await anna.send("привет")
    assert "/help" in anna.last.text
    await anna.send("/cancel")
    assert anna.last.text == "Отменять нечего. Список команд — /help."


async def test_groups_hear_only_commands_addressed_to_the_bot(telegram: LocalTelegram) -> None:
    group = telegram.group(-1002, "Общий чат")
    anna = telegram.user(1, "Анна")
    await anna.send("/fly", chat=group)
    await anna.send("/fly@other_bot", chat=group)
    await anna.send("просто текст", chat=group)
    assert group.messages == []
    await anna.send("/fly@community_test_bot", chat=group)
    assert group.last.text.startswith("Я не знаю команду /fly.")


async def test_stale_button_is_answered(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/language")
    await anna.press_data("gone:42", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."


async def test_failing_handler_apologises_and_logs_update_id(
    telegram: LocalTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(update: Update, context: BotContext) -> None:
        raise RuntimeError("boom")

    # First in group 0, ahead of the catch-all for unknown commands.
    telegram.application.handlers[0].insert(0, CommandHandler("explode", explode))
    anna = telegram.user(1, "Анна", language_code="en")
    with caplog.at_level(logging.ERROR, logger="handlers.core.errors"):
        update = await anna.send("/explode")
    assert (
        anna.last.text == "Sorry, something went wrong on our side. Please try again a bit later."
    )
    record = next(r for r in caplog.records if r.name == "handlers.core.errors")
    assert record.getMessage() == f"update {update['update_id']} failed"
    assert isinstance(record.exc_info[1], RuntimeError)  # type: ignore[index]


async def test_blocked_bot_marks_person_unreachable(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/start")
    telegram.server.block(1)
    await anna.send("/help")  # the reply gets 403
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert person.status is PersonStatus.UNREACHABLE
    telegram.server.blocked_by.clear()
    await anna.send("/start")  # she unblocked the bot and wrote again
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert person.status is PersonStatus.ACTIVE
    assert anna.last.text.startswith("Здравствуйте")


async def test_blocking_update_marks_person_unreachable(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/start")
    change = {
        "chat": telegram.server.chats[1],
        "from": telegram.server.users[1],
        "date": 0,
        "old_chat_member": {"status": "member", "user": telegram.server.bot_user},
        "new_chat_member": {"status": "kicked", "user": telegram.server.bot_user, "until_date": 0},
    }
    await telegram.deliver({"my_chat_member": change})
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert person.status is PersonStatus.UNREACHABLE


async def test_flood_limit_is_waited_out(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.send("/start")
    assert anna.last.text.startswith("Здравствуйте")
    attempts = telegram.server.calls_to("sendMessage")
    assert [call.ok for call in attempts] == [False, True]
    assert attempts[1].at - attempts[0].at >= 1


async def test_a_repeated_update_is_processed_once(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    update = await anna.send("/start")
    await telegram.application.process_update(Update.de_json(update, telegram.application.bot))
    assert len(anna.messages) == 1
