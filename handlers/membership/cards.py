"""Review cards: an application with Approve / Reject / Ask a question, sent to the review
chat or to each organiser (in the reader's language) and updated in every copy once the
application is decided."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.context import BotContext
from bot.core.text import fit_lines
from bot.i18n import _, use_locale
from bot.logs import chat_label
from bot.membership.applications import ApplicationView
from handlers.membership.buttons import APPROVE, ASK, REJECT
from handlers.membership.notify import locale_of_chat, send
from handlers.membership.render import answers_text, area_names
from models import ApplicationStatus

logger = logging.getLogger(__name__)


def card_text(view: ApplicationView, areas: dict[str, str]) -> str:
    parts = [
        _("Application #{id}").format(id=view.id),
        answers_text(view.answers, areas),
        _("Telegram: {who}").format(
            who=f"@{view.username}" if view.username else f"id {view.telegram_id}"
        ),
    ]
    if view.referrer:
        parts.append(_("Recommended by: {name}").format(name=view.referrer))
    if view.status is ApplicationStatus.APPROVED:
        parts.append(_("✅ Approved by {name}.").format(name=view.decided_by or "—"))
    elif view.status is ApplicationStatus.REJECTED:
        parts.append(
            _("❌ Rejected by {name}. Reason: {reason}").format(
                name=view.decided_by or "—", reason=view.reason or "—"
            )
        )
        # The card is edited in place: a long reason gives way (the applicant has it all).
        lines = "\n\n".join(parts).split("\n")
        return fit_lines(lines, [len(lines) - 1 - parts[-1].count("\n")])
    return "\n\n".join(parts)


def card_keyboard(view: ApplicationView) -> InlineKeyboardMarkup | None:
    if not view.pending:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Approve"), callback_data=APPROVE(view.id)),
                InlineKeyboardButton(_("Reject"), callback_data=REJECT(view.id)),
            ],
            [InlineKeyboardButton(_("Ask a question"), callback_data=ASK(view.id))],
        ]
    )


async def _card(
    context: BotContext, view: ApplicationView, chat_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card as that chat reads it."""
    with use_locale(await locale_of_chat(context, chat_id)):
        areas = await area_names(context.services.membership.areas)
        return card_text(view, areas), card_keyboard(view)


async def send_cards(context: BotContext, view: ApplicationView) -> None:
    """A new application: a card (and the document, if any) to every reviewer chat."""
    applications = context.services.membership.applications
    document = view.answers.get("document")
    for chat_id in await applications.reviewer_chats():
        text, markup = await _card(context, view, chat_id)
        card = await send(context, chat_id, text, reply_markup=markup)
        if card is None:
            continue
        await applications.add_card(view.id, chat_id, card.message_id)
        if document:
            await _send_document(context, chat_id, document, card.message_id)


async def _send_document(
    context: BotContext, chat_id: int, document: dict[str, str], card_id: int
) -> None:
    try:
        if document["kind"] == "photo":
            await context.bot.send_photo(chat_id, document["file_id"], reply_to_message_id=card_id)
        else:
            await context.bot.send_document(
                chat_id, document["file_id"], reply_to_message_id=card_id
            )
    except TelegramError as error:
        where = chat_label(chat_id)
        logger.warning("document of an application not sent to %s: %s", where, error)


async def refresh_cards(context: BotContext, view: ApplicationView) -> None:
    """Every copy of the card shows the decision and loses its buttons."""
    for chat_id, message_id in view.cards:
        text, markup = await _card(context, view, chat_id)
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except TelegramError as error:
            logger.info("card %s in %s not updated: %s", message_id, chat_label(chat_id), error)
