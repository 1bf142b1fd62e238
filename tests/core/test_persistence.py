"""Conversations and user data survive a restart (persistence in the database)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.db import Database
from tests.support.harness import BotHarness, make_settings

ASK_CITY = 1


async def begin(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data["started"] = True
    await update.effective_chat.send_message("Which city?")  # type: ignore[union-attr]
    return ASK_CITY


async def city(update: Update, context: BotContext) -> int:
    assert context.user_data is not None and update.message is not None
    started = context.user_data.get("started")
    await update.message.reply_text(f"city={update.message.text} started={started}")
    return ConversationHandler.END


def add_survey(application: Application) -> None:
    survey = ConversationHandler(
        entry_points=[CommandHandler("survey", begin)],
        states={ASK_CITY: [MessageHandler(filters.TEXT & ~filters.COMMAND, city)]},
        fallbacks=[],
        name="survey",
        persistent=True,
    )
    application.add_handler(survey)
    # Ahead of the catch-all handlers, as a feature registered before them would be.
    application.handlers[0].remove(survey)
    application.handlers[0].insert(0, survey)


async def test_conversation_continues_after_restart(database: Database) -> None:
    harness = BotHarness(make_settings(database.url), database, customise=add_survey)
    telegram = await harness.start()
    try:
        anna = telegram.user(1, "Анна")
        await anna.send("/survey")
        assert anna.last.text == "Which city?"
        await harness.restart()
        await anna.send("Казань")
        assert anna.last.text == "city=Казань started=True"
    finally:
        await harness.stop()
