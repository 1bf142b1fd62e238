"""What people write to the decisions handlers: the filters of a written answer in the
dialogue, the Skip button, the checks of a text or a date (the same question again if it
is wrong), and a number after a command."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.callbacks import ID
from bot.core.text import clean, length
from bot.i18n import _
from handlers.decisions.buttons import SKIP
from handlers.kit.days import parse_day
from handlers.kit.incoming import NEW, TEXT
from handlers.kit.replies import reply

PRIVATE_TEXT = filters.ChatType.PRIVATE & TEXT
PRIVATE_OTHER = NEW & filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.TEXT

StepHandlers = list[BaseHandler[Update, BotContext, object]]


def skip_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(_("Skip"), callback_data=SKIP())]])


async def not_text(update: Update, context: BotContext) -> None:
    """Anything but text where text is expected: the question stands."""
    await reply(update, _("Please answer with text, or send /cancel to stop."))


def text_step(answer: MessageHandler[BotContext, int], *others: BaseHandler) -> StepHandlers:
    """A step answered in writing: `answer` takes the text, anything else is asked again."""
    return [answer, *others, MessageHandler(PRIVATE_OTHER, not_text)]


async def written(update: Update, limit: int) -> str | None:
    """The text answer (without bidirectional controls), or None after telling the person
    what is wrong: empty, or over `limit` characters as Telegram counts them."""
    assert update.message is not None
    text = clean(update.message.text)
    if not text or length(text) > limit:
        await reply(update, _("Please write from 1 to {n} characters.").format(n=limit))
        return None
    return text


async def future_day(update: Update, today: date) -> date | None:
    """A date after `today` written as DD.MM.YYYY, or None after asking again."""
    assert update.message is not None and update.message.text is not None
    value = parse_day(update.message.text)
    if value is None or value <= today:
        await ask_future_day(update)
        return None
    return value


async def ask_future_day(update: Update) -> None:
    await reply(update, _("Please write a future date as DD.MM.YYYY, e.g. 31.12.2027."))


def as_number(text: str) -> int | None:
    """A proposal's, an item's or a group's number as written after a command (`3`, `#3`)."""
    digits = text.removeprefix("#")
    if not digits.isascii() or not digits.isdigit():
        return None
    return int(digits) if ID.accepts(int(digits)) else None
