"""A tappable mention of a person in a text: a `text_mention` entity over their name, which
works without a username (plain "tg://user?id=N" in a text is not a link)."""

from __future__ import annotations

from telegram import MessageEntity, User

from bot.core.text import length


def mention(text: str, name: str, telegram_id: int) -> list[MessageEntity]:
    """The entity that makes the last `name` in `text` open that person's chat."""
    start = text.rfind(name)
    if start < 0 or not name:
        return []
    user = User(id=telegram_id, first_name=name, is_bot=False)
    return [
        MessageEntity(
            MessageEntity.TEXT_MENTION, offset=length(text[:start]), length=length(name), user=user
        )
    ]
