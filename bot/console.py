"""Chat with the bot in the terminal as simulated Telegram users (no token, no network).

Type messages and /commands; a number presses that button of the last message with buttons;
`:as N [name] [lang]` switches user; `:group ID [title]` speaks in a group chat, `:private`
back in private; `:help`; `:quit`.
"""

from __future__ import annotations

import asyncio
import shlex
import sys
from typing import TextIO

from bot.config import Settings
from bot.db import Database
from bot.localapi.client import BotMessage, LocalTelegram, SimChat, SimUser
from bot.localapi.session import running_bot

HELP = """Console commands:
  text or /command     send it to the bot as the current user
  N                    press button N of the last message with buttons
  :as N [name] [lang]  act as user N (created on first use; lang ru or en)
  :group ID [title]    speak in group chat ID (negative, e.g. -100); :private to go back
  :help                this help
  :quit                leave (Ctrl-D works too)"""


class Console:
    """The state of one console session: who is speaking, where, and what was printed."""

    def __init__(self, telegram: LocalTelegram, out: TextIO) -> None:
        self.telegram = telegram
        self.out = out
        self.users: dict[int, SimUser] = {}
        self.user = self._user(1, "Анна", "ru")
        self.chat: SimChat | None = None
        self.printed = 0

    def _user(self, user_id: int, name: str, language: str) -> SimUser:
        if user_id not in self.users:
            self.users[user_id] = self.telegram.user(user_id, name, language_code=language)
        return self.users[user_id]

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def show_new(self) -> None:
        """Print what the bot sent or edited since the last look."""
        server = self.telegram.server
        for event in server.events[self.printed :]:
            raw = server.messages.get((event.chat_id, event.message_id))
            if raw is None:
                continue
            message = BotMessage(raw)
            where = "" if event.chat_id == self.user.id else f" → {self._chat_name(event.chat_id)}"
            label = "edited" if event.kind == "edited" else "bot"
            self.say(f"[{label}{where}] {message.text}")
            number = 0
            for row in message.buttons:
                cells = []
                for text in row:
                    number += 1
                    cells.append(f"[{number}] {text}")
                self.say("    " + "   ".join(cells))
        self.printed = len(server.events)

    def _chat_name(self, chat_id: int) -> str:
        chat = self.telegram.server.chats.get(chat_id, {})
        return str(chat.get("title") or chat.get("first_name") or chat_id)

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in {":quit", ":q", ":exit"}:
            return False
        if line == ":help":
            self.say(HELP)
        elif line.startswith(":as"):
            self._switch_user(shlex.split(line)[1:])
        elif line.startswith(":group"):
            self._switch_group(shlex.split(line)[1:])
        elif line == ":private":
            self.chat = None
            self.say("(now in your private chat with the bot)")
        elif line.isdigit():
            await self._press(int(line))
        elif line.startswith(":"):
            self.say("Unknown console command; :help lists them.")
        else:
            await self.user.send(line, chat=self.chat)
        self.show_new()
        return True

    def _switch_user(self, words: list[str]) -> None:
        if not words or not words[0].isdigit():
            self.say("Usage: :as N [name] [ru|en]")
            return
        user_id = int(words[0])
        name = words[1] if len(words) > 1 else f"User {user_id}"
        language = words[2] if len(words) > 2 else "ru"
        self.user = self._user(user_id, name, language)
        self.say(f"(you are now user {user_id}, {self.user.user['first_name']})")

    def _switch_group(self, words: list[str]) -> None:
        if not words or not words[0].lstrip("-").isdigit() or int(words[0]) >= 0:
            self.say("Usage: :group -100 [title]  (group ids are negative)")
            return
        chat_id = int(words[0])
        if chat_id not in self.telegram.server.chats:
            self.telegram.group(chat_id, " ".join(words[1:]) or f"Group {chat_id}")
        self.telegram.server.set_member(chat_id, self.user.id, "administrator")
        self.chat = SimChat(self.telegram, chat_id)
        self.say(f"(now speaking in {self._chat_name(chat_id)}, as one of its admins)")

    async def _press(self, number: int) -> None:
        chat = self.chat or self.user
        try:
            message = chat.last_with_buttons()
            await self.user.press(number, message)
        except LookupError as error:
            self.say(f"(cannot press: {error})")
            return
        if self.user.last_answer:
            self.say(f"[toast] {self.user.last_answer}")


async def run_console(settings: Settings, *, stdin: TextIO | None = None) -> int:
    """The console's main loop: read a line without blocking the bot, act, print replies."""
    source = stdin or sys.stdin
    database = Database(settings.database_url)
    await database.upgrade()
    try:
        async with running_bot(settings, database=database) as telegram:
            console = Console(telegram, sys.stdout)
            console.say("Local console: you are user 1 (Анна). Try /start; :help for more.")
            console.show_new()
            interactive = source.isatty()
            while True:
                if interactive:
                    print(f"{console.user.user['first_name']}> ", end="", flush=True)
                line = await asyncio.to_thread(source.readline)
                if not line:
                    break
                if not await console.handle(line):
                    break
    finally:
        await database.dispose()
    return 0
