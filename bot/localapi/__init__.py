"""A local Telegram Bot API: an in-memory server, the request that reaches it, and simulated
people who talk to the bot through it (used by the tests, the console and the benchmarks)."""

from bot.localapi.client import BotMessage, LocalTelegram, SimChat, SimUser
from bot.localapi.request import LocalBotRequest
from bot.localapi.server import BotApiError, FakeBotServer

__all__ = [
    "BotApiError",
    "BotMessage",
    "FakeBotServer",
    "LocalBotRequest",
    "LocalTelegram",
    "SimChat",
    "SimUser",
]
