"""The public news channel gets an announcement only when it is for the whole community (all
members, or everyone who started the bot) and its organiser chose it at the confirmation
(no by default): never one to a region, an area or a working group."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.broadcasts.audiences import Audience
from bot.core.errors import Refused
from bot.db import Database
from bot.localapi import LocalTelegram, SimUser
from bot.outbox.content import Draft
from models import AudienceKind
from tests.broadcasts.test_broadcasts_groups import _group_with
from tests.broadcasts.test_broadcasts_news import RSS
from tests.support.community import announce, last_broadcast, member, organiser, send_text
from tests.support.harness import BotHarness, make_settings

CHANNEL_ID = -1001
NO, YES = "Канал новостей: нет", "Канал новостей: да"
CONFIRM = ["Подтвердить", "Отмена"]
STALE = "Эта кнопка больше не действует."


async def _with_channel(telegram: LocalTelegram) -> SimUser:
    """The organiser, who sets the news channel."""
    boss = await organiser(telegram)
    telegram.group(CHANNEL_ID, "Новости сообщества")
    await boss.send(f"/setnewschannel {CHANNEL_ID}")
    assert boss.last.text == (
        "Объявления для всего сообщества теперь можно публиковать и в канале "
        "«Новости сообщества»: выберите это при подтверждении объявления."
    )
    return boss


def posted(telegram: LocalTelegram) -> list[str]:
    """What the news channel shows."""
    return [m.get("text") or m.get("caption") for m in telegram.server.chat_messages(CHANNEL_ID)]


async def test_only_the_whole_community_and_only_when_chosen(telegram: LocalTelegram) -> None:
    boss = await _with_channel(telegram)
    moscow = await member(telegram, 1, "Анна", region="MOW")
    kira = await member(telegram, 2, "Кира")
    await _group_with(telegram, "Наставники", kira)

    await announce(boss, "Москвичам", "Регион")
    await boss.send("Москва")
    await boss.press("Отправить сейчас")
    assert boss.last.buttons == [CONFIRM]  # no channel for a region
    await kira.send("/announce")  # a coordinator meanwhile, to her working group
    await send_text(kira, "Наставникам")
    await kira.press("Наставники")
    await kira.press("Отправить сейчас")
    assert kira.last.buttons == [CONFIRM]
    await kira.press_data("bc:chan", kira.last)  # forged: not for a working group
    assert kira.last_answer == STALE
    await boss.press_data("bc:chan", boss.last)
    assert boss.last_answer == STALE
    await boss.press("Подтвердить")
    await kira.press("Подтвердить")
    await last_broadcast(telegram)
    assert moscow.last.text == "Москвичам"

    await announce(boss, "Всем, но не в канал", "Все участники")
    await boss.press("Отправить сейчас")
    assert boss.last.buttons == [[NO], CONFIRM]  # offered, no by default
    await boss.press("Подтвердить")
    await last_broadcast(telegram)
    assert moscow.last.text == "Всем, но не в канал"
    assert posted(telegram) == []

    await announce(boss, "Всем и в канал", "Все участники")
    await boss.press("Отправить сейчас")
    await boss.press(NO)
    assert boss.last.buttons == [[YES], CONFIRM]
    assert boss.last.text.endswith("Также будет опубликовано в открытом канале новостей.")
    await boss.press(YES)  # changed her mind twice
    await boss.press(NO)
    await boss.press("Подтвердить")
    await last_broadcast(telegram)
    assert posted(telegram) == ["Всем и в канал"]
    await boss.press("Подтвердить", boss.messages[-3])  # an old Confirm: nothing more
    assert posted(telegram) == ["Всем и в канал"]


async def test_a_scheduled_announcement_to_everyone_keeps_the_choice(
    harness: BotHarness, telegram: LocalTelegram
) -> None:
    boss = await _with_channel(telegram)
    newcomer = telegram.user(3, "Вера")
    await newcomer.send("/start")
    at = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(hours=2)
    await announce(boss, "Открытая встреча", "Все, кто запускал бота")
    await boss.press("В заданное время")
    await boss.send(at.strftime("%d.%m.%Y %H:%M"))
    await boss.press(NO)
    await boss.press("Подтвердить")
    await harness.restart()  # the choice is stored with the announcement
    for restore in telegram.application.job_queue.get_jobs_by_name("broadcasts.restore"):
        await restore.run(telegram.application)
    [job] = telegram.application.job_queue.get_jobs_by_name("broadcasts.publish:1")
    await job.run(telegram.application)
    await last_broadcast(telegram)
    assert newcomer.last.text == "Открытая встреча"
    assert posted(telegram) == ["Открытая встреча"]


async def test_the_rules_refuse_the_channel_for_a_part_of_the_community(
    telegram: LocalTelegram,
) -> None:
    await _with_channel(telegram)
    services = telegram.application.services
    boss = await services.people.get(100)
    for audience in (
        Audience(AudienceKind.REGION, "MOW"),
        Audience(AudienceKind.AREA, "children"),
    ):
        with pytest.raises(Refused):
            await services.broadcasts.announcements.submit(
                boss,
                draft=Draft("Часть"),
                audience=audience,
                urgent=False,
                scheduled_at=None,
                to_channel=True,
            )
    assert await services.outbox.recent() == []


async def test_feed_drafts_go_to_the_channel_only_with_their_own_button(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    harness = BotHarness(make_settings(database.url, news_feed_url=path.as_uri()), database)
    telegram = await harness.start()
    try:
        boss = await _with_channel(telegram)
        [job] = telegram.application.job_queue.get_jobs_by_name("broadcasts.feed")
        await job.run(telegram.application)
        forum, grant = [m for m in boss.messages if m.text.startswith("Из ленты новостей:")]
        assert forum.buttons == [
            ["Опубликовать для всех участников", "Отклонить"],
            ["Опубликовать для всех участников и в канале новостей"],
        ]
        again = grant.flat_buttons[2]["callback_data"]
        await boss.press("Опубликовать для всех участников", forum)
        await last_broadcast(telegram)
        assert posted(telegram) == []
        await boss.press("Опубликовать для всех участников и в канале новостей", grant)
        assert boss.last_answer == "Опубликовано."
        await last_broadcast(telegram)
        assert len(posted(telegram)) == 1 and posted(telegram)[0].startswith("Грант")
        await boss.press_data(again, grant)
        assert boss.last_answer == "Это уже опубликовано или отклонено."
    finally:
        await harness.stop()
