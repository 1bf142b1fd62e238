"""The log: with LOG_LEVEL=DEBUG every request (its URL holds the token) and the webhook's
setup (its secret) are logged, and neither secret appears, in tracebacks neither; at INFO
nothing about people (names, usernames, Telegram ids, texts)."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from bot import logs
from bot.app import build_application
from bot.db import Database
from bot.localapi import FakeBotServer
from tests.support.harness import BotHarness, make_settings
from tests.support.http_botapi import HttpBotApi
from tests.support.membership import submitted

TOKEN = "424242:TEST-the-secret-half-of-the-token"
SECRET = "webhook-secret-of-at-least-32-characters"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """What the bot's logging writes; the logging of the test run is put back afterwards."""
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    handlers, level, httpx_level = list(root.handlers), root.level, httpx_logger.level
    stream = io.StringIO()
    yield stream
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
        for added in [f for f in handler.filters if isinstance(f, logs.Redact)]:
            handler.removeFilter(added)
    root.setLevel(level)
    httpx_logger.setLevel(httpx_level)


async def _replied(server: FakeBotServer, chat_id: int) -> None:
    async with asyncio.timeout(10):
        while not server.chat_messages(chat_id):  # noqa: ASYNC110  (another task answers)
            await asyncio.sleep(0.02)


async def test_debug_log_hides_the_token_and_the_webhook_secret(
    database: Database, unused_tcp_port: int, output: io.StringIO
) -> None:
    server = FakeBotServer()
    api = HttpBotApi(server)
    await api.start()
    settings = make_settings(
        database.url,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=api.url,
        webhook_url="https://bot.example.org",
        webhook_secret=SECRET,
        log_level="DEBUG",
    )
    logs.configure(settings, stream=output)
    application = build_application(settings, database=database)  # real HTTP requests
    server.add_user(1, "Анна")
    update = server.new_update({"message": server.user_message(1, "/start")})
    try:
        async with application:
            assert application.updater is not None
            await application.updater.start_webhook(
                listen="127.0.0.1",
                port=unused_tcp_port,
                url_path="telegram",
                webhook_url="https://bot.example.org/telegram",
                secret_token=SECRET,
            )
            await application.start()
            async with httpx.AsyncClient() as client:
                await client.post(
                    f"http://127.0.0.1:{unused_tcp_port}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
            await _replied(server, 1)
            await application.updater.stop()
            await application.stop()
    finally:
        await api.stop()
    failure = ConnectionError(f"cannot reach {settings.telegram_api_base_url}/bot{TOKEN}/getMe")
    logging.getLogger("asyncio").error("Task exception was never retrieved", exc_info=failure)
    logging.getLogger("telegram.ext").warning("retrying %s", f"/bot{quote(TOKEN, safe='')}/x")
    logged = output.getvalue()
    assert f"/bot{logs.MASK}/sendMessage" in logged  # httpx wrote the request's URL
    assert "setWebhook" in logged and "ConnectionError: cannot reach" in logged
    for secret in (TOKEN, TOKEN.partition(":")[2], SECRET):
        assert secret not in logged


async def test_info_log_names_no_one(database: Database, output: io.StringIO) -> None:
    """An applicant's card cannot reach the organiser, who blocked the bot: logged, with
    neither of them named."""
    organiser_id, applicant_id = 5550001, 5550002
    settings = make_settings(database.url, bot_organiser_ids=[organiser_id], log_level="INFO")
    logs.configure(settings, stream=output)
    harness = BotHarness(settings, database)
    telegram = await harness.start()
    try:
        olga = telegram.user(organiser_id, "Ольга", username="olga_org")
        await olga.send("/start")
        telegram.server.block(organiser_id)
        anna = telegram.user(applicant_id, "Анна", username="anna_applies")
        await submitted(anna)
        assert anna.last.text.startswith("Спасибо!")
    finally:
        await harness.stop()
    logged = output.getvalue()
    assert "a private chat is unreachable" in logged
    for personal in ("Ольга", "olga_org", "Анна", "anna_applies", "Петрова", "Забота"):
        assert personal not in logged
    assert str(organiser_id) not in logged and str(applicant_id) not in logged


def test_a_record_that_cannot_be_formatted_still_hides_the_secrets() -> None:
    redact = logs.Redact([SECRET])
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d %s", (SECRET,), None)
    assert redact.filter(record)
    assert SECRET not in record.getMessage() and logs.MASK in record.getMessage()
