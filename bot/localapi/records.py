"""What the local Bot API keeps about calls and answers: errors, injected failures, the calls
the bot made and what it did to chats."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters or {}


def bad_request(message: str) -> BotApiError:
    """A 400 worded as Telegram words it: "Bad Request: " and the message with its first
    letter in lower case, unless the message is a code such as BUTTON_DATA_INVALID."""
    if message.startswith("Bad Request: "):
        return BotApiError(400, message)
    code = len(message) >= 2 and (message[1] == "_" or message[1].isupper())
    worded = message if code else message[:1].lower() + message[1:]
    return BotApiError(400, f"Bad Request: {worded}")


@dataclass
class Failure:
    """An injected failure: answers `times` matching calls with an error."""

    status: int
    description: str
    method: str | None = None
    chat_id: int | None = None
    times: int = 1
    parameters: JSON = field(default_factory=dict)

    def matches(self, method: str, params: JSON) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or int_or_none(params.get("chat_id")) == self.chat_id


@dataclass
class Call:
    """One request the bot made, with the moment it arrived (time.monotonic)."""

    method: str
    params: JSON
    at: float
    ok: bool = True


@dataclass
class OutgoingEvent:
    """Something the bot did to a chat: sent, edited or deleted a message."""

    seq: int
    kind: str  # "sent" | "edited" | "deleted"
    chat_id: int
    message_id: int


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def json_value(value: Any) -> Any:
    """Parameters that arrived form-encoded over HTTP carry JSON in strings."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
