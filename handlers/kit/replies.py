"""Answering people: a reply in the chat of the update, a refusal explained in the reader's
language (the one place where `Refused` becomes words), role names."""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Update

from bot.core import text as limits
from bot.core.errors import Refused
from bot.i18n import _
from models import Role

START_PAYLOAD = "welcome"  # t.me/<bot>?start=welcome: /start welcome, the plain welcome


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
    """Answer in the chat the update came from; a text too long for one message goes in
    parts cut at line ends, the buttons under the last."""
    chat = update.effective_chat
    if chat is None:
        return
    parts = limits.split(text)
    markup = kwargs.pop("reply_markup", None)
    for part in parts[:-1]:
        await chat.send_message(part, **kwargs)
    await chat.send_message(parts[-1], reply_markup=markup, **kwargs)


def alert(text: str) -> str:
    """A text for a button's answer (a toast or an alert): cut to Telegram's 200."""
    return limits.shorten(text, limits.ALERT)


def pressed(update: Update) -> CallbackQuery:
    """The button press of a button handler's update (it always has one)."""
    query = update.callback_query
    assert query is not None
    return query


def explain(error: Refused) -> str:
    """Why an action was refused, in the current language."""
    return _(error.reason).format(**error.values)


async def refuse(update: Update, error: Refused | str) -> None:
    """Say no: an alert on a button press, a message otherwise. Nothing was changed."""
    text = explain(error) if isinstance(error, Refused) else error
    if update.callback_query is not None:
        await update.callback_query.answer(alert(text), show_alert=True)
    else:
        await reply(update, text)


async def ask_to_start(update: Update) -> None:
    """Someone who has not started the bot: nothing about them is stored, so nothing can be
    done for them yet. The link opens the bot with its Start button (a tap on a button is
    answered by opening it)."""
    link = f"https://t.me/{update.get_bot().username}?start={START_PAYLOAD}"
    text = _("First start the bot: open {link} and press Start.").format(link=link)
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], url=link)
    else:
        await reply(update, text)


def role_refusal(needed: Role, current: Role | None) -> str:
    return _("This is for a {role} or above; your role is {current}.").format(
        role=role_name(needed), current=role_name(current) if current else "—"
    )
