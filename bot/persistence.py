"""PTB persistence in our database: conversation states, user data and chat data survive a
restart. Values must be JSON-serialisable (keep ids and short strings in user_data)."""

from __future__ import annotations

from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.core import state
from bot.db import Database

# PTB's own aliases live in a private module; these are the same shapes.
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

_USER = "user_data"
_CHAT = "chat_data"
_CONVERSATION = "conversation:"


def _encode_key(key: ConversationKey) -> str:
    return ",".join(str(part) for part in key)


def _decode_key(text: str) -> ConversationKey:
    return tuple(int(part) if part.lstrip("-").isdigit() else part for part in text.split(","))


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Stores user data, chat data and conversations in the stored_state table."""

    def __init__(self, db: Database, *, update_interval: float = 2) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.db = db

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {int(key): value for key, value in (await state.load_all(self.db, _USER)).items()}

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {int(key): value for key, value in (await state.load_all(self.db, _CHAT)).items()}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await state.load_all(self.db, _CONVERSATION + name)
        return {_decode_key(key): state for key, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        await state.save(self.db, _CONVERSATION + name, _encode_key(key), new_state)

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await state.save(self.db, _USER, str(user_id), data or None)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        await state.save(self.db, _CHAT, str(chat_id), data or None)

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Bot data is not persisted: it holds the services."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not persisted: buttons carry short ids checked against the DB."""

    async def drop_user_data(self, user_id: int) -> None:
        await state.drop(self.db, _USER, str(user_id))

    async def drop_chat_data(self, chat_id: int) -> None:
        await state.drop(self.db, _CHAT, str(chat_id))

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """The database is only written by this process: nothing to refresh."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """The database is only written by this process: nothing to refresh."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Bot data is not persisted."""

    async def flush(self) -> None:
        """Every update is written at once: nothing is buffered."""
