"""People for the end-to-end tests: members who have started the bot, and the organiser."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import Role
from tests.support.harness import ORGANISER_ID


async def member(
    telegram: LocalTelegram,
    user_id: int,
    name: str,
    *,
    role: Role = Role.MEMBER,
    language: str = "ru",
    username: str | None = None,
) -> SimUser:
    """Someone who has started the bot and has `role` (the organiser of the settings keeps
    theirs); an English speaker also saves English with /language, so notifications follow."""
    user = telegram.user(user_id, name, username=username, language_code=language)
    await user.send("/start")
    if language == "en":
        await user.send("/language")
        await user.press("English")
    if role is not Role.APPLICANT and user_id != ORGANISER_ID:
        await telegram.application.services.people.set_role(  # type: ignore[attr-defined]
            actor=None, telegram_id=user_id, role=role
        )
    return user


async def organiser(telegram: LocalTelegram, user_id: int = ORGANISER_ID) -> SimUser:
    """Ольга, the organiser of the settings; another id makes Пётр, an organiser by role."""
    if user_id == ORGANISER_ID:
        return await member(telegram, user_id, "Ольга", username="olga")
    return await member(telegram, user_id, "Пётр", role=Role.ORGANISER)


async def answer_poll(
    telegram: LocalTelegram, user: SimUser, poll_id: str, options: list[int]
) -> None:
    """`user` answers a poll the bot sent (an empty list takes the answer back)."""
    await telegram.deliver(
        {
            "poll_answer": {
                "poll_id": poll_id,
                "user": user.user,
                "option_ids": options,
                "option_persistent_ids": [str(option) for option in options],
            }
        }
    )
