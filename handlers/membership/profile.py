"""/profile: one's own answers, each editable with the questionnaire's question; saving an
edited profile."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.i18n import _
from bot.membership.questionnaire import applies, relevant
from bot.membership.questions import QUESTIONS
from handlers.kit.replies import reply
from handlers.membership.buttons import EDIT_PROFILE
from handlers.membership.draft import drop
from handlers.membership.render import answers_text, area_names, consulting_text


async def show_profile(update: Update, context: BotContext) -> None:
    """The profile with a ✏️ button per answer that may be changed."""
    membership = context.services.membership
    answers = await membership.profiles.answers(context.me.id)
    if answers is None:
        await reply(update, _("You have no profile yet. Send /apply to fill in the questionnaire."))
        return
    rows = [
        [InlineKeyboardButton("✏️ " + _(question.label), callback_data=EDIT_PROFILE(question.key))]
        for question in QUESTIONS
        if question.editable and applies(question, answers)
    ]
    records = await context.services.consultations.records.consulting([context.me.id])
    text = "\n\n".join(
        [
            _("Your profile:"),
            answers_text(answers, await area_names(membership.areas)),
            consulting_text(records[context.me.id]),
            _("Press a button to change an answer."),
        ]
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def save_profile(update: Update, context: BotContext) -> int:
    """Every question of a profile edit is answered: save it and show it."""
    answers = relevant(drop(context)["answers"])
    await context.services.membership.profiles.save(context.me.id, answers)
    await reply(update, _("Your profile is saved."))
    await show_profile(update, context)
    return ConversationHandler.END
