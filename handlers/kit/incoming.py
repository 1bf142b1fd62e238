"""Which messages the handlers take: new ones.

Telegram delivers a message again when its author edits it (`edited_message`), and PTB's
`MessageHandler` and `CommandHandler` accept edits (and channel posts) unless their filter
says otherwise. An edit is neither a new command nor the answer to the next question, so
every handler takes only `NEW` messages: `Setup.command` adds it to each command, a
`MessageHandler` says it in its filter (`TEXT` for a written answer). An edited text in a
private chat gets a short note that edits do not count (`EDITED`, handlers/core/fallback.py);
tests/core/test_edits.py walks every handler and fails on one that takes an edit.
"""

from __future__ import annotations

from telegram.ext import filters

NEW = filters.UpdateType.MESSAGE
"""A new message in a private chat or a group: not an edit, not a channel post."""

TEXT = NEW & filters.TEXT & ~filters.COMMAND
"""A new written message that is not a command: an answer in a dialogue."""

EDITED = (
    filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION)
)
"""A text or a caption edited in a private chat (a live location also arrives as edits of
its message: no note for those)."""
