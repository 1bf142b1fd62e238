"""A coordinator schedules a group meeting from the group's chat; the weekly digest lists the
group's upcoming meetings."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from tests.groups.support import create_group, linked_chat, send_anonymously
from tests.support.harness import BotHarness
from tests.support.jobs import run_job, run_jobs
from tests.support.meetings import moscow, text_of
from tests.support.people import member, organiser

REFUSAL = "Это может только координатор группы, если он администратор этого чата."
ANSWERS_UP_TO_AUDIENCE = ["Планёрка", "Итоги месяца", "{when}", "60", "-",
                          "https://meet.example.org/media", "-", "-"]  # fmt: skip


async def _setup(telegram: LocalTelegram) -> tuple[SimChat, SimUser, SimUser, SimUser]:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис")
    for name in ("Медиа", "Фонд"):
        await create_group(olga, name)
        await anna.send(f"/join {name}")
    await boris.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    await olga.send("/appoint Фонд @anna")
    chat = await linked_chat(telegram, olga, "Медиа", -300)
    telegram.server.set_member(-300, 1, "administrator")
    return chat, olga, anna, boris


async def test_coordinator_continues_privately_with_the_group_chosen(
    telegram: LocalTelegram,
) -> None:
    chat, _olga, anna, boris = await _setup(telegram)
    await anna.send("/newmeeting", chat=chat)
    assert chat.last.text == "Я написал вам в личные сообщения, чтобы назначить встречу."
    assert anna.last.buttons == [["Новая встреча группы «Медиа»"]]
    await anna.press("Новая встреча группы «Медиа»")
    assert anna.last.text.startswith("Новая встреча. Как она называется?")
    for answer in ANSWERS_UP_TO_AUDIENCE:
        await anna.send(answer.format(when=text_of(moscow(days=5))))
    assert anna.last.buttons == [["Рабочая группа: Медиа"]]  # not «Фонд»: chosen in the chat
    await anna.press("Рабочая группа: Медиа")
    assert anna.last.text.startswith("Встреча «Планёрка» (№1) создана")
    await run_jobs(telegram, "meetings.invite")
    assert boris.last.text.startswith("Приглашаем вас на встречу.")

    await run_job(telegram, "groups.digest")
    assert "Ближайшие встречи:\n• «Планёрка», " in boris.last.text
    assert boris.last.text.endswith("— /meeting 1")

    await anna.send("/meeting", chat=chat)  # /meeting without a number does the same
    assert chat.last.text == "Я написал вам в личные сообщения, чтобы назначить встречу."


async def test_others_are_refused_and_buttons_rechecked(telegram: LocalTelegram) -> None:
    chat, olga, anna, boris = await _setup(telegram)
    telegram.server.set_member(-300, 2, "administrator")
    for person in (boris, olga):  # a chat admin of the group; an organiser who does not coordinate
        await person.send("/newmeeting", chat=chat)
        assert chat.last.text == REFUSAL
    await send_anonymously(telegram, chat, "/newmeeting")
    assert chat.last.text.startswith("Я не знаю, какой администратор пишет анонимно.")
    telegram.server.set_member(-300, 1, "member")  # the coordinator, not a chat admin
    await anna.send("/newmeeting", chat=chat)
    assert chat.last.text == REFUSAL
    telegram.server.set_member(-300, 1, "administrator")
    await anna.send("/newmeeting", chat=chat)
    stranger = telegram.group(-400, "Чужой чат")
    await anna.send("/newmeeting", chat=stranger)  # a chat of no group
    assert stranger.last.text == "Этот чат не привязан к рабочей группе."
    await boris.press_data("mt:grp:1", anna.last)  # forged: Boris coordinates nothing
    assert boris.last_answer == "Эта кнопка больше не действует."
    await anna.press_data("mt:grp:99", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    button = anna.last
    await anna.send("/leave Медиа")  # Anna is no longer the coordinator
    await anna.press("Да, выйти")
    await anna.press("Новая встреча группы «Медиа»", button)  # an old button
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.send("/newmeeting", chat=chat)
    assert chat.last.text == REFUSAL


async def test_coordinator_who_blocked_the_bot_is_told_in_the_chat(
    telegram: LocalTelegram,
) -> None:
    chat, _olga, anna, _boris = await _setup(telegram)
    telegram.server.block(1)
    await anna.send("/newmeeting", chat=chat)
    assert chat.last.text.startswith("Не могу вам написать")


async def test_flood_and_restart_in_the_middle_keep_the_group_chosen(
    harness: BotHarness, telegram: LocalTelegram
) -> None:
    chat, _olga, anna, _boris = await _setup(telegram)
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.send("/newmeeting", chat=chat)
    assert chat.last.text == "Я написал вам в личные сообщения, чтобы назначить встречу."
    await anna.press("Новая встреча группы «Медиа»")
    await anna.send("Планёрка")
    await harness.restart()
    for answer in ANSWERS_UP_TO_AUDIENCE[1:]:
        await anna.send(answer.format(when=text_of(moscow(days=5))))
    assert anna.last.buttons == [["Рабочая группа: Медиа"]]
