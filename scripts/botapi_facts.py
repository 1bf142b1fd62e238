"""Write bot/localapi/methods.py and bot/localapi/objects.py from Telegram's Bot API description.

The local Bot API (bot/localapi/) refuses what Telegram refuses; the facts it checks against
(each parameter and field: its types, whether it is required, its limit) come from the
official machine-readable description of the Bot API, for the methods and types the bot uses
only. When Telegram publishes a new version, or the bot starts using another method:

    .venv/bin/python scripts/botapi_facts.py ../shared/botapi/api.json

and commit the two modules (tests/core/test_localapi_facts.py checks they are up to date
whenever api.json is at hand). Limits are read from the descriptions ("1-4096 characters",
"1-64 bytes", "A JSON-serialized list of 1-12 answer options", "At most 100 commands ...").
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "botapi" / "api.json"
METHODS_MODULE = "bot/localapi/methods.py"
OBJECTS_MODULE = "bot/localapi/objects.py"

# Every Bot API method the bot calls (bot/, handlers/, PTB's own getMe, getUpdates, webhooks).
METHODS = [
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getMe",
    "sendMessage",
    "copyMessage",
    "sendPhoto",
    "sendDocument",
    "sendPoll",
    "banChatMember",
    "unbanChatMember",
    "createChatInviteLink",
    "approveChatJoinRequest",
    "declineChatJoinRequest",
    "pinChatMessage",
    "getChat",
    "getChatMember",
    "answerCallbackQuery",
    "setMyCommands",
    "deleteMyCommands",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerInlineQuery",
]
# Every type the bot sends inside those parameters (others are checked only as objects).
TYPES = [
    "User",
    "MessageEntity",
    "ReplyParameters",
    "LinkPreviewOptions",
    "InputPollOption",
    "ReplyKeyboardMarkup",
    "KeyboardButton",
    "ReplyKeyboardRemove",
    "InlineKeyboardMarkup",
    "InlineKeyboardButton",
    "LoginUrl",
    "SwitchInlineQueryChosenChat",
    "CopyTextButton",
    "CallbackGame",
    "WebAppInfo",
    "ForceReply",
    "BotCommand",
    "BotCommandScopeDefault",
    "BotCommandScopeAllPrivateChats",
    "BotCommandScopeAllGroupChats",
    "BotCommandScopeAllChatAdministrators",
    "BotCommandScopeChat",
    "BotCommandScopeChatAdministrators",
    "BotCommandScopeChatMember",
    "InlineQueryResultArticle",
    "InputTextMessageContent",
]
# Abstract types whose chosen variants are among TYPES.
ABSTRACT = ["BotCommandScope", "InlineQueryResult", "InputMessageContent"]

_LENGTH = re.compile(r"\b(\d+)-(\d+) (characters|bytes)\b", re.IGNORECASE)
_AT_MOST_LENGTH = re.compile(r"can't exceed (\d+) (characters|bytes)\b", re.IGNORECASE)
_ITEMS = re.compile(r"\blist of (\d+)-(\d+)\b")
_AT_MOST_ITEMS = re.compile(r"\bAt most (\d+) \w+ can be specified")
_RANGE = re.compile(r"\b(\d+)-(\d+)\b")
_KIND = re.compile(r"\bmust be (\w+)$")


def limit_of(types: list[str], description: str) -> str | None:
    """The limit a description states, as source text (`Limit(1, 4096, "characters")`)."""
    if found := _LENGTH.search(description):
        low, high, unit = found.groups()
        return f'Limit({low}, {high}, "{unit.lower()}")'
    if found := _AT_MOST_LENGTH.search(description):
        high, unit = found.groups()
        return f'Limit(0, {high}, "{unit.lower()}")'
    if types[0].startswith("Array of"):
        if found := _ITEMS.search(description):
            return f'Limit({found.group(1)}, {found.group(2)}, "items")'
        if found := _AT_MOST_ITEMS.search(description):
            return f'Limit(0, {found.group(1)}, "items")'
    if types == ["Integer"] and (found := _RANGE.search(description)):
        return f'Limit({found.group(1)}, {found.group(2)}, "value")'
    return None


def field_source(field: dict[str, Any]) -> str:
    arguments = [_tuple(field["types"]), "True" if field["required"] else "False"]
    if limit := limit_of(field["types"], field["description"]):
        arguments.append(limit)
    return f'"{field["name"]}": Field({", ".join(arguments)}),'


def fields_source(fields: list[dict[str, Any]]) -> list[str]:
    """One line per required or limited field; the other optional fields grouped by type."""
    lines = []
    plain: dict[tuple[str, ...], list[str]] = {}
    for field in fields:
        if field["required"] or limit_of(field["types"], field["description"]):
            lines.append(field_source(field))
        else:
            plain.setdefault(tuple(field["types"]), []).append(field["name"])
    for types, names in plain.items():
        quoted = ", ".join(f'"{name}"' for name in names)
        lines.append(f"**optional({_tuple(types)}, {quoted}),")
    return lines


def _tuple(names: list[str] | tuple[str, ...]) -> str:
    """A tuple of strings as source, without the trailing comma that would spread it."""
    quoted = ", ".join(f'"{name}"' for name in names)
    return f"({quoted},)" if len(names) == 1 else f"({quoted})"


def table_source(name: str, entries: dict[str, Any], names: list[str]) -> list[str]:
    lines = [f"{name}: dict[str, dict[str, Field]] = {{"]
    for entry_name in names:
        fields = entries[entry_name].get("fields", [])
        if not fields:
            lines.append(f'    "{entry_name}": {{}},')
            continue
        lines.append(f'    "{entry_name}": {{')
        lines += [f"        {line}" for line in fields_source(fields)]
        lines.append("    },")
    lines.append("}")
    return lines


def header(api: dict[str, Any], what: str) -> list[str]:
    return [
        f'"""{what} of the Telegram {api["version"]} ({api["release_date"]}) that the bot uses:',
        "each one's fields with their types, whether required, and the limit its description",
        "states. Generated by scripts/botapi_facts.py from Telegram's api.json: do not edit.",
        '"""',
        "",
        "from bot.localapi.schema import Field, Limit, optional",
        "",
        f'VERSION = "{api["version"]}"',
        "",
    ]


def kind_of(entry: dict[str, Any]) -> str | None:
    """The value of a variant's `type` field ("Scope type, must be chat" gives "chat")."""
    for field in entry.get("fields", []):
        if field["name"] == "type" and (found := _KIND.search(field["description"])):
            return found.group(1)
    return None


def variants_source(types: dict[str, Any]) -> list[str]:
    lines = ["# Abstract types: their variants among the types above; COMPLETE: all of them."]
    lines.append("VARIANTS: dict[str, tuple[str, ...]] = {")
    complete = []
    for abstract in ABSTRACT:
        chosen = [name for name in types[abstract]["subtypes"] if name in TYPES]
        lines.append(f'    "{abstract}": {_tuple(chosen)},')
        if len(chosen) == len(types[abstract]["subtypes"]):
            complete.append(abstract)
    lines.append("}")
    lines.append(f"COMPLETE = frozenset({{{', '.join(repr(name) for name in complete)}}})")
    lines.append("# A variant's `type` value (InlineQueryResultArticle: article).")
    lines.append("KINDS: dict[str, str] = {")
    lines += [
        f'    "{name}": "{kind}",' for name in TYPES if (kind := kind_of(types[name])) is not None
    ]
    lines.append("}")
    return lines


def render(api: dict[str, Any]) -> dict[str, str]:
    """The two modules' text, formatted as `ruff format` would."""
    methods = header(api, "The methods") + table_source("METHODS", api["methods"], METHODS)
    objects = [
        *header(api, "The types"),
        *table_source("TYPES", api["types"], TYPES),
        "",
        *variants_source(api["types"]),
    ]
    sources = {METHODS_MODULE: methods, OBJECTS_MODULE: objects}
    return {path: _formatted(path, "\n".join(lines) + "\n") for path, lines in sources.items()}


def _formatted(path: str, source: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", path, "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def main(arguments: list[str]) -> None:
    source = Path(arguments[0]) if arguments else DEFAULT_SOURCE
    api = json.loads(source.read_text())
    for path, text in render(api).items():
        (ROOT / path).write_text(text)
        print(f"wrote {path} ({api['version']})")


if __name__ == "__main__":
    main(sys.argv[1:])
