"""Through the real bot: a handler whose call Telegram would refuse gets a BadRequest, as
with Telegram, and the bot's own flows pass the strict local Bot API."""

from __future__ import annotations

import logging

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.localapi import LocalTelegram
from bot.localapi.methods import METHODS

APOLOGY = "Sorry, something went wrong on our side. Please try again a bit later."


def failed_calls(telegram: LocalTelegram) -> list[tuple[str, dict[str, object]]]:
    return [(call.method, call.params) for call in telegram.server.calls if not call.ok]


async def test_a_handler_sending_too_much_gets_bad_request(
    telegram: LocalTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caught: list[str] = []

    async def long_text(update: Update, context: BotContext) -> None:
        assert update.message is not None
        try:
            await update.message.reply_text("я" * 4097)
        except BadRequest as error:
            caught.append(error.message)
            await update.message.reply_text("я" * 4096)

    async def long_caption(update: Update, context: BotContext) -> None:
        assert update.message is not None
        await update.message.reply_document(b"report", filename="r.txt", caption="я" * 1025)

    # First in group 0, ahead of the catch-all for unknown commands.
    telegram.application.handlers[0][:0] = [
        CommandHandler("long", long_text),
        CommandHandler("caption", long_caption),
    ]
    anna = telegram.user(1, "Анна", language_code="en")
    await anna.send("/long")
    assert caught == ["Message is too long"]  # PTB's wording of "Bad Request: message is too long"
    assert anna.last.text == "я" * 4096
    with caplog.at_level(logging.ERROR, logger="handlers.core.errors"):
        await anna.send("/caption")
    record = next(r for r in caplog.records if r.name == "handlers.core.errors")
    error = record.exc_info[1]  # type: ignore[index]
    assert isinstance(error, BadRequest) and error.message == "Message caption is too long"
    assert anna.last.text == APOLOGY
    assert [method for method, _params in failed_calls(telegram)] == ["sendMessage", "sendDocument"]


async def test_buttons_telegram_refuses_fail_the_send(telegram: LocalTelegram) -> None:
    caught: list[str] = []

    async def menu(update: Update, context: BotContext) -> None:
        assert update.message is not None
        for button in (
            InlineKeyboardButton("Too much", callback_data="x" * 65),
            InlineKeyboardButton("Nothing to do"),
        ):
            try:
                await update.message.reply_text(
                    "Menu", reply_markup=InlineKeyboardMarkup([[button]])
                )
            except BadRequest as error:
                caught.append(error.message)

    telegram.application.handlers[0].insert(0, CommandHandler("menu", menu))
    anna = telegram.user(1, "Анна", language_code="en")
    await anna.send("/menu")
    assert caught == [
        "Button_data_invalid",
        "Can't parse inline keyboard button: text buttons are unallowed in the inline keyboard",
    ]
    assert anna.messages == []


async def test_a_press_is_answered_once_even_when_its_handler_fails(
    telegram: LocalTelegram,
) -> None:
    """Telegram takes one answer per press: the apology after a failing handler that had
    answered must still reach the person."""

    async def show(update: Update, context: BotContext) -> None:
        assert update.message is not None
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="test:go")]])
        await update.message.reply_text("Press", reply_markup=markup)

    async def go(update: Update, context: BotContext) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Working on it")
        raise RuntimeError("boom")

    telegram.application.handlers[0][:0] = [
        CommandHandler("show", show),
        CallbackQueryHandler(go, pattern="^test:go$"),
    ]
    anna = telegram.user(1, "Анна", language_code="en")
    await anna.send("/show")
    await anna.press("Go")
    assert anna.last_answer == "Working on it"
    assert anna.last.text == APOLOGY


async def test_people_interleaving_presses_pass_the_strict_api(telegram: LocalTelegram) -> None:
    """Several people, stale and repeated presses, in the order Telegram may deliver them:
    every call the bot makes is one Telegram accepts (each press answered exactly once)."""
    anna = telegram.user(1, "Анна")
    boris = telegram.user(2, "Борис", language_code="en")
    await anna.send("/start")
    await boris.send("/language")
    await anna.send("/language")
    boris_menu, anna_menu = boris.last_with_buttons(), anna.last_with_buttons()
    english = boris_menu.button("English")["callback_data"]  # the menu loses it when pressed
    await boris.press("Русский", boris_menu)
    await anna.press("English", anna_menu)
    await boris.press_data(english, boris_menu)  # a press on the menu delivered late
    await anna.press_data("gone:42", anna_menu)  # a stale button
    await boris.send("/help")
    await anna.send("/help")
    assert anna.last_answer == "This button is no longer active."
    assert failed_calls(telegram) == []
    assert {call.method for call in telegram.server.calls} <= set(METHODS)  # all checked
    answered = [
        call.params["callback_query_id"] for call in telegram.server.calls_to("answerCallbackQuery")
    ]
    assert len(answered) == len(set(answered)) == 4
