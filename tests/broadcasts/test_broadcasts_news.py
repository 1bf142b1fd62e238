"""/news, /settings (at once, digest, only in /news; urgent always goes), the daily digest,
/setnewschannel, and the RSS/Atom feed read from a local file and a local HTTP server."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.broadcasts import feed
from bot.db import Database
from bot.localapi import LocalTelegram, SimUser
from models import DeliveryState, PersonStatus, Role
from tests.support.community import announce, last_broadcast, member, organiser, received
from tests.support.harness import BotHarness, make_settings

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Портал</title>
<item><title>Грант на обучение</title><link>https://portal.example/1</link>
<guid>item-1</guid>
<description>&lt;p&gt;Приём заявок до &lt;b&gt;1 марта&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Форум добровольцев</title><link>https://portal.example/2</link>
<guid>item-2</guid><description>Москва, 10 апреля</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Портал</title>
<entry><title>Новая методичка</title><id>urn:uuid:42</id>
<link rel="alternate" href="https://portal.example/42"/><summary>Для координаторов</summary></entry>
</feed>"""


async def publish_now(
    boss: SimUser, text: str, *, urgent: bool = False, to_channel: bool = False
) -> None:
    await announce(boss, text, "Все участники")
    if urgent:
        await boss.press("Срочное: нет")
    await boss.press("Отправить сейчас")
    if to_channel and boss.last.buttons[0] == ["Канал новостей: нет"]:
        await boss.press("Канал новостей: нет")
    await boss.press("Подтвердить")
    await last_broadcast(boss.telegram)


async def choose(user: SimUser, label: str) -> None:
    await user.send("/settings")
    await user.press(label)


async def test_settings_digest_and_news_only_urgent_always_goes(telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    boris = await member(telegram, 2, "Борис")
    vera = await member(telegram, 3, "Вера", language="en")
    await anna.send("/settings")
    assert anna.last.text.startswith("Как вы хотите получать объявления? Сейчас: сразу.")
    await choose(boris, "в ежедневном дайджесте")
    assert boris.last_answer == "Сохранено."
    assert boris.last.buttons[1] == ["✓ в ежедневном дайджесте"]
    await choose(vera, "only in /news")
    await boris.press_data("bc:pref:never", boris.last)
    assert boris.last_answer == "Эта кнопка больше не действует."

    await publish_now(boss, "Обычная новость")
    await publish_now(boss, "Вторая новость")
    await publish_now(boss, "Срочная новость", urgent=True)
    assert received(telegram, anna.id, "Обычная новость") == 1
    assert received(telegram, boris.id, "Обычная новость") == 0
    assert received(telegram, vera.id, "Обычная новость") == 0
    for person in (anna, boris, vera):
        assert received(telegram, person.id, "Срочная новость") == 1

    digest = telegram.application.job_queue.get_jobs_by_name("broadcasts.digest")
    assert len(digest) == 1
    await digest[0].run(telegram.application)
    assert boris.last.text.startswith("Ваш ежедневный дайджест: 2 объявления.")
    assert "Обычная новость" in boris.last.text and "Вторая новость" in boris.last.text
    assert "Срочная" not in boris.last.text
    assert not any("digest" in text for text in vera.texts)
    await digest[0].run(telegram.application)  # nothing new: nothing sent again
    assert sum(text.startswith("Ваш ежедневный") for text in boris.texts) == 1


async def test_digest_to_someone_who_blocked_the_bot(telegram) -> None:
    boss = await organiser(telegram)
    boris = await member(telegram, 2, "Борис")
    await choose(boris, "в ежедневном дайджесте")
    await publish_now(boss, "Новость")
    telegram.server.block(boris.id)
    await telegram.application.job_queue.get_jobs_by_name("broadcasts.digest")[0].run(
        telegram.application
    )
    person = await telegram.application.services.people.get(boris.id)
    assert person.status is PersonStatus.UNREACHABLE
    stats = await telegram.application.services.outbox.stats(1)
    assert stats[DeliveryState.BLOCKED] == 1


async def test_news_pages(telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    await choose(anna, "только в /news")
    for number in range(1, 8):
        await publish_now(boss, f"Новость {number}")
    assert not any(text.startswith("Новость") for text in anna.texts)
    await anna.send("/news")
    first = anna.last.text
    assert first.startswith("Новости, страница 1 из 2:")
    assert "Новость 7" in first and "Новость 3" in first and "Новость 2" not in first
    assert anna.last.buttons == [["Старше ›"]]
    await anna.press("Старше ›")
    assert anna.last.text.startswith("Новости, страница 2 из 2:")
    assert "Новость 1" in anna.last.text and anna.last.buttons == [["‹ Новее"]]
    await anna.press_data("bc:news:-1", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.press_data("bc:news:40", anna.last)
    assert anna.last.text == "Новостей пока нет."


async def test_news_channel(telegram) -> None:
    boss = await organiser(telegram)
    channel = telegram.group(-1001, "Новости сообщества")
    telegram.group(-1002, "Чужой чат")
    telegram.server.set_member(-1002, telegram.server.bot_user["id"], "member")
    await boss.send("/setnewschannel")
    assert boss.last.text.startswith("Отправьте /setnewschannel")
    await boss.send("/setnewschannel abc")
    assert boss.last.text == "Это не похоже ни на id чата, ни на @имя."
    await boss.send("/setnewschannel -1009")
    assert boss.last.text.startswith("Я не вижу этот чат.")
    await boss.send("/setnewschannel -1002")
    assert boss.last.text == "Бот должен быть администратором этого канала."
    await boss.send("/setnewschannel -1001")
    assert boss.last.text.startswith("Объявления для всего сообщества теперь можно публиковать")
    await publish_now(boss, "В канал тоже", to_channel=True)
    assert channel.last.text == "В канал тоже"
    await boss.send("/setnewschannel off")
    assert boss.last.text == "Новости больше не публикуются в канале."
    await publish_now(boss, "Только участникам", to_channel=True)  # no channel: not offered
    assert channel.last.text == "В канал тоже"
    anna = await member(telegram, 1, "Анна")
    await anna.send("/setnewschannel -1001")
    assert "организатор" in anna.last.text


def test_feed_parsing_rss_and_atom() -> None:
    items = feed.parse(RSS.encode())
    assert [item.guid for item in items] == ["item-1", "item-2"]
    assert items[0].summary == "Приём заявок до 1 марта"
    assert (
        items[0].as_text()
        == "Грант на обучение\n\nПриём заявок до 1 марта\n\nhttps://portal.example/1"
    )
    atom = feed.parse(ATOM.encode())
    assert atom[0].guid == "urn:uuid:42" and atom[0].link == "https://portal.example/42"
    with pytest.raises(feed.FeedError):
        feed.parse(b"<html><body>not a feed</body></html>")
    with pytest.raises(feed.FeedError):
        feed.parse(b"not xml at all")
    with pytest.raises(feed.FeedError):
        feed.parse(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')


async def _run_feed(telegram: LocalTelegram) -> None:
    jobs = telegram.application.job_queue.get_jobs_by_name("broadcasts.feed")
    assert len(jobs) == 1
    await jobs[0].run(telegram.application)


@contextmanager
def local_http(directory: Path) -> Iterator[str]:
    """A throw-away HTTP server on 127.0.0.1 serving `directory`."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_feed_items_become_drafts_published_with_one_press(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    harness = BotHarness(make_settings(database.url, news_feed_url=path.as_uri()), database)
    telegram = await harness.start()
    try:
        boss = await organiser(telegram)
        anna = await member(telegram, 1, "Анна")
        await _run_feed(telegram)
        drafts = [m for m in boss.messages if m.text.startswith("Из ленты новостей:")]
        assert len(drafts) == 2  # oldest first
        assert "Форум добровольцев" in drafts[0].text and drafts[0].buttons == [
            ["Опубликовать для всех участников", "Отклонить"]
        ]
        await _run_feed(telegram)  # the same items again: no new drafts
        assert len([m for m in boss.messages if m.text.startswith("Из ленты")]) == 2

        publish_forum = drafts[0].flat_buttons[0]["callback_data"]
        publish_grant = drafts[1].flat_buttons[0]["callback_data"]
        await boss.press("Опубликовать", drafts[0])
        assert boss.last_answer == "Опубликовано."
        await last_broadcast(telegram)
        assert anna.last.text.startswith("Форум добровольцев")
        await boss.press_data(publish_forum, drafts[0])
        assert boss.last_answer == "Это уже опубликовано или отклонено."
        await boss.press("Отклонить", drafts[1])
        assert boss.last_answer == "Отклонено."
        await anna.press_data(publish_grant, anna.last)
        assert anna.last_answer == "Эта кнопка больше не действует."
        assert not any("Грант" in text for text in anna.texts)
    finally:
        await harness.stop()


async def test_feed_from_a_local_http_server(database: Database, tmp_path: Path) -> None:
    (tmp_path / "atom.xml").write_text(ATOM, encoding="utf-8")
    with local_http(tmp_path) as base:
        settings = make_settings(database.url, news_feed_url=f"{base}/atom.xml")
        harness = BotHarness(settings, database)
        telegram = await harness.start()
        try:
            boss = await organiser(telegram)
            await _run_feed(telegram)
            assert boss.last.text.startswith("Из ленты новостей:\n\nНовая методичка")
            settings.news_feed_url = f"{base}/missing.xml"
            await _run_feed(telegram)  # a 404 is logged, nothing breaks
            assert boss.last.text.startswith("Из ленты новостей:\n\nНовая методичка")
        finally:
            await harness.stop()
    await asyncio.sleep(0)


async def test_applicant_cannot_use_feed_buttons_or_broadcasts(telegram) -> None:
    newcomer = await member(telegram, 3, "Вера", role=Role.APPLICANT)
    await newcomer.send("/help")
    await newcomer.press_data("bc:pub:1", newcomer.last)
    assert newcomer.last_answer == "Эта кнопка больше не действует."
