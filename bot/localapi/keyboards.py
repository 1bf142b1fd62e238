"""Telegram's rules for reply markup beyond each field's type and limit: which keyboard a
reply_markup is, a button must do something, and a keyboard has rows of buttons."""

from __future__ import annotations

from collections.abc import Callable

from bot.localapi import refusals
from bot.localapi.objects import TYPES
from bot.localapi.records import JSON, BotApiError, bad_request

# Telegram refuses a larger inline keyboard with REPLY_MARKUP_TOO_LONG (not in api.json).
MAX_INLINE_BUTTONS = 100
# The field that makes a reply_markup each kind of keyboard, in the order Telegram tries them.
MARKUP_KINDS = {
    "keyboard": "ReplyKeyboardMarkup",
    "inline_keyboard": "InlineKeyboardMarkup",
    "remove_keyboard": "ReplyKeyboardRemove",
    "force_reply": "ForceReply",
}
# "Exactly one of the fields other than text, icon_custom_emoji_id, and style must be used".
_LOOKS = {"text", "icon_custom_emoji_id", "style"}
BUTTON_ACTIONS = tuple(name for name in TYPES["InlineKeyboardButton"] if name not in _LOOKS)
_ACTIONS_BY_TEXT = {"url", "callback_data"}  # Telegram takes these empty for absent


def markup_type(types: tuple[str, ...], value: JSON) -> str:
    """Which of `types` a reply_markup object is, as Telegram tells them apart."""
    kinds = [kind for field, kind in MARKUP_KINDS.items() if field in value]
    if not kinds:
        raise refusals.local(
            "reply_markup has no keyboard: give it inline_keyboard, keyboard, remove_keyboard "
            "or force_reply, or leave it out",
            "treat it as no reply_markup",
        )
    if kinds[0] not in types:
        raise bad_request("Inline keyboard expected")
    return kinds[0]


def not_markup(value: object) -> BotApiError:
    """A reply_markup that is no object: text that is no JSON, or JSON of another kind."""
    if isinstance(value, str):
        return bad_request("Can't parse reply keyboard markup JSON object")
    return bad_request("Object expected as reply markup")


def check_inline_button(button: JSON, prefix: str) -> None:
    if not str(button["text"]).strip():
        raise refusals.local("an inline keyboard button has no text", "drop the button")
    if not any(
        button.get(name) not in (None, "") if name in _ACTIONS_BY_TEXT else name in button
        for name in BUTTON_ACTIONS
    ):
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")


def check_keyboard_button(button: JSON, prefix: str) -> None:
    if not str(button["text"]).strip():
        raise refusals.local("a keyboard button has no text", "drop the button")


def check_inline_keyboard(markup: JSON, prefix: str) -> None:
    rows = markup["inline_keyboard"]
    _check_rows(rows, "inline_keyboard")
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")


def check_reply_keyboard(markup: JSON, prefix: str) -> None:
    _check_rows(markup["keyboard"], "keyboard")


def _check_rows(rows: list[list[JSON]], name: str) -> None:
    if not rows:
        raise refusals.local(f"{name} has no buttons", "send the message without a keyboard")
    if any(not row for row in rows):
        raise refusals.local(f"{name} has an empty row", "drop the row")


RULES: dict[str, Callable[[JSON, str], None]] = {
    "InlineKeyboardButton": check_inline_button,
    "KeyboardButton": check_keyboard_button,
    "InlineKeyboardMarkup": check_inline_keyboard,
    "ReplyKeyboardMarkup": check_reply_keyboard,
}
