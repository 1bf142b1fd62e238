"""/profile: one's own answers, each editable with the questionnaire's question."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import consultation_records, membership
from bot.context import BotContext
from bot.data.questionnaire import QUESTIONS
from bot.i18n import _
from bot.questionnaire import applies
from handlers.kit.replies import reply
from handlers.membership.render import answers_text, area_names, consulting_text

EDIT = "mb:p:e:"  # mb:p:e:<question key>


async def show_profile(update: Update, context: BotContext) -> None:
    """The profile with a ✏️ button per answer that may be changed."""
    answers = await membership.load_answers(context.services.db, context.me.id)
    if answers is None:
        await reply(update, _("You have no profile yet. Send /apply to fill in the questionnaire."))
        return
    rows = [
        [InlineKeyboardButton("✏️ " + _(question.label), callback_data=EDIT + question.key)]
        for question in QUESTIONS
        if question.editable and applies(question, answers)
    ]
    records = await consultation_records.consulting(context.services.db, [context.me.id])
    text = "\n\n".join(
        [
            _("Your profile:"),
            answers_text(answers, await area_names(context.services.db)),
            consulting_text(records[context.me.id]),
            _("Press a button to change an answer."),
        ]
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
