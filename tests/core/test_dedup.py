"""A repeated update is processed once, also when it comes again after a restart (Telegram
delivers at least once and keeps an update for 24 hours), and also when both deliveries
arrive at the same moment."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import func, select
from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import BotContext
from bot.core.dedup import RecentUpdates
from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.server import JSON
from models import Broadcast, SeenUpdate, utcnow
from tests.groups.support import group_with_chat
from tests.support.harness import BotHarness, make_settings
from tests.support.jobs import deliveries_done

ANNOUNCEMENT = "От координатора группы «Медиа»:\n\nВстреча в пятницу"
FAILED = "Извините, у нас что-то пошло не так"


async def redeliver(telegram: LocalTelegram, update: JSON) -> None:
    """Telegram delivers the same update (the same update_id) once more."""
    application = telegram.application
    parsed = Update.de_json(update, application.bot)
    await application.update_processor.process_update(parsed, application.process_update(parsed))


async def _broadcasts(database: Database) -> int:
    async with database.session() as session:
        return (await session.exec(select(func.count()).select_from(Broadcast))).one()


async def test_an_announcement_delivered_again_after_a_restart_goes_out_once(
    harness: BotHarness, telegram: LocalTelegram, database: Database
) -> None:
    """Анна announces to her group; the bot restarts and Telegram, which never heard the
    bot's answer, delivers her /announce_group again: Борис gets the announcement once."""
    _olga, chat, anna, boris = await group_with_chat(telegram)
    update = await anna.send("/announce_group Встреча в пятницу", chat=chat)
    await deliveries_done(telegram)
    assert boris.texts.count(ANNOUNCEMENT) == 1
    said_in_chat = len(chat.messages)
    broadcasts = await _broadcasts(database)

    await harness.restart()
    await redeliver(telegram, update)
    await deliveries_done(telegram)
    assert boris.texts.count(ANNOUNCEMENT) == 1
    assert len(chat.messages) == said_in_chat  # no second "Отправляю…" either
    assert await _broadcasts(database) == broadcasts

    await anna.send("/announce_group Встреча в пятницу", chat=chat)  # a new update: sent
    await deliveries_done(telegram)
    assert boris.texts.count(ANNOUNCEMENT) == 2


async def test_two_deliveries_at_the_same_moment_are_processed_once(
    telegram: LocalTelegram,
) -> None:
    anna = telegram.user(1, "Анна")
    update = telegram.server.new_update({"message": telegram.server.user_message(1, "/start")})
    await asyncio.gather(redeliver(telegram, update), redeliver(telegram, update))
    assert len(anna.messages) == 1


async def test_a_failed_update_is_not_remembered(database: Database) -> None:
    """The record of an update commits with its work: an update that fails before it says
    anything keeps nothing, not even the record, so delivered again it is processed again."""

    async def explode(update: Update, context: BotContext) -> None:
        await context.services.people.set_language(context.me.telegram_id, "en")
        raise RuntimeError("a bug after the write")

    def customise(application: Application) -> None:  # a group's plain text: no fallback
        application.add_handler(MessageHandler(filters.Regex("^взрыв$"), explode), group=1)

    harness = BotHarness(make_settings(database.url), database, customise=customise)
    telegram = await harness.start()
    try:
        await telegram.user(1, "Анна").send("/start")
        chat = telegram.group(-100, "Чат")
        message = telegram.server.user_message(1, "взрыв", chat_id=-100)
        update = telegram.server.new_update({"message": message})
        await redeliver(telegram, update)
        await redeliver(telegram, update)
        assert [text.startswith(FAILED) for text in chat.texts] == [True, True]
        person = await telegram.application.services.people.get(1)  # type: ignore[attr-defined]
        assert person is not None and person.language is None
    finally:
        await harness.stop()


async def test_update_ids_are_kept_for_a_day_and_then_pruned(database: Database) -> None:
    """Old ids are removed now and then (by the first update after a start, then by every
    `prune_every`-th), never one younger than a day: Telegram may still deliver it."""
    now = utcnow()
    recent = RecentUpdates(database, prune_every=4, clock=lambda: now)
    assert [await recent.first_time(i) for i in (1, 2, 1)] == [True, True, False]
    now += timedelta(hours=24)
    assert [await recent.first_time(i) for i in (3, 2)] == [True, False]  # pruned, 2 kept
    now += timedelta(hours=2)
    assert [await recent.first_time(i) for i in (4, 5, 6, 7)] == [True] * 4  # pruned again
    async with database.session() as session:
        kept = set(await session.exec(select(SeenUpdate.update_id)))
    assert kept == {3, 4, 5, 6, 7}
