"""Telegram's limits, checked on everything the bot asked the local Bot API to do: what a
test asserts with `beyond_limits(telegram) == []` would have failed at Telegram.

Lengths are measured as Telegram measures them, in UTF-16 code units."""

from __future__ import annotations

from typing import Any

from bot.localapi import LocalTelegram

TEXT, CAPTION, ALERT, QUESTION, OPTION, BUTTONS, DATA = 4096, 1024, 200, 300, 100, 100, 64
EMOJI = "😀"  # two UTF-16 code units: a text of them is twice as long for Telegram


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _problems(method: str, params: dict[str, Any]) -> list[str]:
    found = []
    text = params.get("text")
    if method in ("sendMessage", "editMessageText") and not 1 <= utf16(text or "") <= TEXT:
        found.append(f"{method}: text of {utf16(text or '')}")
    caption = params.get("caption")
    if caption is not None and utf16(caption) > CAPTION:
        found.append(f"{method}: caption of {utf16(caption)}")
    if method == "answerCallbackQuery" and text is not None and utf16(text) > ALERT:
        found.append(f"{method}: answer of {utf16(text)}")
    if method == "sendPoll":
        if utf16(params.get("question", "")) > QUESTION:
            found.append(f"{method}: question of {utf16(params['question'])}")
        for option in params.get("options") or []:
            label = option["text"] if isinstance(option, dict) else str(option)
            if utf16(label) > OPTION:
                found.append(f"{method}: option of {utf16(label)}")
    keyboard = (params.get("reply_markup") or {}).get("inline_keyboard") or []
    buttons = [button for row in keyboard for button in row]
    if len(buttons) > BUTTONS:
        found.append(f"{method}: {len(buttons)} buttons")
    for button in buttons:
        data = button.get("callback_data")
        if data is not None and not 1 <= len(data.encode()) <= DATA:
            found.append(f"{method}: callback data {data!r}")
    return found


def beyond_limits(telegram: LocalTelegram) -> list[str]:
    """Every call the bot made that Telegram would have refused for its size."""
    return [
        problem for call in telegram.server.calls for problem in _problems(call.method, call.params)
    ]


def sent_texts(telegram: LocalTelegram, chat_id: int) -> list[str]:
    """The texts of every sendMessage to a chat, in order (the parts of a long text too)."""
    return [
        str(call.params.get("text"))
        for call in telegram.server.calls_to("sendMessage")
        if int(call.params.get("chat_id", 0)) == chat_id
    ]
