"""The full paths in and out: polling getUpdates, a self-hosted Bot API server over HTTP,
and a webhook with its secret token."""

from __future__ import annotations

import asyncio

import httpx
from telegram.ext import Application

from bot.app import build_application
from bot.db import Database
from bot.localapi import FakeBotServer, LocalBotRequest
from tests.support.harness import make_settings
from tests.support.http_botapi import HttpBotApi

TOKEN = "424242:TEST-token-for-a-self-hosted-server"
SECRET = "s3cret-Token-of-at-least-32-characters"


async def _wait_for_reply(server: FakeBotServer, chat_id: int, count: int = 1) -> str:
    for _ in range(200):
        messages = server.chat_messages(chat_id)
        if len(messages) >= count:
            return str(messages[-1]["text"])
        await asyncio.sleep(0.02)
    raise AssertionError("the bot did not answer")


async def _polled_reply(application: Application, server: FakeBotServer) -> str:
    """Run the bot with getUpdates polling, let user 1 send /start, return the reply."""
    assert application.updater is not None
    async with application:
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()
        server.push_update({"message": server.user_message(1, "/start")})
        reply = await _wait_for_reply(server, 1)
        await application.updater.stop()
        await application.stop()
    return reply


async def test_polling_through_get_updates(database: Database) -> None:
    server = FakeBotServer()
    application = build_application(
        make_settings(database.url), request=LocalBotRequest(server), database=database
    )
    server.add_user(1, "Анна")
    assert (await _polled_reply(application, server)).startswith("Здравствуйте, Анна!")


async def test_self_hosted_bot_api_server_over_http(database: Database) -> None:
    server = FakeBotServer()
    http = HttpBotApi(server)
    await http.start()
    settings = make_settings(database.url, telegram_bot_token=TOKEN, telegram_api_base_url=http.url)
    application = build_application(settings, database=database)  # real HTTPXRequest
    server.add_user(1, "Анна", language_code="en")
    try:
        assert (await _polled_reply(application, server)).startswith("Hello, Анна!")
    finally:
        await http.stop()
    assert f"/bot{TOKEN}/getMe" in http.paths
    assert f"/bot{TOKEN}/sendMessage" in http.paths


async def test_webhook_checks_the_secret_token(database: Database, unused_tcp_port: int) -> None:
    server = FakeBotServer()
    settings = make_settings(
        database.url, webhook_url="https://bot.example.org", webhook_secret=SECRET
    )
    application = build_application(settings, request=LocalBotRequest(server), database=database)
    user = server.add_user(1, "Анна")
    update = server.new_update({"message": server.user_message(1, "/start")})
    async with application:
        await application.updater.start_webhook(  # type: ignore[union-attr]
            listen="127.0.0.1",
            port=unused_tcp_port,
            url_path="telegram",
            webhook_url="https://bot.example.org/telegram",
            secret_token=settings.webhook_secret,
        )
        await application.start()
        url = f"http://127.0.0.1:{unused_tcp_port}/telegram"
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            genuine = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
        assert forged.status_code == 403
        assert genuine.status_code == 200
        assert (await _wait_for_reply(server, user["id"])).startswith("Здравствуйте")
        assert len(server.chat_messages(1)) == 1  # the forged update was not processed
        assert server.webhook["url"] == "https://bot.example.org/telegram"
        await application.updater.stop()  # type: ignore[union-attr]
        await application.stop()
