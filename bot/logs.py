"""Logging: one handler on the root logger at LOG_LEVEL, and the bot's secrets masked in
every record that reaches a root handler, at every level and in tracebacks.

What the levels hold (README, "Logging"): from INFO up our own messages name rows by our
ids (person 12, broadcast 3, a group chat's id), never names, usernames, phone numbers,
texts or a person's Telegram id; DEBUG adds the libraries' traces, which carry message texts,
names and chat ids. The bot token (also inside URLs, also percent-encoded) and the webhook
secret are replaced by `MASK` whatever the level.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TextIO

from bot.config import Settings

MASK = "<hidden>"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HANDLER = "community-bot"


def secrets_of(settings: Settings) -> list[str]:
    """What must never be written: the token, the token's secret half on its own (a URL may
    encode the colon), the webhook secret."""
    found = [settings.webhook_secret or ""]
    if settings.telegram_bot_token:
        token = settings.telegram_bot_token
        found += [token, token.partition(":")[2]]
    return [secret for secret in found if secret]


class Redact(logging.Filter):
    """Replaces each secret by `MASK` in a record's message, traceback and stack."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted(set(secrets), key=len, reverse=True)  # the token before its half

    def hide(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit: logging must not fail, nor leak
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.hide(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.hide(record.exc_text)
        if record.stack_info:
            record.stack_info = self.hide(record.stack_info)
        return True


def configure(settings: Settings, *, quiet: bool = False, stream: TextIO | None = None) -> None:
    """Log to `stream` (stderr) at LOG_LEVEL (`quiet`: warnings at least, for the console);
    every root handler, ours and any already there, masks the secrets. httpx writes a line
    per request at INFO: only at DEBUG is that wanted."""
    level = logging.getLevelNamesMapping()[settings.log_level]
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == HANDLER]:
        root.removeHandler(handler)
    ours = logging.StreamHandler(stream)
    ours.set_name(HANDLER)
    ours.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(ours)
    root.setLevel(max(level, logging.WARNING) if quiet else level)
    redact = Redact(secrets_of(settings))
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, Redact)]:
            handler.removeFilter(old)
        handler.addFilter(redact)
    httpx = logging.DEBUG if level <= logging.DEBUG else logging.WARNING
    logging.getLogger("httpx").setLevel(httpx)


def chat_label(chat_id: int) -> str:
    """How a log names a chat: a group by its id; a private chat's id is a person's Telegram
    id, personal data, so not at all."""
    return "a private chat" if chat_id > 0 else f"chat {chat_id}"
