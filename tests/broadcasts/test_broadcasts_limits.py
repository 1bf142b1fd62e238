"""Broadcasts within Telegram's limits: a hundred scheduled announcements in pages, news of
the longest texts as Telegram counts them."""

from __future__ import annotations

from datetime import timedelta

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Announcement, AnnouncementStatus, utcnow
from tests.support.community import member, organiser
from tests.support.limits import EMOJI, beyond_limits, utf16


async def test_a_hundred_scheduled_announcements_in_pages(
    telegram: LocalTelegram, database: Database
) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    async with database.session() as session:
        for number in range(101):
            session.add(
                Announcement(
                    text=f"{number:03d} " + EMOJI * 2000,
                    status=AnnouncementStatus.SCHEDULED,
                    scheduled_at=utcnow() + timedelta(days=1, minutes=number),
                )
            )
    await boss.send("/broadcasts")
    listing = boss.messages[-2]
    assert listing.text.startswith("Запланированные объявления:\nСтраница 1 из 11.\n#1 · ")
    assert len(listing.flat_buttons) == 11  # ten Cancel buttons and ›
    assert "000 " + EMOJI * 28 + "…" in listing.text
    await boss.press("›", listing)
    await boss.press("Отменить №12", boss.messages[-2])
    assert boss.last.text == "Объявление №12 не будет отправлено."
    await anna.press_data("bc:sched:1", listing)
    assert anna.last_answer is not None and anna.last_answer.startswith("Это доступно роли")
    assert beyond_limits(telegram) == []


async def test_news_of_the_longest_texts(telegram: LocalTelegram, database: Database) -> None:
    await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    async with database.session() as session:
        for number in range(5):
            session.add(
                Announcement(
                    text=f"{number} " + EMOJI * 2047,
                    status=AnnouncementStatus.PUBLISHED,
                    published_at=utcnow() - timedelta(minutes=number),
                )
            )
    await anna.send("/news")
    assert anna.last.text.startswith("Новости, страница 1 из 1:")
    assert utf16(anna.last.text) <= 4096 and anna.last.text.count("…") == 5
    assert beyond_limits(telegram) == []
