"""How the local Bot API words a refusal: Telegram's own descriptions where Telegram refuses
(read from its Bot API server and TDLib, which produce them), and plain local ones, marked
"(local Bot API)", where Telegram would silently ignore or fix the mistake.

Keys are (method or type, parameter or field); "" as the first part means any owner.
Messages are worded as the server's sources word them and pass through `bad_request`, which
lower-cases the first letter as Telegram does ("Message is too long" becomes
"Bad Request: message is too long").
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.localapi.records import BotApiError, bad_request
from bot.localapi.schema import Limit

Key = tuple[str, str]

_CAPTION_TOO_LONG = "Message caption is too long"
_TEXT_TOO_LONG = "Message is too long"
QUERY_ID_INVALID = "query is too old and response timeout expired or query ID is invalid"

TOO_LONG: dict[Key, str] = {
    ("sendMessage", "text"): _TEXT_TOO_LONG,
    ("editMessageText", "text"): _TEXT_TOO_LONG,
    ("sendPhoto", "caption"): _CAPTION_TOO_LONG,
    ("sendDocument", "caption"): _CAPTION_TOO_LONG,
    ("copyMessage", "caption"): _CAPTION_TOO_LONG,
    ("answerCallbackQuery", "text"): "MESSAGE_TOO_LONG",
    ("sendPoll", "question"): "Poll question length must not exceed {high}",
    ("sendPoll", "options"): "Poll can't have more than {high} options",
    ("InputPollOption", "text"): "Poll options length must not exceed {high}",
    ("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID",
    ("BotCommand", "command"): "Command length must not exceed {high}",
    ("BotCommand", "description"): "Command description length must not exceed {high}",
    ("setMyCommands", "commands"): "BOT_COMMANDS_TOO_MUCH",
    ("setWebhook", "secret_token"): "secret token is too long",
}
TOO_SHORT: dict[Key, str] = {
    ("sendMessage", "text"): "Message text is empty",
    ("editMessageText", "text"): "Message text is empty",
    ("sendPoll", "question"): "Text must be non-empty",
    ("sendPoll", "options"): "Poll must have at least one answer option",
    ("InputPollOption", "text"): "Text must be non-empty",
    # Telegram takes empty callback data for none, so such a button has no action.
    ("InlineKeyboardButton", "callback_data"): (
        "Can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
    ),
    ("BotCommand", "command"): "Command must be non-empty",
    ("BotCommand", "description"): "Command description must be non-empty",
}
MISSING: dict[Key, str] = {
    ("", "chat_id"): "chat_id is empty",
    ("", "user_id"): "Invalid user_id specified",
    ("sendMessage", "text"): "Message text is empty",
    ("copyMessage", "message_id"): "message to copy not found",
    ("pinChatMessage", "message_id"): "message to pin not found",
    ("answerCallbackQuery", "callback_query_id"): QUERY_ID_INVALID,
    ("answerInlineQuery", "inline_query_id"): QUERY_ID_INVALID,
}
# What Telegram puts before a problem inside one of these objects.
PREFIX = {
    "InlineKeyboardButton": "Can't parse inline keyboard button: ",
    "KeyboardButton": "Can't parse keyboard button: ",
    "BotCommand": "Can't parse BotCommand: ",
    "BotCommandScope": "Can't parse BotCommandScope: ",
    "MessageEntity": "Can't parse MessageEntity: ",
}


def _lookup(table: dict[Key, str], owner: str, name: str) -> str | None:
    return table.get((owner, name)) or table.get(("", name))


def too_long(owner: str, name: str, limit: Limit, size: int) -> BotApiError:
    return _out_of_limit(TOO_LONG, owner, name, limit, size)


def too_short(owner: str, name: str, limit: Limit, size: int) -> BotApiError:
    return _out_of_limit(TOO_SHORT, owner, name, limit, size)


def _out_of_limit(
    table: dict[Key, str], owner: str, name: str, limit: Limit, size: int
) -> BotApiError:
    """Limits are checked after parsing, by TDLib or Telegram's servers: no PREFIX."""
    message = _lookup(table, owner, name)
    if message is None:
        return out_of_range(owner, name, limit, size)
    return bad_request(message.format(low=limit.low, high=limit.high))


def blank_text() -> BotApiError:
    """Text of only spaces and line breaks: Telegram trims it to nothing."""
    return bad_request("Text must be non-empty")


def out_of_range(owner: str, name: str, limit: Limit, size: int) -> BotApiError:
    return local(
        f"{name} of {owner} must be {limit.low}-{limit.high} {limit.unit}, not {size}",
        "refuse or cut it, in words of its own",
    )


def missing(owner: str, name: str, prefix: str, *, in_object: bool) -> BotApiError:
    if in_object:
        return bad_request(f'{prefix}Can\'t find field "{name}"')
    message = _lookup(MISSING, owner, name)
    if message is None:
        return local(f"{name} is required for {owner}", "refuse or default it")
    return bad_request(message)


def wrong_type(
    owner: str, name: str, types: Iterable[str], prefix: str, *, in_object: bool
) -> BotApiError:
    kinds = list(types)
    if in_object:
        return bad_request(f'{prefix}Field "{name}" must be {_json_kind(kinds[0])}')
    return local(f"{name} of {owner} must be {' or '.join(kinds)}", "refuse or misread it")


def _json_kind(api_type: str) -> str:
    """A Bot API type as Telegram names its JSON type in "Field ... must be ..."."""
    if api_type == "Integer":
        return "a Number"
    if api_type.startswith("Array of"):
        return "of type Array"
    names = {"Float": "Number", "String": "String", "Boolean": "Boolean", "True": "Boolean"}
    return f"of type {names.get(api_type, 'Object')}"


def not_rows(owner: str, name: str) -> BotApiError:
    return bad_request(f'Field "{name}" of the {owner} must be an Array of Arrays')


def unknown(owner: str, names: list[str]) -> BotApiError:
    """A parameter or field the Bot API does not have: Telegram ignores it, which hides
    typos and parameters of another method, so the local Bot API refuses it."""
    kind = "field" if owner[:1].isupper() else "parameter"
    listed = ", ".join(f'"{name}"' for name in names)
    return local(f"unknown {kind}{'s' if len(names) > 1 else ''} {listed} of {owner}", "ignore it")


def local(message: str, what: str) -> BotApiError:
    """A mistake Telegram forgives silently (`what` it does instead), refused here."""
    return bad_request(f"{message} (local Bot API: Telegram would {what})")
