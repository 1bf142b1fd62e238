"""The chats organisers set with a command inside them: the review chat (application cards)
and the community chat (members admitted on request)."""

from __future__ import annotations

from bot.core import audit, state
from bot.db import Database

SETTINGS = "membership"
REVIEW_CHAT = "review_chat"
COMMUNITY_CHAT = "community_chat"


class ChatSettings:
    """The review chat and the community chat, as stored values."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, name: str) -> int | None:
        value = await state.load(self.db, SETTINGS, name)
        return int(value) if value is not None else None

    async def review_chat(self) -> int | None:
        return await self.get(REVIEW_CHAT)

    async def community_chat(self) -> int | None:
        return await self.get(COMMUNITY_CHAT)

    async def set(self, name: str, chat_id: int, *, actor_id: int | None) -> None:
        """Set the review chat or the community chat (audited)."""
        async with self.db.session() as session:
            await state.save_in(session, self.db, SETTINGS, name, chat_id)
            audit.record(session, actor_id=actor_id, action=f"settings.{name}", chat=chat_id)
