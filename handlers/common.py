"""Helpers shared by handlers: replying, role checks, role names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.i18n import _
from models import Role

Handler = Callable[[Update, BotContext], Awaitable[Any]]
H = TypeVar("H", bound=Handler)


def role_name(role: Role) -> str:
    """A role's name in the current language."""
    names = {
        Role.APPLICANT: _("applicant"),
        Role.MEMBER: _("member"),
        Role.COORDINATOR: _("coordinator"),
        Role.ORGANISER: _("organiser"),
    }
    return names[role]


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, **kwargs)


def require_role(role: Role) -> Callable[[H], H]:
    """Let the handler run only for people whose role in the database is at least `role`.

    Everyone else gets a short translated refusal and nothing changes; inside a conversation
    the conversation ends.
    """

    def decorate(handler: H) -> H:
        @wraps(handler)
        async def guarded(update: Update, context: BotContext) -> Any:
            if context.person is None or not context.person.role.at_least(role):
                text = _("This is for a {role} or above; your role is {current}.").format(
                    role=role_name(role),
                    current=role_name(context.person.role) if context.person else "—",
                )
                if update.callback_query is not None:
                    await update.callback_query.answer(text, show_alert=True)
                else:
                    await reply(update, text)
                return ConversationHandler.END
            return await handler(update, context)

        return guarded  # type: ignore[return-value]

    return decorate
