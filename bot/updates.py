"""Updates of different chats at once, each chat's and each person's in order.

PTB processes updates one after another by default, so one update that waits (a reply into a
group waits for that group's 20 messages a minute) holds every other chat. `ChatOrderedUpdates`
lets updates run concurrently, except that an update waits for the earlier updates of its chat
and of its sender. Each chat and each person has a line; an arriving update joins both of
its lines at once and runs when it is first in both. (Two locks taken one after the other
would not do: an update waiting for its chat's lock is not yet in its person's line, and the
person's next update, from another chat, would overtake it.) The earliest update under way
is always first in all its lines, so updates never wait for each other in a circle.
Dialogues (`ConversationHandler`), user and chat data and PTB persistence see each person's
and each chat's updates in order, as before. A line exists only while it holds an update.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# How many updates may be under way at once, counting those that wait for their chat's or
# person's turn: a backlog in one busy group must not fill it up for everyone else.
MAX_CONCURRENT_UPDATES = 100_000

Key = tuple[str, int]

# Accounts that speak for many people in many chats: anonymous group admins (a bot) and
# Telegram's automatic channel forwards. Their chat keeps the order; one line for all of
# them would tie unrelated groups together.
TELEGRAM_SERVICE_ACCOUNT = 777000


def order_keys(update: object) -> list[Key]:
    """The chat and the person whose order the update keeps."""
    if not isinstance(update, Update):
        return []
    keys = []
    if update.effective_chat is not None:
        keys.append(("chat", update.effective_chat.id))
    user = update.effective_user
    if user is not None and not user.is_bot and user.id != TELEGRAM_SERVICE_ACCOUNT:
        keys.append(("user", user.id))
    return keys


class _Ticket:
    """An update's place in the lines of its chat and its person."""

    __slots__ = ("keys", "turn")

    def __init__(self, keys: list[Key]) -> None:
        self.keys = keys
        self.turn = asyncio.Event()


class ChatOrderedUpdates(BaseUpdateProcessor):
    """A `BaseUpdateProcessor`: concurrent across chats and people, in order within each."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._lines: dict[Key, deque[_Ticket]] = {}

    @property
    def keys_in_use(self) -> int:
        """How many chats and people have an update under way (the lines kept)."""
        return len(self._lines)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        ticket = _Ticket(order_keys(update))
        for key in ticket.keys:  # joins every line at once, so nothing overtakes it later
            self._lines.setdefault(key, deque()).append(ticket)
        self._call_if_first(ticket)
        try:
            await ticket.turn.wait()
            await coroutine
        finally:
            self._leave(ticket)

    def _call_if_first(self, ticket: _Ticket) -> None:
        if all(self._lines[key][0] is ticket for key in ticket.keys):
            ticket.turn.set()

    def _leave(self, ticket: _Ticket) -> None:
        for key in ticket.keys:
            line = self._lines[key]
            line.remove(ticket)
            if line:
                self._call_if_first(line[0])
            else:
                del self._lines[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB waits for the updates under way before shutting down."""
