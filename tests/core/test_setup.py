"""Commands and buttons declared through `Setup`: the role guard and the refusals, as two
people meet them, one after the other."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application

from bot.context import BotContext, CommunityApplication
from bot.core.callbacks import ID, Callbacks
from bot.core.errors import Refused
from bot.db import Database
from bot.i18n import N_
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import Role
from tests.support.harness import ORGANISER_ID, BotHarness, make_settings

BUTTONS = Callbacks("tst")
TAKE = BUTTONS.action("take", ID)
TAKEN = N_("This button is no longer active.")  # a message id the catalogues translate


async def offer(update: Update, context: BotContext) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Take", callback_data=TAKE(5))]])
    await reply(update, "Offer", reply_markup=markup)


async def take(update: Update, context: BotContext) -> None:
    (number,) = TAKE.decode(update.callback_query.data if update.callback_query else None)
    if context.me.telegram_id != ORGANISER_ID:
        raise Refused(TAKEN)
    assert update.callback_query is not None
    await update.callback_query.answer(f"Taken #{number}")


def customise(application: Application) -> None:
    assert isinstance(application, CommunityApplication)
    setup = Setup(application)
    # First in group 0, before the fallback that answers whatever no feature knows.
    application.handlers[0][:0] = [
        setup.command_handler("offer", offer, None, role=Role.MEMBER),
        setup.button_handler(TAKE, take),
    ]


async def test_role_guard_and_refusals(database: Database) -> None:
    harness = BotHarness(make_settings(database.url), database, customise=customise)
    telegram = await harness.start()
    try:
        newcomer = telegram.user(1, "Пётр")
        olga = telegram.user(ORGANISER_ID, "Ольга")
        await olga.send("/start")
        await newcomer.send("/start")
        await newcomer.send("/offer")
        assert newcomer.last.text.startswith("Это доступно роли «участник» и выше")
        await olga.send("/offer")
        offer_message = olga.last
        await newcomer.press("Take", offer_message)
        assert newcomer.last_answer == "Эта кнопка больше не действует."
        await olga.press("Take", offer_message)
        assert olga.last_answer == "Taken #5"
        await olga.press_data("tst:take:0", offer_message)
        assert olga.last_answer == "Эта кнопка больше не действует."
    finally:
        await harness.stop()
