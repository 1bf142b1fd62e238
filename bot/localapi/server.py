"""An in-memory Telegram Bot API server: enough of Telegram for tests, the console and benches.

It keeps users, chats, chat members, the messages the bot sent (with their edits), callback
query answers and command menus, queues updates for getUpdates, and can be told to fail the
way Telegram fails: 403 when a user blocked the bot, 429 with retry_after under flood control.
Like Telegram it refuses a malformed call (validation.py, from the facts in methods.py and
objects.py) with Telegram's error texts; docs/testing.md says how strict it is.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from bot.localapi.chats import NO_RESULT_METHODS, ChatMethods
from bot.localapi.records import JSON, BotApiError, Call, Failure, int_or_none
from bot.localapi.sending import MEDIA_METHODS, MessageMethods
from bot.localapi.validation import check_call, decode

__all__ = ["JSON", "BotApiError", "Call", "FakeBotServer"]

_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,64})?")
_BEFORE_SENDING = ("send", "copy", "forward")
_NEED_CHAT = (*_BEFORE_SENDING, "edit", "get", "pin", "ban")


class FakeBotServer(MessageMethods, ChatMethods):
    """The state of a pretend Telegram, answering Bot API methods by name."""

    # ----- the world: users, chats, members -------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> JSON:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        private = {"id": user_id, "type": "private", "first_name": first_name}
        if username:
            private["username"] = username
        self.chats[user_id] = private
        return user

    def add_group(self, chat_id: int, title: str, *, supergroup: bool = True) -> JSON:
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        self.chats[chat_id] = chat
        self.members[(chat_id, self.bot_user["id"])] = "administrator"
        return chat

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Set a chat member's status: creator, administrator, member, left, kicked."""
        self.members[(chat_id, user_id)] = status

    def block(self, user_id: int) -> None:
        """The user blocks the bot: every send to their private chat now answers 403."""
        self.blocked_by.add(user_id)

    def fail(
        self,
        status: int,
        description: str,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `times` matching calls fail with this error."""
        parameters = {"retry_after": retry_after} if retry_after is not None else {}
        self._failures.append(Failure(status, description, method, chat_id, times, parameters))

    def flood(self, retry_after: int = 1, *, method: str | None = None, times: int = 1) -> None:
        """Telegram's flood control: 429 with retry_after for the next matching calls."""
        self.fail(
            429,
            f"Too Many Requests: retry after {retry_after}",
            method=method,
            times=times,
            retry_after=retry_after,
        )

    # ----- updates that users cause -----------------------------------------------------------

    def push_update(self, payload: JSON) -> JSON:
        """Queue an update for getUpdates and return it with its update_id."""
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        self._new_update.set()
        return update

    def new_update(self, payload: JSON) -> JSON:
        """An update with a fresh update_id, not queued (for direct processing)."""
        return {"update_id": next(self._update_ids), **payload}

    def user_message(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
        extra: JSON | None = None,
    ) -> JSON:
        """The Message a user sends (text with its command entity and any formatting
        `entities`, or `extra` like a document)."""
        chat = self.chats[chat_id if chat_id is not None else user_id]
        message: JSON = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": self.users[user_id],
        }
        if text is not None:
            message["text"] = text
            command = _COMMAND_RE.match(text)
            found = [
                {"type": "bot_command", "offset": 0, "length": len(command.group(0))}
                for command in [command]
                if command
            ]
            if found or entities:
                message["entities"] = found + (entities or [])
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(extra or {})
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def callback_query(self, user_id: int, message: JSON, data: str) -> JSON:
        """A press of a button under `message`: the bot may answer it once."""
        query_id = str(next(self._callback_ids))
        self._open_callbacks.add(query_id)
        return {
            "id": query_id,
            "from": self.users[user_id],
            "message": message,
            "chat_instance": str(message["chat"]["id"]),
            "data": data,
        }

    def store_file(self, content: bytes, **attributes: Any) -> JSON:
        """A file users can send: returns its Telegram description (file_id, size, ...)."""
        number = next(self._file_ids)
        file_id = f"file-{number}"
        self.files[file_id] = content
        return {"file_id": file_id, "file_unique_id": f"u{number}", "file_size": len(content)} | (
            attributes
        )

    # ----- what the bot did ------------------------------------------------------------------

    def chat_messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages in a chat, in order, as they look now."""
        bot_id = self.bot_user["id"]
        return [
            message
            for (chat, _), message in sorted(self.messages.items(), key=lambda item: item[0][1])
            if chat == chat_id and message.get("from", {}).get("id") == bot_id
        ]

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    # ----- the Bot API -----------------------------------------------------------------------

    async def handle(
        self, method: str, params: JSON, *, uploads: dict[str, tuple[str, bytes, str]] | None = None
    ) -> Any:
        """Answer one Bot API call: the result, or raise BotApiError. Uploaded files are kept
        in `files` under the file id of the message that carries them."""
        params = decode(method, params)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        try:
            check_call(method, params, uploads or {})
            self._raise_injected(method, params)
            if method == "getUpdates":
                return await self._get_updates(params)
            handler = getattr(self, f"_api_{method}", None)
            if handler is not None:
                return handler(params)
            if method in MEDIA_METHODS:
                return self._send_media(method, params, uploads or {})
            if method in NO_RESULT_METHODS:
                return self._no_result(method, params)
            raise BotApiError(404, "Not Found: method not found")
        except BotApiError:
            call.ok = False
            raise

    def _raise_injected(self, method: str, params: JSON) -> None:
        for failure in self._failures:
            if failure.matches(method, params):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                raise BotApiError(failure.status, failure.description, failure.parameters)
        chat_id = int_or_none(params.get("chat_id"))
        if method.startswith(_BEFORE_SENDING) and chat_id in self.blocked_by:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id is not None and method.startswith(_NEED_CHAT) and chat_id not in self.chats:
            raise BotApiError(400, "Bad Request: chat not found")

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = int(params.get("offset") or 0)
        self._updates = [update for update in self._updates if update["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            timeout = float(params.get("timeout") or 0)
            if timeout:
                try:
                    await asyncio.wait_for(self._new_update.wait(), timeout)
                except TimeoutError:
                    return []
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]
