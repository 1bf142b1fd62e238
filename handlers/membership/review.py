"""Reviewing applications: Approve at once; Reject (with a reason) and Ask a question take
the organiser's next message. One decision per application; the applicant is told in their
language. The applicant's answer to a question is in `answering`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.callbacks import CallbackAction
from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.i18n import _, use_locale
from bot.membership.applications import ApplicationView, already_decided
from handlers.kit.incoming import TEXT
from handlers.kit.replies import explain, reply
from handlers.kit.setup import Setup
from handlers.membership import answering
from handlers.membership.buttons import APPROVE, ASK, REJECT, REPLY
from handlers.membership.cards import refresh_cards
from handlers.membership.invite import tell_inviter
from handlers.membership.notify import locale_of_chat, send
from models import ApplicationStatus, Role, utcnow

logger = logging.getLogger(__name__)

WRITING = "writing"
WRITING_TIMEOUT = 15 * 60  # seconds
REVIEW = "mb_review"
REJECTING, ASKING = "reject", "ask"
OLD_REJECTING = "mb:rv:rj:"  # how a task written before this version says "reject"


async def _pending(update: Update, context: BotContext, action: CallbackAction) -> ApplicationView:
    """The application a review button points at, if it still waits for a decision;
    otherwise every copy of its card shows who decided, and so does the refusal."""
    query = update.callback_query
    assert query is not None
    (application_id,) = action.decode(query.data)
    view = await context.services.membership.applications.get(application_id)
    if not view.pending:
        await refresh_cards(context, view)
        raise already_decided(view)
    return view


async def _after_decision(context: BotContext, view: ApplicationView) -> None:
    """Cards updated, the applicant told in their language (with the community chat's link
    when approved)."""
    await refresh_cards(context, view)
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
    await tell_inviter(context, view)


async def _community_invite(context: BotContext) -> str | None:
    """A link to the community chat that asks to join (the bot approves members)."""
    chat_id = await context.services.membership.chats.community_chat()
    if chat_id is None:
        return None
    try:
        link = await context.bot.create_chat_invite_link(chat_id, creates_join_request=True)
    except TelegramError as error:
        logger.warning("no invite link for the community chat: %s", error)
        return None
    return link.invite_link


async def approve(update: Update, context: BotContext) -> None:
    """Approve: the first organiser's decision counts; a second one sees who decided."""
    query = update.callback_query
    assert query is not None
    view = await _pending(update, context, APPROVE)
    decided = await context.services.membership.applications.approve(context.me, view.id)
    await query.answer(_("Approved."))
    await _after_decision(context, decided)


async def start_writing(update: Update, context: BotContext) -> str | int:
    """Reject or Ask: the organiser writes the reason or the question next."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    rejecting = REJECT.parse(query.data) is not None
    view = await _pending(update, context, REJECT if rejecting else ASK)
    await query.answer()
    # the time too: after a restart the conversation is restored but not its time-out
    context.user_data[REVIEW] = {
        "action": REJECTING if rejecting else ASKING,
        "application": view.id,
        "since": utcnow().isoformat(),
    }
    if rejecting:
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
    text = clean(update.message.text)
    if not text or length(text) > 1000:
        await reply(update, _("Please write 1 to 1000 characters, or /cancel."))
        return WRITING
    context.user_data.pop(REVIEW, None)
    if not context.me.role.at_least(Role.ORGANISER):  # demoted meanwhile
        return ConversationHandler.END
    application_id = int(task.get("application", 0))
    try:
        if task.get("action") in (REJECTING, OLD_REJECTING):
            await _reject(update, context, application_id, text)
        else:
            await _ask(update, context, application_id, text)
    except Refused as error:  # decided meanwhile, or gone: the writing ends all the same
        await reply(update, explain(error))
    return ConversationHandler.END


async def _reject(update: Update, context: BotContext, application_id: int, reason: str) -> None:
    applications = context.services.membership.applications
    view = await applications.reject(context.me, application_id, reason)
    await reply(update, _("Rejected; the applicant is told the reason."))
    await _after_decision(context, view)


async def _ask(update: Update, context: BotContext, application_id: int, question: str) -> None:
    applications = context.services.membership.applications
    view = await applications.pending(application_id)
    with use_locale(await locale_of_chat(context, view.telegram_id)):
        text = _("The organisers ask about your application:\n\n{question}").format(
            question=question
        )
        answer = InlineKeyboardButton(_("Answer the question"), callback_data=REPLY(view.id))
    sent = await send(
        context, view.telegram_id, text, reply_markup=InlineKeyboardMarkup([[answer]])
    )
    if sent is None:
        await reply(update, _("The applicant cannot be reached: they have blocked the bot."))
        return
    await applications.record_question(context.me, view)
    await reply(update, _("Your question has been sent to the applicant."))


async def cancel_writing(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(REVIEW, None)
    context.user_data.pop(answering.ANSWER, None)
    await reply(update, _("Cancelled."))
    return ConversationHandler.END


def register(setup: Setup) -> None:
    """Approve, and the dialogue of writing a reason, a question or an answer."""
    organiser = Role.ORGANISER
    setup.button(APPROVE, approve, role=organiser)
    writing = [
        setup.button_handler(REJECT, start_writing, role=organiser),
        setup.button_handler(ASK, start_writing, role=organiser),
    ]
    dialogue: ConversationHandler[BotContext] = ConversationHandler(
        entry_points=[*writing, setup.button_handler(REPLY, answering.start_answer)],
        states={
            # Reject or Ask on another card while writing: that card instead.
            WRITING: [MessageHandler(TEXT, written), *writing],
            answering.ANSWERING: [MessageHandler(TEXT, answering.answered)],
        },
        fallbacks=[setup.command_handler("cancel", cancel_writing, None)],
        # A forgotten Reject must not turn a later, unrelated message into a reason.
        conversation_timeout=WRITING_TIMEOUT,
        name="membership_review",
        persistent=True,
    )
    setup.add(dialogue)
