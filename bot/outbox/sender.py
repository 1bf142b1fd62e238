"""The Telegram side of the outbox: how a payload is sent, how Telegram's answers become
outcomes, the paced bulk slot, the job that runs a broadcast, and its progress message with
a Cancel button (handled in `handlers/broadcasts`)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.ext import ExtBot

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.callbacks import ID, Callbacks
from bot.i18n import _, use_locale
from bot.outbox.records import DeliveryStats, OutboxItem, Outcome, SendResult
from bot.ratelimit import PriorityRateLimiter
from models import BroadcastStatus

logger = logging.getLogger(__name__)
BUTTONS = Callbacks("ob")
STOP = BUTTONS.action("stop", ID)
_BULK = {"bulk": True, "paced": True}


async def send_payload(
    bot: ExtBot[Any],
    chat_id: int,
    payload: dict[str, Any],
    *,
    paced: bool = False,
) -> Message:
    """Send a payload exactly as recipients see it (the preview uses this too). `paced`: the
    caller already took a bulk slot with `pace()`, so the limiter does not wait again."""
    text = str(payload.get("text") or "")
    entities = [MessageEntity.de_json(raw, bot) for raw in payload.get("entities") or []]
    extra: dict[str, Any] = {}
    if payload.get("reply_markup"):
        extra["reply_markup"] = InlineKeyboardMarkup.de_json(payload["reply_markup"], bot)
    if paced and isinstance(bot.rate_limiter, PriorityRateLimiter):
        extra["rate_limit_args"] = _BULK
    kind = payload.get("media_kind")
    if kind == "photo":
        return await bot.send_photo(
            chat_id, payload["file_id"], caption=text or None, caption_entities=entities, **extra
        )
    if kind == "document":
        return await bot.send_document(
            chat_id, payload["file_id"], caption=text or None, caption_entities=entities, **extra
        )
    return await bot.send_message(chat_id, text, entities=entities, **extra)


async def edit_payload(
    bot: ExtBot[Any], chat_id: int, message_id: int, payload: dict[str, Any]
) -> None:
    """Edit a message sent before to what the payload says (a text); unchanged is fine."""
    markup = payload.get("reply_markup")
    entities = [MessageEntity.de_json(raw, bot) for raw in payload.get("entities") or []]
    rate_limit_args = _BULK if isinstance(bot.rate_limiter, PriorityRateLimiter) else None
    try:
        await bot.edit_message_text(
            str(payload.get("text") or ""),
            chat_id=chat_id,
            message_id=message_id,
            entities=entities,
            reply_markup=InlineKeyboardMarkup.de_json(markup, bot) if markup else None,
            rate_limit_args=rate_limit_args,
        )
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def result_of(error: TelegramError | None) -> SendResult:
    """Telegram's answer as an outcome: 403 is final, 429 waits, a timeout may have arrived."""
    if error is None:
        return SendResult(Outcome.SENT)
    if isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    ):
        return SendResult(Outcome.BLOCKED, error=error.message)
    if isinstance(error, RetryAfter):
        delay = error.retry_after
        seconds = delay if isinstance(delay, int) else delay.total_seconds()
        return SendResult(Outcome.RETRY_LATER, retry_after=float(seconds), error="flood")
    if isinstance(error, TimedOut):
        return SendResult(Outcome.UNCERTAIN, error="timed out")
    return SendResult(Outcome.FAILED, error=error.message)


async def pace(bot: ExtBot[Any], chat_id: int) -> None:
    """Wait for a bulk slot of the bot's rate limiter (none: no waiting)."""
    limiter = bot.rate_limiter
    if isinstance(limiter, PriorityRateLimiter):
        await limiter.acquire(chat_id, bulk=True)


def progress_text(stats: DeliveryStats) -> str:
    head = {
        BroadcastStatus.SENDING: _("Broadcast #{id} is being sent."),
        BroadcastStatus.DONE: _("Broadcast #{id} is finished."),
        BroadcastStatus.CANCELLED: _("Broadcast #{id} was cancelled."),
    }[stats.status].format(id=stats.broadcast_id)
    return "\n".join(
        [
            head,
            _(
                "Sent: {sent}. Pending: {pending}. Blocked the bot: {blocked}. Failed: {failed}."
            ).format(
                sent=stats.sent, pending=stats.pending, blocked=stats.blocked, failed=stats.failed
            ),
        ]
    )


def _stop_button(broadcast_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Cancel the broadcast"), callback_data=STOP(broadcast_id))]]
    )


async def show_progress(application: CommunityApplication, stats: DeliveryStats) -> None:
    """Edit the organiser's status message (the engine calls this every few seconds)."""
    services = application.services
    broadcast = await services.outbox.get(stats.broadcast_id)
    if broadcast is None or broadcast.progress_chat_id is None:
        return
    chat_id = broadcast.progress_chat_id
    person = await services.people.get(chat_id)
    locale = services.settings.locale_for(person.language if person else None)
    with use_locale(locale):
        text = progress_text(stats)
        markup = (
            _stop_button(stats.broadcast_id) if stats.status is BroadcastStatus.SENDING else None
        )
    try:
        if broadcast.progress_message_id is None:
            message = await application.bot.send_message(chat_id, text, reply_markup=markup)
            await services.outbox.set_progress_message(
                stats.broadcast_id, chat_id, message.message_id
            )
        else:
            await application.bot.edit_message_text(
                text, chat_id=chat_id, message_id=broadcast.progress_message_id, reply_markup=markup
            )
    except TelegramError as error:  # not modified, or the organiser blocked the bot
        logger.info("progress of broadcast %s not shown: %s", stats.broadcast_id, error)


async def _run(context: BotContext) -> None:
    """The job that sends one broadcast until it is done, cancelled or the bot stops."""
    assert context.job is not None and isinstance(context.job.data, int)
    broadcast_id = context.job.data
    application = context.community
    engine = application.services.outbox
    bot = context.bot

    async def send(item: OutboxItem) -> SendResult:
        try:
            if item.payload.get("edit") and item.message_id is not None:
                await edit_payload(bot, item.chat_id, item.message_id, item.payload)
                return SendResult(Outcome.SENT, message_id=item.message_id)
            message = await send_payload(bot, item.chat_id, item.payload, paced=True)
        except TelegramError as error:
            return result_of(error)
        return SendResult(Outcome.SENT, message_id=message.message_id)

    async def report(stats: DeliveryStats) -> None:
        await show_progress(application, stats)

    await show_progress(application, await engine.stats(broadcast_id))
    await engine.run(
        broadcast_id,
        send=send,
        pace=lambda chat_id: pace(bot, chat_id),
        keep_going=lambda: application.running,
        on_progress=report,
    )


def start(application: CommunityApplication, broadcast_id: int) -> None:
    """Send a created broadcast in the background once the current update's work is
    committed (a job, so a stopping bot waits for the current message and the rest is
    resumed after the restart); one job per broadcast."""
    if application.services.outbox.is_running(broadcast_id):
        return
    name = f"delivery.run:{broadcast_id}"
    jobs.run_once(application, _run, 0, name=name, data=broadcast_id, replace=False)


async def resume(application: CommunityApplication) -> list[int]:
    """At start: settle what a crash left in flight and send the rest."""
    ids = await application.services.outbox.recover()
    for broadcast_id in ids:
        start(application, broadcast_id)
    return ids
