"""Coordinator commands in the group chat, for the coordinator (a chat admin) and refused for
a plain member, a chat admin who is not the coordinator, and an anonymous admin; the digest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import BotMessage, SimChat, SimUser
from bot.outbox.sender import STOP
from models import AuditEntry, GroupMembership, GroupTask, PersonStatus, PlanItem
from tests.groups.support import chat_member_update, create_group, linked_chat, send_anonymously
from tests.support.harness import until
from tests.support.jobs import deliveries_done, run_job, run_jobs
from tests.support.people import member, organiser

REFUSAL = "Это может только координатор группы, если он администратор этого чата."


async def _setup(telegram: LocalTelegram) -> tuple[SimChat, SimUser, SimUser, SimUser]:
    """Медиа with its chat; Анна coordinates and is a chat admin, Борис is in the chat,
    Вера is a member outside it."""
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    chat = await linked_chat(telegram, olga, "Медиа", -100)
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис", username="boris")
    vera = await member(telegram, 3, "Вера", username="vera")
    for person in (anna, boris, vera):
        await person.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    telegram.server.set_member(-100, 1, "administrator")
    telegram.server.set_member(-100, 2, "member")
    await deliveries_done(telegram)  # the election the bot called when the group had none
    return chat, anna, boris, vera


async def test_members_for_the_coordinator_only(telegram: LocalTelegram) -> None:
    chat, anna, boris, _vera = await _setup(telegram)
    await anna.send("/members", chat=chat)
    assert chat.last.text == (
        "«Медиа»: 3 участника, в этом чате — 2.\n✅ #2 Анна\n✅ #3 Борис\n❌ #4 Вера"
    )
    await boris.send("/members", chat=chat)
    assert chat.last.text == REFUSAL
    telegram.server.set_member(-100, 2, "administrator")  # an admin, not the coordinator
    await boris.send("/members", chat=chat)
    assert chat.last.text == REFUSAL
    telegram.server.set_member(-100, 1, "member")  # the coordinator, not an admin
    await anna.send("/members", chat=chat)
    assert chat.last.text == REFUSAL
    await send_anonymously(telegram, chat, "/members")
    assert chat.last.text.startswith("Я не знаю, какой администратор пишет анонимно.")
    await anna.send("/members")
    assert anna.last.text == "Используйте эту команду в чате своей рабочей группы."
    other = telegram.group(-300, "Посторонний чат")
    await anna.send("/members", chat=other)
    assert other.last.text == "Этот чат не привязан к рабочей группе."


async def test_presence_in_chat_follows_chat_member_updates(telegram: LocalTelegram) -> None:
    chat, anna, _boris, vera = await _setup(telegram)
    await anna.send("/members", chat=chat)
    lookups = len(telegram.server.calls_to("getChatMember"))
    await chat_member_update(telegram, chat, 3, "left", "member")
    await anna.send("/members", chat=chat)
    assert chat.last.text.endswith("✅ #2 Анна\n✅ #3 Борис\n✅ #4 Вера")
    # Known from the first answer and the update: only the coordinator's admin check asks.
    assert len(telegram.server.calls_to("getChatMember")) == lookups + 1
    await chat_member_update(telegram, chat, 3, "member", "left")
    await anna.send("/members", chat=chat)
    assert chat.last.text.endswith("❌ #4 Вера")
    await vera.request_join(chat)
    await anna.send("/members", chat=chat)
    assert chat.last.text.endswith("✅ #4 Вера")


async def test_long_member_list_goes_privately(telegram: LocalTelegram) -> None:
    chat, anna, _boris, _vera = await _setup(telegram)
    directory = telegram.application.services.groups  # type: ignore[attr-defined]
    for number in range(10, 18):
        # Joined through the service: each /join asks Telegram for an invite link to the
        # chat, and the rate limiter counts that against the chat's 20 calls a minute.
        await member(telegram, number, f"Участник {number}")
        person = await telegram.application.services.people.get(number)  # type: ignore[attr-defined]
        await directory.membership.join(group=1, person_id=person.id)
    await anna.send("/members", chat=chat)
    assert chat.last.text == (
        "«Медиа»: 11 участников, в этом чате — 2.\nПолный список — в личном чате со мной."
    )
    assert anna.last.text.count("\n") == 11
    telegram.server.block(1)
    await anna.send("/members", chat=chat)
    assert chat.last.text.endswith("Начните личный чат со мной, чтобы я мог прислать вам список.")


async def test_announce_group_reaches_members_privately(telegram: LocalTelegram) -> None:
    chat, anna, boris, vera = await _setup(telegram)
    await anna.send("/announce_group", chat=chat)
    assert chat.last.text.startswith("Отправьте /announce_group и текст объявления или ответьте")
    telegram.server.block(3)
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.send("/announce_group Встреча в пятницу", chat=chat)
    assert chat.last.text == "Отправляю 2 участникам; о доставке сообщу вам в личном чате."
    await until(lambda: _finished(anna))
    assert anna.last.text.endswith("Отправлено: 1. Ожидают: 0. Заблокировали бота: 1. Ошибки: 0.")
    assert boris.last.text == "От координатора группы «Медиа»:\n\nВстреча в пятницу"
    person = await telegram.application.services.people.get(3)  # type: ignore[attr-defined]
    assert person is not None and person.status is PersonStatus.UNREACHABLE
    sent = len(boris.messages)
    await boris.send("/announce_group Привет", chat=chat)
    assert chat.last.text == REFUSAL
    assert len(boris.messages) == sent
    assert not any(text.endswith("Привет") for text in vera.texts)
    await anna.send("/announce_group Ещё раз", chat=chat)  # Вера blocked the bot: not queued
    assert chat.last.text == "Отправляю 1 участнику; о доставке сообщу вам в личном чате."


async def _finished(user: SimUser) -> bool:
    return bool(user.messages) and "завершена" in user.last.text


async def test_announce_group_in_each_members_language(telegram: LocalTelegram) -> None:
    chat, anna, boris, vera = await _setup(telegram)
    await vera.send("/language")
    await vera.press("English")
    await anna.send("/announce_group Встреча", chat=chat)
    await until(lambda: _finished(anna))
    assert boris.last.text == "От координатора группы «Медиа»:\n\nВстреча"
    assert vera.last.text == "From the coordinator of «Медиа»:\n\nВстреча"
    broadcasts = await telegram.application.services.outbox.recent(kind="group_announce")
    assert len(broadcasts) == 1  # one broadcast, a payload per language


async def test_announce_group_keeps_formatting_and_announces_a_replied_photo(
    telegram: LocalTelegram,
) -> None:
    chat, anna, boris, _vera = await _setup(telegram)
    # «пятницу» in bold; 🎉 is two UTF-16 code units, as Telegram counts offsets
    bold = {"type": "bold", "offset": len("/announce_group 🎉 Встреча в ") + 1, "length": 7}
    await anna.send("/announce_group 🎉 Встреча в пятницу", chat=chat, entities=[bold])
    await deliveries_done(telegram)
    header = "От координатора группы «Медиа»:\n\n"
    received = telegram.server.chat_messages(2)[-1]
    assert received["text"] == header + "🎉 Встреча в пятницу"
    assert received["entities"] == [{"type": "bold", "offset": len(header) + 13, "length": 7}]

    posted = await boris.send_file(b"jpeg", kind="photo", caption="Афиша", chat=chat)
    await anna.send("/announce_group", chat=chat, reply_to=BotMessage(posted["message"]))
    await deliveries_done(telegram)
    received = telegram.server.chat_messages(3)[-1]
    assert received["caption"] == header + "Афиша" and received["photo"]

    await anna.send("/announce_group", chat=chat, reply_to=BotMessage(_sticker(telegram, chat)))
    assert chat.last.text.startswith("Отправьте /announce_group и текст объявления или ответьте")
    await anna.send("/announce_group " + "я" * 4080, chat=chat)
    assert chat.last.text == "Объявление слишком длинное для Telegram; сократите его, пожалуйста."


def _sticker(telegram: LocalTelegram, chat: SimChat) -> dict[str, Any]:
    """A sticker someone posted in the chat: nothing the bot can announce."""
    sticker = {"file_id": "sticker1", "file_unique_id": "s1", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}  # fmt: skip
    return telegram.server.user_message(2, None, chat_id=chat.chat_id, extra={"sticker": sticker})


async def test_only_the_sender_or_an_organiser_cancels_a_group_announcement(
    tg: LocalTelegram,
) -> None:
    telegram = tg
    chat, anna, boris, vera = await _setup(telegram)
    await anna.send("/announce_group Встреча", chat=chat)
    engine = telegram.application.services.outbox
    (broadcast,) = await engine.recent(kind="group_announce")
    forged = STOP(broadcast.id)
    await boris.press_data(forged, chat.last)
    assert boris.last_answer == "Эта кнопка больше не действует."
    assert (await engine.stats(broadcast.id)).pending == 2
    await anna.press_data(forged, chat.last)
    assert anna.last_answer == "Рассылка отменена."
    await run_jobs(telegram, "delivery.run")
    assert not any(text.endswith("Встреча") for text in boris.texts + vera.texts)


async def test_remove_member_from_group_and_chat(
    telegram: LocalTelegram, database: Database
) -> None:
    chat, anna, boris, _vera = await _setup(telegram)
    await anna.send("/remove @boris", chat=chat)
    assert chat.last.text.startswith("Отправьте /remove, @имя участника или его номер из /members")
    await anna.send("/remove @nobody спам", chat=chat)
    assert chat.last.text == "@nobody не состоит в этой группе."
    await boris.send("/remove @anna спам", chat=chat)
    assert chat.last.text == REFUSAL
    await anna.send("/remove @boris спам в чате", chat=chat)
    assert chat.last.text == "Борис исключён(а) из группы."
    assert boris.last.text == "Вас исключили из группы «Медиа». Причина: спам в чате"
    assert telegram.server.members[(-100, 2)] == "left"
    async with database.session() as session:
        members = list(await session.exec(select(GroupMembership)))
        entry = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "group.remove_member"))
        ).one()
    assert len(members) == 2
    assert entry.details["reason"] == "спам в чате"
    await boris.request_join(chat)
    assert telegram.server.members[(-100, 2)] == "left"


async def test_pin(telegram: LocalTelegram) -> None:
    chat, anna, boris, _vera = await _setup(telegram)
    await anna.send("/pin", chat=chat)
    assert chat.last.text == "Ответьте командой /pin на сообщение, которое нужно закрепить."
    notice = chat.last
    await boris.send("/pin", chat=chat, reply_to=notice)
    assert chat.last.text == REFUSAL
    assert telegram.server.calls_to("pinChatMessage") == []
    await anna.send("/pin", chat=chat, reply_to=notice)
    assert telegram.server.calls_to("pinChatMessage")[-1].params["message_id"] == notice.message_id
    telegram.server.fail(400, "Bad Request: not enough rights", method="pinChatMessage")
    await anna.send("/pin", chat=chat, reply_to=notice)
    assert chat.last.text.startswith("Не удалось закрепить")


async def test_tasks_and_weekly_digest(telegram: LocalTelegram) -> None:
    chat, anna, boris, _vera = await _setup(telegram)
    await anna.send("/task list", chat=chat)
    assert chat.last.text == "0 открытых задач."
    await anna.send("/task", chat=chat)
    assert chat.last.text.startswith("Отправьте /task add <задача>")
    await anna.send("/task add Сделать листовки | 2.1", chat=chat)
    assert chat.last.text == "Задача №1 добавлена."
    await anna.send("/task add Листовки | #7", chat=chat)
    assert chat.last.text == "Такого пункта нет ни в плане группы, ни в плане сообщества."
    await anna.send("/task add Написать пост", chat=chat)
    await boris.send("/task add Чужая задача", chat=chat)
    assert chat.last.text == REFUSAL
    await anna.send("/task list", chat=chat)
    assert chat.last.text == "2 открытые задачи.\n#1 Сделать листовки · план: 2.1\n#2 Написать пост"
    await anna.send("/task done 1", chat=chat)
    assert chat.last.text == "Задача №1 выполнена."
    await anna.send("/task done 1", chat=chat)
    assert chat.last.text == "В этой группе нет открытой задачи №1."
    await anna.send("/task done 99", chat=chat)
    assert chat.last.text == "В этой группе нет открытой задачи №99."

    await run_job(telegram, "groups.digest")
    assert boris.last.text == (
        "Неделя в группе «Медиа»\n\nНовые участники:\n• Анна\n• Борис\n• Вера\n\n"
        "Выполненные задачи:\n• Сделать листовки"
    )
    sent = len(boris.messages)
    await run_job(telegram, "groups.digest")  # nothing new since the last digest
    assert len(boris.messages) == sent


async def test_tasks_tied_to_plan_items(telegram: LocalTelegram, database: Database) -> None:
    chat, anna, _boris, _vera = await _setup(telegram)
    async with database.session() as session:
        session.add(PlanItem(title="Школа волонтёров", description="Весной"))
        session.add(PlanItem(title="Чужой пункт", description="—", working_group_id=99))
    await anna.send("/task add Найти зал | #1", chat=chat)
    assert chat.last.text == "Задача №1 добавлена."
    await anna.send("/task add Чужое | 2", chat=chat)
    assert chat.last.text == "Такого пункта нет ни в плане группы, ни в плане сообщества."
    await anna.send("/task list", chat=chat)
    assert chat.last.text == "1 открытая задача.\n#1 Найти зал · план: #1 «Школа волонтёров»"


COORDINATOR_COMMANDS = [
    "/members",
    "/announce_group Привет всем",
    "/remove @vera спам",
    "/pin",
    "/task add Сделать листовки",
    "/task owner 1 @vera",
    "/task due 1 01.01.2030",
    "/newmeeting",
    "/meeting",
]


@pytest.mark.parametrize(
    "actor", ["plain member", "chat admin", "anonymous admin", "coordinator not admin"]
)
async def test_every_coordinator_command_is_refused_to_everyone_else(
    telegram: LocalTelegram, database: Database, actor: str
) -> None:
    """Each is refused every command, and nothing changes. (One actor per test: a group chat
    takes only 20 messages a minute from the bot.)"""
    chat, anna, boris, vera = await _setup(telegram)
    notice = chat.last
    private_before = {user.id: len(user.messages) for user in (anna, boris, vera)}
    refusal = REFUSAL
    if actor == "chat admin":
        telegram.server.set_member(-100, 2, "administrator")
    if actor == "coordinator not admin":
        telegram.server.set_member(-100, 1, "member")
    if actor == "anonymous admin":
        refusal = "Я не знаю, какой администратор пишет анонимно."
    for command in COORDINATOR_COMMANDS:
        if actor == "anonymous admin":
            await send_anonymously(telegram, chat, command)
        else:
            sender = anna if actor == "coordinator not admin" else boris
            await sender.send(command, chat=chat, reply_to=notice)
        assert chat.last.text.startswith(refusal), command

    await deliveries_done(telegram)
    assert {user.id: len(user.messages) for user in (anna, boris, vera)} == private_before
    assert telegram.server.calls_to("pinChatMessage") == []
    assert telegram.server.calls_to("banChatMember") == []
    async with database.session() as session:
        assert len(list(await session.exec(select(GroupMembership)))) == 3
        assert list(await session.exec(select(GroupTask))) == []
