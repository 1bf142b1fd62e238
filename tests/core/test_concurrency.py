"""Updates of different chats run at once; one chat's and one person's stay in order.

Updates reach the bot here as polling hands them over: through the application's update
queue, several at once, so the tests see what the update processor does with a backlog.
The group's minute is sped up (the rate limiter's `group_period`), so nothing waits long.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest
from sqlmodel import select
from telegram import Update

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from bot.localapi.server import JSON
from bot.ratelimit import PriorityRateLimiter
from bot.updates import ChatOrderedUpdates, order_keys
from models import Answer, Attendance, MemberProfile, Person
from tests.support.harness import BotHarness, make_settings, until
from tests.support.jobs import run_jobs
from tests.support.meetings import create_meeting, moscow, text_of
from tests.support.membership import answer_until_summary
from tests.support.people import member, organiser

FAST_MINUTE = 0.5  # the group's minute: twenty messages to a group per half a second
FAILED = "Извините, у нас что-то пошло не так"


def fast_group_limiter() -> PriorityRateLimiter:
    return PriorityRateLimiter(overall_rate=1000, bulk_chat_interval=0.05, group_period=FAST_MINUTE)


@pytest.fixture
async def telegram(database: Database) -> AsyncIterator[LocalTelegram]:
    harness = BotHarness(make_settings(database.url), database, rate_limiter=fast_group_limiter)
    yield await harness.start()
    await harness.stop()


def says(user: SimUser, text: str, chat: SimChat | None = None) -> JSON:
    server = user.telegram.server
    return {"message": server.user_message(user.id, text, chat_id=chat.chat_id if chat else None)}


async def queue(telegram: LocalTelegram, *payloads: JSON) -> None:
    """Hand the updates to the bot as polling does, all at once."""
    application = telegram.application
    for payload in payloads:
        update = telegram.server.new_update(payload)
        await application.update_queue.put(Update.de_json(update, application.bot))


async def processed(telegram: LocalTelegram) -> None:
    async with asyncio.timeout(15):
        await telegram.application.update_queue.join()


def sent_to(telegram: LocalTelegram, chat_id: int) -> list[float]:
    """When each message the bot sent to the chat left."""
    return [
        call.at
        for call in telegram.server.calls_to("sendMessage")
        if int(call.params["chat_id"]) == chat_id and call.ok
    ]


async def test_a_busy_group_holds_no_one_else(telegram: LocalTelegram) -> None:
    """Four people send forty /help into one group: the group gets twenty answers in its
    minute and the rest in the next. Meanwhile Вера's /help in private and Глеб's in another
    group are answered at once, not after the busy group's backlog."""
    chatty = telegram.group(-700, "Болтливый чат")
    quiet = telegram.group(-800, "Тихий чат")
    talkers = [telegram.user(10 + n, f"Участник {n}") for n in range(4)]
    vera, gleb = telegram.user(3, "Вера"), telegram.user(4, "Глеб")
    for person in (vera, gleb, *talkers):  # a running bot: everyone has been seen before
        await person.send("/start")
    await queue(telegram, *(says(talkers[n % 4], "/help", chatty) for n in range(40)))
    await asyncio.sleep(0.05)  # the group's first twenty answers are out, the rest wait
    before = len(sent_to(telegram, vera.id))
    asked = time.monotonic()
    await queue(telegram, says(vera, "/help"), says(gleb, "/help", quiet))
    await until(lambda: _answered(telegram, vera.id, quiet.chat_id, before), seconds=5)
    answered = max(sent_to(telegram, vera.id)[-1], sent_to(telegram, quiet.chat_id)[-1])
    assert answered - asked < FAST_MINUTE / 2
    assert vera.last.text.startswith("Ваша роль:") and quiet.last.text.startswith("Ваша роль:")
    await processed(telegram)
    group_answers = sent_to(telegram, chatty.chat_id)
    assert len(group_answers) == 40
    assert group_answers[20] - group_answers[0] >= FAST_MINUTE * 0.9  # its own limit held
    assert answered < group_answers[20]  # not behind the group's second minute
    processor = telegram.application.update_processor
    assert isinstance(processor, ChatOrderedUpdates) and processor.keys_in_use == 0


async def _answered(telegram: LocalTelegram, private: int, group: int, before: int) -> bool:
    """Вера has her /help answer (after those of her /start), and the quiet group its one."""
    return len(sent_to(telegram, private)) > before and len(sent_to(telegram, group)) == 1


async def test_thirty_people_starting_at_once_are_all_stored(
    telegram: LocalTelegram, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Thirty first contacts at the same moment: thirty people written concurrently, each
    in its own unit of work, without "database is locked" or any other failure."""
    people = [telegram.user(100 + n, f"Человек {n}") for n in range(30)]
    with caplog.at_level(logging.ERROR):
        await queue(telegram, *(says(person, "/start") for person in people))
        await processed(telegram)
    assert all(person.last.text.startswith("Здравствуйте") for person in people)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    async with database.session() as session:
        stored = set(await session.exec(select(Person.telegram_id)))
    assert {person.id for person in people} <= stored


async def test_one_persons_burst_stays_in_order(telegram: LocalTelegram) -> None:
    """Анна types /apply and her first two answers so fast that all three are waiting at
    once: the questionnaire takes them in order, as if she had waited for each question."""
    anna = telegram.user(1, "Анна")
    await queue(
        telegram,
        says(anna, "/apply"),
        says(anna, "Анна Петрова"),
        says(anna, "АНО «Забота», координатор"),
    )
    await processed(telegram)
    assert anna.texts[0].startswith("Добро пожаловать!")
    assert anna.texts[1:] == [
        "Как вас зовут (полностью)?",
        "Какую организацию вы представляете и какая у вас должность?",
        "В каком регионе вы работаете? Напишите часть названия, например «Тверская» или «Москва».",
    ]


async def test_two_people_in_the_same_dialogue_at_once(
    telegram: LocalTelegram, database: Database
) -> None:
    """Анна and Bob fill in the questionnaire at the same time, their answers interleaved
    step by step: each application holds its own person's answers."""
    anna, bob = telegram.user(1, "Анна"), telegram.user(2, "Bob", language_code="en")
    await queue(telegram, says(anna, "/apply"), says(bob, "/apply"))
    await processed(telegram)
    await asyncio.gather(answer_until_summary(anna), answer_until_summary(bob, english=True))
    assert "Анна Петрова" in anna.last.text and "Bob" not in anna.last.text
    assert "Bob Smith" in bob.last.text and "Анна" not in bob.last.text
    await asyncio.gather(anna.press("Отправить заявку"), bob.press("Send the application"))
    assert anna.last.text.startswith("Спасибо!") and bob.last.text.startswith("Thank you!")
    async with database.session() as session:
        rows = await session.exec(
            select(Person.telegram_id, MemberProfile.full_name).join(
                MemberProfile, MemberProfile.person_id == Person.id
            )
        )
        names = dict(rows.all())
    assert names == {1: "Анна Петрова", 2: "Bob Smith"}


def _update(data: JSON) -> Update:
    return Update.de_json({"update_id": 1, **data}, None)


def _message(chat_id: int, user_id: int) -> Update:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "t"}
    user = {"id": user_id, "is_bot": False, "first_name": "U"}
    return _update({"message": {"message_id": 1, "date": 0, "chat": chat, "from": user}})


def test_an_update_keeps_the_order_of_its_chat_and_its_sender() -> None:
    assert order_keys(_message(-5, 7)) == [("chat", -5), ("user", 7)]
    anonymous = _update(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": -5, "type": "supergroup", "title": "t"},
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
            }
        }
    )
    assert order_keys(anonymous) == [("chat", -5)]  # one bot for every anonymous admin
    assert order_keys(object()) == []


async def test_crossing_updates_neither_deadlock_nor_overtake() -> None:
    """Анна in group A and Борис in group B, then each in the other's group, then both in
    private, all at once: different chats and people overlap, the same chat or person waits
    its turn, and nothing is left locked afterwards."""
    processor = ChatOrderedUpdates()
    log: list[str] = []
    running: set[str] = set()
    overlapped = False

    async def work(name: str, keys: set[str]) -> None:
        nonlocal overlapped
        assert not keys & running, f"{name} ran beside an update of the same chat or person"
        running.update(keys)
        overlapped = overlapped or len(running) > len(keys)
        log.append(f"{name} start")
        await asyncio.sleep(0.02)
        running.difference_update(keys)
        log.append(f"{name} end")

    plan = [
        ("anna@A", _message(-1, 1), {"A", "anna"}),
        ("boris@B", _message(-2, 2), {"B", "boris"}),
        ("anna@B", _message(-2, 1), {"B", "anna"}),
        ("boris@A", _message(-1, 2), {"A", "boris"}),
        ("anna", _message(1, 1), {"anna"}),
        ("boris", _message(2, 2), {"boris"}),
    ]
    async with asyncio.timeout(2):
        await asyncio.gather(
            *(processor.process_update(u, work(name, keys)) for name, u, keys in plan)
        )
    assert overlapped and processor.keys_in_use == 0
    for first, then in [("anna@A", "anna@B"), ("anna@B", "anna"), ("boris@B", "boris@A")]:
        assert log.index(f"{first} end") < log.index(f"{then} start")


async def test_the_last_place_goes_to_one_of_two_pressing_at_once(
    tg: LocalTelegram, database: Database
) -> None:
    """Анна and Борис press Going for a meeting's last place at the same moment, each in
    their private chat (so their updates run at once): one goes, the other waits."""
    olga = await organiser(tg)
    anna, boris = await member(tg, 1, "Анна"), await member(tg, 2, "Борис")
    meeting_id = await create_meeting(olga, text_of(moscow(days=2)), capacity="1")
    await run_jobs(tg, "meetings.invite")
    await asyncio.gather(anna.press("Пойду"), boris.press("Пойду"))
    async with database.session() as session:
        rows = await session.exec(
            select(Attendance.answer).where(Attendance.meeting_id == meeting_id)
        )
        answers = sorted(rows.all())
    assert answers == sorted([Answer.GOING, Answer.WAITING, Answer.INVITED])  # and Ольга
    toasts = {anna.last_answer, boris.last_answer}
    assert "Мест нет: вы в листе ожидания, ваше место в очереди — 1." in toasts
