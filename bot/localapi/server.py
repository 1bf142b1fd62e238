"""An in-memory Telegram Bot API server: enough of Telegram for tests, the console and benches.

It keeps users, chats, chat members, the messages the bot sent (with their edits), callback
query answers and command menus, queues updates for getUpdates, and can be told to fail the
way Telegram fails: 403 when a user blocked the bot, 429 with retry_after under flood control.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,64})?")
_MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVideo": "video",
    "sendAudio": "audio",
    "sendVoice": "voice",
    "sendAnimation": "animation",
}
_NO_RESULT_METHODS = {
    "setMyCommands",
    "deleteMyCommands",
    "setWebhook",
    "deleteWebhook",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "sendChatAction",
    "pinChatMessage",
    "unpinChatMessage",
    "leaveChat",
    "close",
    "logOut",
}


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters or {}


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
        return self.chat_id is None or _int_or_none(params.get("chat_id")) == self.chat_id


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


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _json_value(value: Any) -> Any:
    """Parameters that arrived form-encoded over HTTP carry JSON in strings."""
    if isinstance(value, str) and value[:1] in "[{":
        import json

        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeBotServer:
    """The state of a pretend Telegram, answering Bot API methods by name."""

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
        self._failures: list[Failure] = []
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self.on_call: Callable[[Call], None] | None = None

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
        return {
            "id": str(next(self._callback_ids)),
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
        params = {key: _json_value(value) for key, value in params.items()}
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        try:
            self._raise_injected(method, params)
            if method == "getUpdates":
                return await self._get_updates(params)
            handler = getattr(self, f"_api_{method}", None)
            if handler is not None:
                return handler(params)
            if method in _MEDIA_METHODS:
                return self._send_media(method, params, uploads or {})
            if method in _NO_RESULT_METHODS:
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
        chat_id = _int_or_none(params.get("chat_id"))
        if method.startswith(("send", "copy", "forward")) and chat_id in self.blocked_by:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        needs_chat = method.startswith(("send", "copy", "forward", "edit", "get", "pin", "ban"))
        if chat_id is not None and needs_chat and chat_id not in self.chats:
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

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _new_bot_message(self, params: JSON, **content: Any) -> JSON:
        chat_id = int(params["chat_id"])
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

    def _stored_message(self, params: JSON) -> JSON:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BotApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    def _edit(self, params: JSON, changes: JSON) -> JSON:
        message = self._stored_message(params)
        markup = params.get("reply_markup")
        if all(message.get(k) == v for k, v in changes.items()) and message.get("reply_markup") == (
            markup or None
        ):
            raise BotApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.update(changes)
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self.events.append(OutgoingEvent(len(self.events), "edited", chat_id, message_id))
        return message

    def _no_result(self, method: str, params: JSON) -> bool:
        if method == "setMyCommands":
            self.commands[_command_key(params)] = params["commands"]
        elif method == "deleteMyCommands":
            self.commands.pop(_command_key(params), None)
        elif method == "setWebhook":
            self.webhook = {"url": params.get("url", "")}
        elif method == "deleteWebhook":
            self.webhook = {"url": ""}
        return True

    def _send_media(
        self, method: str, params: JSON, uploads: dict[str, tuple[str, bytes, str]]
    ) -> JSON:
        kind = _MEDIA_METHODS[method]
        source = params.get(kind)
        file_id = (
            source
            if isinstance(source, str) and not source.startswith("attach://")
            else (f"sent-{next(self._file_ids)}")
        )
        described: JSON = {"file_id": file_id, "file_unique_id": file_id}
        if kind in uploads:
            file_name, content, mime_type = uploads[kind]
            self.files[file_id] = content
            described |= {"file_name": file_name, "mime_type": mime_type}
        if kind == "photo":
            described.update(width=800, height=600)
        fields: JSON = {kind: [described] if kind == "photo" else described}
        if params.get("caption"):
            fields["caption"] = params["caption"]
        return self._new_bot_message(params, **fields)

    # Each _api_<method> answers one Bot API method.

    def _api_getMe(self, params: JSON) -> JSON:
        return self.bot_user

    def _api_getWebhookInfo(self, params: JSON) -> JSON:
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands.get(_command_key(params), [])

    def _api_sendMessage(self, params: JSON) -> JSON:
        text = str(params.get("text", ""))
        if not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise BotApiError(400, "Bad Request: message is too long")
        content: JSON = {"text": text}
        if params.get("entities"):
            content["entities"] = params["entities"]
        return self._new_bot_message(params, **content)

    def _api_copyMessage(self, params: JSON) -> JSON:
        source_key = (int(params["from_chat_id"]), int(params["message_id"]))
        if source_key not in self.messages:
            raise BotApiError(400, "Bad Request: message to copy not found")
        source = self.messages[source_key]
        copied = {
            k: v
            for k, v in source.items()
            if k
            in {
                "text",
                "entities",
                "caption",
                "caption_entities",
                "photo",
                "document",
                "video",
                "audio",
                "voice",
            }
        }
        if "caption" in params:
            copied["caption"] = params["caption"]
        message = self._new_bot_message(params, **copied)
        return {"message_id": message["message_id"]}

    def _api_forwardMessage(self, params: JSON) -> JSON:
        source_key = (int(params["from_chat_id"]), int(params["message_id"]))
        if source_key not in self.messages:
            raise BotApiError(400, "Bad Request: message to forward not found")
        source = self.messages[source_key]
        return self._new_bot_message(
            params,
            text=source.get("text", ""),
            forward_origin={"type": "chat", "date": source["date"], "sender_chat": source["chat"]},
        )

    def _api_editMessageText(self, params: JSON) -> JSON:
        changes: JSON = {"text": str(params["text"])}
        if params.get("entities"):
            changes["entities"] = params["entities"]
        return self._edit(params, changes)

    def _api_editMessageCaption(self, params: JSON) -> JSON:
        return self._edit(params, {"caption": params.get("caption", "")})

    def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        return self._edit(params, {})

    def _api_deleteMessage(self, params: JSON) -> bool:
        message = self._stored_message(params)
        del self.messages[(message["chat"]["id"], message["message_id"])]
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self.events.append(OutgoingEvent(len(self.events), "deleted", chat_id, message_id))
        return True

    def _api_answerCallbackQuery(self, params: JSON) -> bool:
        self.callback_answers[str(params["callback_query_id"])] = params
        return True

    def _api_answerInlineQuery(self, params: JSON) -> bool:
        self.inline_answers[str(params["inline_query_id"])] = params
        return True

    def _api_getChat(self, params: JSON) -> JSON:
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            raise BotApiError(400, "Bad Request: chat not found")
        return {**self.chats[chat_id], "accent_color_id": 0, "max_reaction_count": 11}

    def _api_getChatMember(self, params: JSON) -> JSON:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "left")
        user = self.bot_user if user_id == self.bot_user["id"] else self.users.get(user_id)
        if user is None:
            raise BotApiError(400, "Bad Request: user not found")
        return _member_json(user, status)

    def _api_getChatAdministrators(self, params: JSON) -> list[JSON]:
        chat_id = int(params["chat_id"])
        return [
            _member_json(self.bot_user if uid == self.bot_user["id"] else self.users[uid], status)
            for (cid, uid), status in self.members.items()
            if cid == chat_id and status in {"creator", "administrator"}
        ]

    def _api_getChatMemberCount(self, params: JSON) -> int:
        chat_id = int(params["chat_id"])
        return sum(
            1
            for (cid, _), status in self.members.items()
            if cid == chat_id and status in {"creator", "administrator", "member"}
        )

    def _set_status(self, params: JSON, status: str) -> bool:
        self.members[(int(params["chat_id"]), int(params["user_id"]))] = status
        return True

    def _api_approveChatJoinRequest(self, params: JSON) -> bool:
        return self._set_status(params, "member")

    def _api_declineChatJoinRequest(self, params: JSON) -> bool:
        return self._set_status(params, "left")

    def _api_banChatMember(self, params: JSON) -> bool:
        return self._set_status(params, "kicked")

    def _api_unbanChatMember(self, params: JSON) -> bool:
        key = (int(params["chat_id"]), int(params["user_id"]))
        if self.members.get(key) == "kicked" or not params.get("only_if_banned"):
            self.members[key] = "left"
        return True

    def _api_createChatInviteLink(self, params: JSON) -> JSON:
        link = {
            "invite_link": f"https://t.me/+fake{len(self.invite_links) + 1}",
            "creator": self.bot_user,
            "creates_join_request": bool(params.get("creates_join_request")),
            "is_primary": False,
            "is_revoked": False,
        }
        if params.get("name"):
            link["name"] = params["name"]
        self.invite_links.append({**link, "chat_id": int(params["chat_id"])})
        return link

    def _api_exportChatInviteLink(self, params: JSON) -> str:
        return self._api_createChatInviteLink(params)["invite_link"]

    def _api_sendPoll(self, params: JSON) -> JSON:
        options = params.get("options") or []
        poll = {
            "id": f"poll-{len(self.calls)}",
            "question": params["question"],
            "options": [
                {
                    "text": option["text"] if isinstance(option, dict) else str(option),
                    "voter_count": 0,
                    "persistent_id": str(index),
                }
                for index, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": bool(params.get("allows_multiple_answers")),
            "allows_revoting": True,
            "members_only": False,
        }
        return self._new_bot_message(params, poll=poll)

    def _api_getFile(self, params: JSON) -> JSON:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise BotApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"files/{file_id}",
        }


def _command_key(params: JSON) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    scope_key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
    return scope_key, str(params.get("language_code") or "")


def _member_json(user: JSON, status: str) -> JSON:
    member: JSON = {"status": status, "user": user}
    if status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
        )
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member
