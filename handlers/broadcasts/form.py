"""The /announce dialogue's steps and what it has collected so far: kept in the person's
user_data (persistent), so the dialogue continues after a restart."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton

from bot.broadcasts.audiences import Audience
from bot.context import BotContext
from models import AudienceKind

COMPOSE, AUDIENCE, REGION, AREA, WHEN, AT_TIME, CONFIRM, GROUP = range(8)
KEY = "announce"


def form(context: BotContext) -> dict[str, Any]:
    """The draft (`Draft.to_dict()`), the audience, `urgent`, the time `at` (ISO) and
    `channel` (also to the news channel)."""
    assert context.user_data is not None
    collected: dict[str, Any] = context.user_data.setdefault(KEY, {})
    return collected


def audience_of(collected: dict[str, Any]) -> Audience:
    return Audience(
        AudienceKind(collected["audience"]), collected.get("value"), collected.get("group")
    )


def keep_audience(context: BotContext, audience: Audience) -> None:
    form(context).update(
        audience=audience.kind, value=audience.value, group=audience.working_group_id
    )


def button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)
