"""Reviewing applications: cards with Approve / Reject (with a reason) / Ask a question, to
the review chat or to each organiser; one decision per application; the applicant is told
in their language; their answers to questions come back to the cards."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import membership
from bot.context import BotContext
from bot.i18n import _, use_locale
from bot.membership import ApplicationView
from handlers.kit.replies import reply, require_role
from handlers.membership.notify import locale_of_chat, send
from handlers.membership.render import answers_text, area_names
from models import ApplicationStatus, Role, utcnow

logger = logging.getLogger(__name__)

APPROVE, REJECT, ASK = "mb:rv:ap:", "mb:rv:rj:", "mb:rv:qs:"
REPLY_TO_QUESTION = "mb:ans:"
WRITING, ANSWERING = "writing", "answering"
WRITING_TIMEOUT = 15 * 60  # seconds
REVIEW = "mb_review"
ANSWER = "mb_answer"


def _card_text(view: ApplicationView, areas: dict[str, str]) -> str:
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
    return "\n\n".join(parts)


def _card_keyboard(view: ApplicationView) -> InlineKeyboardMarkup | None:
    if view.status is not ApplicationStatus.PENDING:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Approve"), callback_data=f"{APPROVE}{view.id}"),
                InlineKeyboardButton(_("Reject"), callback_data=f"{REJECT}{view.id}"),
            ],
            [InlineKeyboardButton(_("Ask a question"), callback_data=f"{ASK}{view.id}")],
        ]
    )


async def _reviewer_chats(context: BotContext) -> list[int]:
    """The review chat when one is set; otherwise every organiser privately."""
    review_chat = await membership.chat_setting(context.services.db, membership.REVIEW_CHAT)
    if review_chat is not None:
        return [review_chat]
    organisers = await context.services.people.with_role_at_least(Role.ORGANISER)
    return [person.telegram_id for person in organisers]


async def send_cards(context: BotContext, application_id: int) -> None:
    """A new application: a card (and the document, if any) to every reviewer chat."""
    db = context.services.db
    view = await membership.application(db, application_id)
    assert view is not None
    document = view.answers.get("document")
    for chat_id in await _reviewer_chats(context):
        with use_locale(await locale_of_chat(context, chat_id)):
            text = _card_text(view, await area_names(db))
            card = await send(context, chat_id, text, reply_markup=_card_keyboard(view))
        if card is None:
            continue
        await membership.add_card(db, application_id, chat_id, card.message_id)
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
        logger.warning("document of an application not sent to %s: %s", chat_id, error)


async def _refresh_cards(context: BotContext, view: ApplicationView) -> None:
    """Every copy of the card shows the decision and loses its buttons."""
    areas_cache: dict[str, dict[str, str]] = {}
    for chat_id, message_id in view.cards:
        locale = await locale_of_chat(context, chat_id)
        with use_locale(locale):
            if locale not in areas_cache:
                areas_cache[locale] = await area_names(context.services.db)
            text = _card_text(view, areas_cache[locale])
            markup = _card_keyboard(view)
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except TelegramError as error:
            logger.info("card %s/%s not updated: %s", chat_id, message_id, error)


def _application_id(data: str, prefix: str) -> int | None:
    tail = data.removeprefix(prefix)
    return int(tail) if tail.isdigit() else None


async def _pending(update: Update, context: BotContext, prefix: str) -> ApplicationView | None:
    """The application a review button points at, if it still waits for a decision;
    otherwise the presser learns who decided it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    application_id = _application_id(query.data, prefix)
    view = (
        await membership.application(context.services.db, application_id)
        if application_id is not None
        else None
    )
    if view is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return None
    if view.status is not ApplicationStatus.PENDING:
        await query.answer(_decided_text(view), show_alert=True)
        await _refresh_cards(context, view)
        return None
    return view


def _decided_text(view: ApplicationView) -> str:
    if view.status is ApplicationStatus.APPROVED:
        return _("Already decided: approved by {name}.").format(name=view.decided_by or "—")
    return _("Already decided: rejected by {name}.").format(name=view.decided_by or "—")


async def _after_decision(context: BotContext, application_id: int) -> None:
    """Cards updated, the applicant told in their language; approval makes them a member."""
    db = context.services.db
    view = await membership.application(db, application_id)
    assert view is not None
    if view.status is ApplicationStatus.APPROVED:
        await context.services.people.set_role(  # the menu follows (People.on_role_change)
            actor=context.me, telegram_id=view.telegram_id, role=Role.MEMBER
        )
    await _refresh_cards(context, view)
    with use_locale(await locale_of_chat(context, view.telegram_id)):
        if view.status is ApplicationStatus.APPROVED:
            text = _(
                "Congratulations! Your application is approved: you are now a member of the "
                "community. Send /help to see what you can do."
            )
            link = await _community_invite(context)
            if link:
                text += "\n\n" + _("Join the community chat: {link}").format(link=link)
        else:
            text = _(
                "We are sorry: your application was not approved. Reason: {reason}\n\n"
                "You may apply again later with /apply."
            ).format(reason=view.reason or "—")
    await send(context, view.telegram_id, text)


async def _community_invite(context: BotContext) -> str | None:
    """A link to the community chat that asks to join (the bot approves members)."""
    chat_id = await membership.chat_setting(context.services.db, membership.COMMUNITY_CHAT)
    if chat_id is None:
        return None
    try:
        link = await context.bot.create_chat_invite_link(chat_id, creates_join_request=True)
    except TelegramError as error:
        logger.warning("no invite link for the community chat: %s", error)
        return None
    return link.invite_link


@require_role(Role.ORGANISER)
async def approve(update: Update, context: BotContext) -> None:
    """Approve: the first organiser's decision counts; a second one sees who decided."""
    query = update.callback_query
    assert query is not None
    view = await _pending(update, context, APPROVE)
    if view is None:
        return
    decided = await membership.decide(
        context.services.db, view.id, actor_id=context.me.id, status=ApplicationStatus.APPROVED
    )
    if not decided:
        fresh = await membership.application(context.services.db, view.id)
        text = _decided_text(fresh) if fresh else _("This button is no longer active.")
        await query.answer(text, show_alert=True)
        return
    await query.answer(_("Approved."))
    await _after_decision(context, view.id)


@require_role(Role.ORGANISER)
async def start_writing(update: Update, context: BotContext) -> str | int:
    """Reject or Ask: the organiser writes the reason or the question next."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    action = REJECT if query.data.startswith(REJECT) else ASK
    view = await _pending(update, context, action)
    if view is None:
        return ConversationHandler.END
    await query.answer()
    # the time too: after a restart the conversation is restored but not its time-out
    context.user_data[REVIEW] = {
        "action": action,
        "application": view.id,
        "since": utcnow().isoformat(),
    }
    if action == REJECT:
        text = _("Write the reason for rejecting application #{id}; the applicant will see it.")
    else:
        text = _("Write your question to the applicant of application #{id}.")
    # In a group the bot sees, under privacy mode, only replies to itself: ask for one.
    await reply(
        update,
        text.format(id=view.id) + " " + _("Or /cancel."),
        reply_markup=ForceReply(selective=False, input_field_placeholder=_("Your text")),
    )
    return WRITING


def _expired(task: dict[str, Any]) -> bool:
    since = task.get("since")
    if not since:
        return False
    return utcnow() - datetime.fromisoformat(since) > timedelta(seconds=WRITING_TIMEOUT)


async def written(update: Update, context: BotContext) -> str | int:
    """The reason or the question, as the organiser wrote it."""
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    task = context.user_data.get(REVIEW) or {}
    if _expired(task):  # the bot restarted meanwhile, so the time-out job was lost
        context.user_data.pop(REVIEW, None)
        await reply(
            update,
            _(
                "More than 15 minutes have passed since you pressed the button, so this is not "
                "taken as the reason or question. Press Reject or Ask on the card again."
            ),
        )
        return ConversationHandler.END
    text = update.message.text.strip()
    if not text or len(text) > 1000:
        await reply(update, _("Please write 1 to 1000 characters, or /cancel."))
        return WRITING
    if not context.me.role.at_least(Role.ORGANISER):  # demoted meanwhile
        context.user_data.pop(REVIEW, None)
        return ConversationHandler.END
    context.user_data.pop(REVIEW, None)
    application_id = int(task.get("application", 0))
    if task.get("action") == REJECT:
        await _reject(update, context, application_id, text)
    else:
        await _ask(update, context, application_id, text)
    return ConversationHandler.END


async def _reject(update: Update, context: BotContext, application_id: int, reason: str) -> None:
    decided = await membership.decide(
        context.services.db,
        application_id,
        actor_id=context.me.id,
        status=ApplicationStatus.REJECTED,
        reason=reason,
    )
    if not decided:
        view = await membership.application(context.services.db, application_id)
        await reply(update, _decided_text(view) if view else _("The application is gone."))
        return
    await reply(update, _("Rejected; the applicant is told the reason."))
    await _after_decision(context, application_id)


async def _ask(update: Update, context: BotContext, application_id: int, question: str) -> None:
    view = await membership.application(context.services.db, application_id)
    if view is None or view.status is not ApplicationStatus.PENDING:
        await reply(update, _decided_text(view) if view else _("The application is gone."))
        return
    with use_locale(await locale_of_chat(context, view.telegram_id)):
        text = _("The organisers ask about your application:\n\n{question}").format(
            question=question
        )
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _("Answer the question"), callback_data=f"{REPLY_TO_QUESTION}{view.id}"
                    )
                ]
            ]
        )
    sent = await send(context, view.telegram_id, text, reply_markup=keyboard)
    if sent is None:
        await reply(update, _("The applicant cannot be reached: they have blocked the bot."))
        return
    await membership.record_action(
        context.services.db,
        actor_id=context.me.id,
        action="application.question",
        person_id=view.person_id,
        application=view.id,
    )
    await reply(update, _("Your question has been sent to the applicant."))


async def cancel_writing(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(REVIEW, None)
    context.user_data.pop(ANSWER, None)
    await reply(update, _("Cancelled."))
    return ConversationHandler.END


# ----- the applicant answers a question -----------------------------------------------------


async def start_answer(update: Update, context: BotContext) -> str | int:
    """The applicant's "Answer" button: only for their own application under review."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    application_id = _application_id(query.data, REPLY_TO_QUESTION)
    view = (
        await membership.application(context.services.db, application_id)
        if application_id is not None
        else None
    )
    if (
        view is None
        or view.telegram_id != context.me.telegram_id
        or view.status is not ApplicationStatus.PENDING
    ):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data[ANSWER] = view.id
    await reply(update, _("Write your answer, or /cancel."))
    return ANSWERING


async def answered(update: Update, context: BotContext) -> str | int:
    """The applicant's answer goes to every card of their application."""
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    text = update.message.text.strip()
    if not text or len(text) > 2000:
        await reply(update, _("Please write 1 to 2000 characters, or /cancel."))
        return ANSWERING
    view = await membership.application(context.services.db, int(context.user_data.pop(ANSWER)))
    if view is None or view.status is not ApplicationStatus.PENDING:
        await reply(update, _("Your application has been decided already."))
        return ConversationHandler.END
    for chat_id, message_id in view.cards:
        with use_locale(await locale_of_chat(context, chat_id)):
            forwarded = _("The applicant of application #{id} answers:\n\n{answer}").format(
                id=view.id, answer=text
            )
        await send(context, chat_id, forwarded, reply_to_message_id=message_id)
    await reply(update, _("Thank you, your answer has been passed to the organisers."))
    return ConversationHandler.END


def handlers() -> list[Any]:
    text = filters.TEXT & ~filters.COMMAND
    return [
        CallbackQueryHandler(approve, pattern=f"^{APPROVE}"),
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(start_writing, pattern=f"^({REJECT}|{ASK})"),
                CallbackQueryHandler(start_answer, pattern=f"^{REPLY_TO_QUESTION}"),
            ],
            states={
                WRITING: [
                    MessageHandler(text, written),
                    # Reject or Ask on another card while writing: that card instead.
                    CallbackQueryHandler(start_writing, pattern=f"^({REJECT}|{ASK})"),
                ],
                ANSWERING: [MessageHandler(text, answered)],
            },
            fallbacks=[CommandHandler("cancel", cancel_writing)],
            # A forgotten Reject must not turn a later, unrelated message into a reason.
            conversation_timeout=WRITING_TIMEOUT,
            name="membership_review",
            persistent=True,
        ),
    ]
