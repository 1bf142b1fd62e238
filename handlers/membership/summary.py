"""The summary before sending: every answer, a ✏️ button for each that may be changed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import _
from bot.membership.questionnaire import question, relevant
from handlers.kit.replies import reply
from handlers.membership.buttons import DISCARD, EDIT, SUBMIT
from handlers.membership.draft import SUMMARY, draft
from handlers.membership.render import answers_text, area_names


async def show_summary(update: Update, context: BotContext) -> str:
    answers = relevant(draft(context)["answers"])
    lines = answers_text(answers, await area_names(context.services.membership.areas))
    rows = [
        [InlineKeyboardButton("✏️ " + _(asked.label), callback_data=EDIT(asked.key))]
        for key in answers
        if (asked := question(key)) is not None and asked.editable
    ]
    rows.append(
        [
            InlineKeyboardButton(_("Send the application"), callback_data=SUBMIT()),
            InlineKeyboardButton(_("Cancel"), callback_data=DISCARD()),
        ]
    )
    text = "\n\n".join(
        [
            _("Please check your answers:"),
            lines,
            _("Press a button to change an answer, or send the application."),
        ]
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
    return SUMMARY
