"""A coordinator schedules a group meeting from the group's chat; its invitation names the
group, a card in the group's chat takes answers and follows its changes; the weekly digest
lists the group's upcoming meetings."""

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
LINK = "https://meet.example.org/media"


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


async def test_a_group_meeting_names_its_group_and_is_answered_in_the_group_chat(
    tg: LocalTelegram,
) -> None:
    chat, _olga, anna, boris = await _setup(tg)
    vera = await member(tg, 3, "Вера")  # a member, not in «Медиа»
    await anna.send("/newmeeting", chat=chat)
    await anna.press("Новая встреча группы «Медиа»")
    start = moscow(days=5).replace(hour=18, minute=0)
    for answer in ANSWERS_UP_TO_AUDIENCE:
        await anna.send(answer.format(when=text_of(start)))
    await anna.press("Рабочая группа: Медиа")
    await run_jobs(tg, "meetings.invite")
    invitation = boris.last
    assert invitation.text.startswith(
        "Приглашаем вас на встречу.\n\n«Планёрка» (#1)\nРабочая группа: Медиа\n"
    )
    card = chat.last
    assert card.text.startswith("Встреча рабочей группы.\n\n«Планёрка» (#1)\nРабочая группа: Медиа")
    assert card.buttons == [["Пойду", "Возможно", "Не пойду"]]
    assert LINK not in card.text
    await run_jobs(tg, "meetings.invite")  # again, as at a restart: one card only
    assert sum(text.startswith("Встреча рабочей группы.") for text in chat.texts) == 1

    await vera.press("Пойду", card)  # not in the group
    assert vera.last_answer == "Такой встречи для вас нет."
    await boris.press("Пойду", card)
    assert boris.last_answer == "Ваш ответ: пойду."
    assert boris.last.text.startswith("«Планёрка» (#1)") and f"Онлайн: {LINK}" in boris.last.text
    private = len(boris.messages)
    await anna.press("Возможно", anna.last_with_buttons())  # privately, in between
    await boris.press("Пойду", card)  # twice: no second private card
    assert len(boris.messages) == private
    assert chat.last.message_id == card.message_id and not chat.last.edited  # paced
    await run_jobs(tg, "meetings.group_card")
    assert chat.last.edited and "Идёт 1 человек." in chat.last.text
    assert LINK not in chat.last.text

    await anna.send("/meeting 1")
    await anna.press("Изменить время")
    await anna.send("в пятницу в 10:00")
    await anna.press("Да, перенести")
    await run_jobs(tg, "meetings.announce")
    assert chat.last.message_id == card.message_id
    assert chat.last.text.startswith(f"Время изменилось: {text_of(start)} → ")
    assert "10:00.\n\nВстреча рабочей группы." in chat.last.text
    assert boris.last.text.startswith("Время встречи «Планёрка» изменилось:")


async def test_the_group_card_is_cancelled_with_the_reason(tg: LocalTelegram) -> None:
    chat, _olga, anna, boris = await _setup(tg)
    await anna.send("/newmeeting", chat=chat)
    await anna.press("Новая встреча группы «Медиа»")
    for answer in ANSWERS_UP_TO_AUDIENCE:
        await anna.send(answer.format(when=text_of(moscow(days=5))))
    await anna.press("Рабочая группа: Медиа")
    await run_jobs(tg, "meetings.invite")
    card = chat.last
    await anna.send("/meeting 1")
    await anna.press("Отменить встречу")
    await anna.send("Все в отпуске")
    await anna.press("Да, отменить")
    await run_jobs(tg, "meetings.announce")
    assert chat.last.message_id == card.message_id and chat.last.buttons == []
    assert chat.last.text.startswith("Организатор отменил встречу.\n\nВстреча рабочей группы.")
    assert "ОТМЕНЕНА\nПричина: Все в отпуске" in chat.last.text
    await boris.press_data("mt:ga:1:g", card)
    assert boris.last_answer == "Эта встреча отменена."
