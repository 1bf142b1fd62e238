"""What the local Bot API remembers: users, chats, members, the bot's messages and their
edits, callback queries and their answers; and how a message of the bot is stored."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any

from bot.localapi.records import JSON, BotApiError, Call, Failure, OutgoingEvent, bad_request

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
# What a message carries besides text: a caption can be edited, a text cannot.
MEDIA_KINDS = ("photo", "document", "video", "audio", "voice", "animation")


class ServerState:
    """The state of a pretend Telegram; FakeBotServer adds the world and the methods."""

    def __init__(self, *, bot_id: int = 7_000_000, bot_username: str = "community_test_bot"):
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Community Bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.blocked_by: set[int] = set()
        self.calls: list[Call] = []
        self.events: list[OutgoingEvent] = []
        self.callback_answers: dict[str, JSON] = {}
        self.inline_answers: dict[str, JSON] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.files: dict[str, bytes] = {}
        self.invite_links: list[JSON] = []
        self.webhook: JSON = {"url": ""}
        self.on_call: Callable[[Call], None] | None = None
        self._failures: list[Failure] = []
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._callback_ids = itertools.count(1)
        self._open_callbacks: set[str] = set()  # asked, not answered yet
        self._file_ids = itertools.count(1)
        self._new_update = asyncio.Event()

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _new_bot_message(self, params: JSON, **content: Any) -> JSON:
        chat_id = int(params["chat_id"])
        self._check_reply(chat_id, params.get("reply_parameters"))
        message: JSON = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chats[chat_id],
            "from": self.bot_user,
            **content,
        }
        markup = params.get("reply_markup")
        if markup and "inline_keyboard" in markup:  # Telegram echoes only inline keyboards
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        self.events.append(OutgoingEvent(len(self.events), "sent", chat_id, message["message_id"]))
        return message

    def _check_reply(self, chat_id: int, reply: JSON | None) -> None:
        """The message replied to must exist, unless sending without it is allowed."""
        if not reply or reply.get("allow_sending_without_reply"):
            return
        key = (int(reply.get("chat_id", chat_id)), int(reply["message_id"]))
        if key not in self.messages:
            raise bad_request("message to be replied not found")

    def _stored_message(self, params: JSON, purpose: str = "to edit") -> JSON:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise bad_request(f"message {purpose} not found")
        return self.messages[key]

    def _editable(self, params: JSON, *, needs: str | None = None) -> JSON:
        """The bot's own message to edit; `needs` "text" or "caption": what is edited."""
        message = self._stored_message(params)
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise bad_request("Message can't be edited")
        media = any(kind in message for kind in MEDIA_KINDS)
        if needs == "text" and "text" not in message:
            raise bad_request("There is no text in the message to edit")
        if needs == "caption" and not media:
            raise bad_request("There is no caption in the message to edit")
        return message

    def _edit(self, message: JSON, params: JSON, changes: JSON) -> JSON:
        markup = params.get("reply_markup") or None
        if all(message.get(k) == v for k, v in changes.items()) and (
            message.get("reply_markup") == markup
        ):
            raise BotApiError(400, f"Bad Request: {_NOT_MODIFIED}")
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self.events.append(OutgoingEvent(len(self.events), "edited", chat_id, message_id))
        return message
