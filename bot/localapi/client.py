"""Simulated people and chats that talk to the real Application through the local Bot API.

A test reads like a conversation::

    alice = telegram.user(1, "Alice")
    await alice.send("/start")
    assert "Добро пожаловать" in alice.last.text
    await alice.press("English")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Update

from bot.localapi.server import JSON, FakeBotServer

if TYPE_CHECKING:
    from telegram.ext import Application


@dataclass(frozen=True)
class BotMessage:
    """A message of the bot as it looks now (after any edits)."""

    raw: JSON

    @property
    def message_id(self) -> int:
        return int(self.raw["message_id"])

    @property
    def chat_id(self) -> int:
        return int(self.raw["chat"]["id"])

    @property
    def text(self) -> str:
        return str(self.raw.get("text") or self.raw.get("caption") or "")

    @property
    def edited(self) -> bool:
        return "edit_date" in self.raw

    @property
    def keyboard(self) -> list[list[JSON]]:
        return (self.raw.get("reply_markup") or {}).get("inline_keyboard") or []

    @property
    def buttons(self) -> list[list[str]]:
        """The inline buttons' labels, row by row."""
        return [[button["text"] for button in row] for row in self.keyboard]

    @property
    def flat_buttons(self) -> list[JSON]:
        return [button for row in self.keyboard for button in row]

    def button(self, which: str | int) -> JSON:
        """A button by its number (1-based), its exact label, or a unique part of its label."""
        buttons = self.flat_buttons
        if isinstance(which, int):
            if not 1 <= which <= len(buttons):
                raise LookupError(f"no button {which}; the message has {len(buttons)}")
            return buttons[which - 1]
        exact = [button for button in buttons if button["text"] == which]
        partial = [button for button in buttons if which.lower() in button["text"].lower()]
        found = exact or partial
        if len(found) != 1:
            raise LookupError(f"{len(found)} buttons match {which!r} in {self.buttons}")
        return found[0]

    def __str__(self) -> str:
        return self.text


class SimChat:
    """A chat as its participants see it: the bot's messages in it."""

    def __init__(self, telegram: LocalTelegram, chat_id: int) -> None:
        self.telegram = telegram
        self.chat_id = chat_id

    @property
    def messages(self) -> list[BotMessage]:
        return [BotMessage(raw) for raw in self.telegram.server.chat_messages(self.chat_id)]

    @property
    def last(self) -> BotMessage:
        messages = self.messages
        if not messages:
            raise LookupError(f"the bot has sent nothing to chat {self.chat_id}")
        return messages[-1]

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.messages]

    def last_with_buttons(self) -> BotMessage:
        for message in reversed(self.messages):
            if message.keyboard:
                return message
        raise LookupError(f"no message with buttons in chat {self.chat_id}")


class SimUser(SimChat):
    """A person in their private chat with the bot, who can also act in groups."""

    def __init__(self, telegram: LocalTelegram, user: JSON) -> None:
        super().__init__(telegram, int(user["id"]))
        self.user = user
        self.last_callback_id: str | None = None

    @property
    def id(self) -> int:
        return self.chat_id

    async def send(
        self,
        text: str,
        *,
        chat: SimChat | None = None,
        reply_to: BotMessage | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """Send a text (or a /command) to the bot, in private or in `chat`; `entities` format
        it (offsets in UTF-16 code units, as Telegram counts)."""
        message = self.telegram.server.user_message(
            self.id,
            text,
            chat_id=chat.chat_id if chat else None,
            reply_to=reply_to.raw if reply_to else None,
            entities=entities,
        )
        return await self.telegram.deliver({"message": message})

    async def send_file(
        self,
        content: bytes,
        *,
        kind: str = "document",
        file_name: str = "file.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat: SimChat | None = None,
    ) -> JSON:
        """Send a document (or a photo with kind="photo") to the bot."""
        server = self.telegram.server
        if kind == "photo":
            attachment: Any = [server.store_file(content, width=800, height=600)]
        else:
            attachment = server.store_file(content, file_name=file_name, mime_type=mime_type)
        extra: JSON = {kind: attachment}
        if caption:
            extra["caption"] = caption
        message = server.user_message(
            self.id, None, chat_id=chat.chat_id if chat else None, extra=extra
        )
        return await self.telegram.deliver({"message": message})

    async def send_contact(self, phone_number: str) -> JSON:
        contact = {
            "phone_number": phone_number,
            "first_name": self.user["first_name"],
            "user_id": self.id,
        }
        message = self.telegram.server.user_message(self.id, None, extra={"contact": contact})
        return await self.telegram.deliver({"message": message})

    async def press(self, which: str | int, message: BotMessage | None = None) -> JSON:
        """Press an inline button of `message` (default: the newest one with buttons here)."""
        target = message or self.last_with_buttons()
        button = target.button(which)
        if "callback_data" not in button:
            raise LookupError(f"button {button['text']!r} is not a callback button")
        return await self.press_data(button["callback_data"], target)

    async def press_data(self, data: str, message: BotMessage) -> JSON:
        """Send callback data as if a button carried it (a forged or stale press)."""
        server = self.telegram.server
        current = server.messages.get((message.chat_id, message.message_id), message.raw)
        query = server.callback_query(self.id, current, data)
        self.last_callback_id = query["id"]
        return await self.telegram.deliver({"callback_query": query})

    @property
    def last_answer(self) -> str | None:
        """The text of the bot's answer to this user's last button press (a toast)."""
        if self.last_callback_id is None:
            return None
        answer = self.telegram.server.callback_answers.get(self.last_callback_id)
        return None if answer is None else answer.get("text")

    async def request_join(self, chat: SimChat) -> JSON:
        """Ask to join a chat through an invite link that needs approval."""
        server = self.telegram.server
        request = {
            "chat": server.chats[chat.chat_id],
            "from": self.user,
            "user_chat_id": self.id,
            "date": 0,
        }
        return await self.telegram.deliver({"chat_join_request": request})


class LocalTelegram:
    """The world around one Application: a FakeBotServer plus simulated people and chats."""

    def __init__(self, application: Application, server: FakeBotServer) -> None:
        self.application = application
        self.server = server

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> SimUser:
        user = self.server.add_user(
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        return SimUser(self, user)

    def group(self, chat_id: int, title: str) -> SimChat:
        self.server.add_group(chat_id, title)
        return SimChat(self, chat_id)

    async def deliver(self, payload: JSON) -> JSON:
        """Process one update through the Application, exactly as polling would (through its
        update processor: it waits for the earlier updates of its chat and person)."""
        update = self.server.new_update(payload)
        parsed = Update.de_json(update, self.application.bot)
        application = self.application
        await application.update_processor.process_update(
            parsed, application.process_update(parsed)
        )
        return update
