"""A person edits a message they sent: Telegram delivers it again as `edited_message`, with
the same message id, the new content and an edit date."""

from __future__ import annotations

import re
from typing import Any

from bot.localapi import LocalTelegram

JSON = dict[str, Any]
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@\w+)?")


async def edit(telegram: LocalTelegram, sent: JSON, **changes: Any) -> JSON:
    """Edit the message of `sent` (the update that `send`, `send_file`... returned):
    `text=` a new text (its command entity follows), `caption=`, or any field (`location=`)."""
    original = sent.get("message") or sent["edited_message"]
    message = {key: value for key, value in original.items() if key != "entities"}
    message.update(changes, edit_date=original["date"] + 1)
    command = _COMMAND.match(str(changes.get("text", "")))
    if command:
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    telegram.server.messages[(message["chat"]["id"], message["message_id"])] = message
    return await telegram.deliver({"edited_message": message})
