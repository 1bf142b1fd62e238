"""The Telegram side of the delivery engine: how a payload is sent, how Telegram's answers
become outcomes, the paced bulk slot, the job that runs a broadcast, the progress message.

Other features send one message to many members, each in their own language, with::

    from handlers import delivery
    await delivery.send_to_each(application, kind="group_announce", people=members,
                                render=lambda _label: (text, markup))

(a `Batch` does the same inside the caller's own transaction), and one message to one person
at once with `tell`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, CallbackQueryHandler

from bot.broadcasts import Draft
from bot.context import BotContext
from bot.delivery import (
    DeliveryEngine,
    DeliveryStats,
    OutboxItem,
    Outcome,
    Recipient,
    SendResult,
    variants_payload,
)
from bot.i18n import _, resolve_locale, use_locale
from bot.ratelimit import PriorityRateLimiter
from models import BroadcastStatus, PersonStatus, Role

logger = logging.getLogger(__name__)
STOP_PREFIX = "bc:stop:"
_BULK = {"bulk": True, "paced": True}


def engine_of(application: Application) -> DeliveryEngine:
    """The running bot's delivery engine (created when this module registers)."""
    return application.delivery_engine  # type: ignore[attr-defined, no-any-return]


def text_payload(
    text: str,
    entities: list[dict[str, Any]] | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> dict[str, Any]:
    """A payload for a plain message (entities as `MessageEntity.to_dict()`)."""
    return {
        "text": text,
        "entities": entities or [],
        "media_kind": None,
        "file_id": None,
        "reply_markup": reply_markup.to_dict() if reply_markup else None,
    }


def draft_of(message: Message) -> Draft | None:
    """What a message says, as a broadcast's content: a text, or a photo or a document with
    its caption, formatting kept; None for any other kind of message."""
    if message.photo:
        entities = [entity.to_dict() for entity in message.caption_entities or ()]
        return Draft(message.caption or "", entities, "photo", message.photo[-1].file_id)
    if message.document:
        entities = [entity.to_dict() for entity in message.caption_entities or ()]
        return Draft(message.caption or "", entities, "document", message.document.file_id)
    if message.text:
        return Draft(message.text, [entity.to_dict() for entity in message.entities or ()])
    return None


class Addressee(Protocol):
    """What sending needs of a person (`Person` and `PersonView` both are)."""

    @property
    def id(self) -> int | None: ...
    @property
    def telegram_id(self) -> int: ...
    @property
    def language(self) -> str | None: ...
    @property
    def status(self) -> PersonStatus: ...


Rendered = tuple[str, InlineKeyboardMarkup | None]


def _no_label(_person: Any) -> str:
    return ""


class Batch:
    """One message for each reachable person in their own language, queued in the outbox
    inside the caller's transaction (`add`) and sent once that has committed (`start`).

    `render(label)` is called once per language and label (e.g. the person's answer to an
    invitation, from `label(person)`), in that language, and gives a text with its buttons
    or a whole payload (`Draft.to_dict()`); all of them make one broadcast.
    """

    def __init__(
        self,
        application: Application,
        *,
        kind: str,
        render: Callable[[str], Rendered | dict[str, Any]],
        label: Callable[[Any], str] = _no_label,
        progress_chat_id: int | None = None,
    ) -> None:
        self.application = application
        self.kind = kind
        self.render = render
        self.label = label
        self.progress_chat_id = progress_chat_id
        self.broadcast_ids: list[int] = []
        self.queued = 0

    async def add(self, session: AsyncSession, people: Iterable[Addressee]) -> None:
        settings = self.application.services.settings  # type: ignore[attr-defined]
        variants: dict[str, dict[str, Any]] = {}
        recipients: list[Recipient] = []
        for person in people:
            if person.status is not PersonStatus.ACTIVE or person.id is None:
                continue
            locale = resolve_locale(person.language, None, settings.default_locale)
            label = self.label(person)
            variant = f"{locale}:{label}"
            if variant not in variants:
                with use_locale(locale):
                    rendered = self.render(label)
                variants[variant] = (
                    rendered
                    if isinstance(rendered, dict)
                    else text_payload(rendered[0], reply_markup=rendered[1])
                )
            recipients.append(Recipient(person.id, person.telegram_id, variant))
        if not recipients:
            return
        broadcast_id = await engine_of(self.application).add(
            session,
            kind=self.kind,
            payload=variants_payload(variants),
            recipients=recipients,
            progress_chat_id=self.progress_chat_id,
        )
        self.broadcast_ids.append(broadcast_id)
        self.queued += len(recipients)

    def start(self) -> int:
        """Send what was queued (after the transaction committed); how many will get it."""
        for broadcast_id in self.broadcast_ids:
            start(self.application, broadcast_id)
        return self.queued


async def send_to_each(
    application: Application,
    *,
    kind: str,
    people: Iterable[Addressee],
    render: Callable[[str], Rendered | dict[str, Any]],
    label: Callable[[Any], str] = _no_label,
    progress_chat_id: int | None = None,
) -> int:
    """Queue and send one message for each reachable person (see `Batch`); how many will
    get it."""
    batch = Batch(
        application, kind=kind, render=render, label=label, progress_chat_id=progress_chat_id
    )
    async with engine_of(application).db.session() as session:
        await batch.add(session, people)
    return batch.start()


async def tell(
    application: Application, person: Addressee, render: Callable[[], Rendered]
) -> Message | None:
    """One private message now, in the person's language (a reply to something they did, or
    a notice to one person). A 403 marks them unreachable, other errors are logged."""
    services = application.services  # type: ignore[attr-defined]
    if person.status is not PersonStatus.ACTIVE:
        return None
    with use_locale(resolve_locale(person.language, None, services.settings.default_locale)):
        text, markup = render()
    try:
        return await application.bot.send_message(person.telegram_id, text, reply_markup=markup)
    except Forbidden:
        await services.people.set_status(person.telegram_id, PersonStatus.UNREACHABLE)
    except TelegramError as error:
        logger.warning("message to person %s failed: %s", person.id, error)
    return None


async def send_payload(
    bot: Bot,
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
    if paced and bot.rate_limiter is not None:  # type: ignore[attr-defined]
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


async def pace(bot: Bot, chat_id: int) -> None:
    """Wait for a bulk slot of the bot's rate limiter (none: no waiting)."""
    limiter = bot.rate_limiter  # type: ignore[attr-defined]
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
        [
            [
                InlineKeyboardButton(
                    _("Cancel the broadcast"), callback_data=f"{STOP_PREFIX}{broadcast_id}"
                )
            ]
        ]
    )


async def _locale_of(context: BotContext, chat_id: int) -> str:
    person = await context.services.people.get(chat_id)
    default = context.services.settings.default_locale
    return resolve_locale(person.language if person else None, None, default)


async def _show_progress(context: BotContext, stats: DeliveryStats) -> None:
    """Edit the organiser's status message (the engine calls this every few seconds)."""
    broadcast = await engine_of(context.application).get(stats.broadcast_id)
    if broadcast is None or broadcast.progress_chat_id is None:
        return
    chat_id = broadcast.progress_chat_id
    with use_locale(await _locale_of(context, chat_id)):
        text = progress_text(stats)
        markup = (
            _stop_button(stats.broadcast_id) if stats.status is BroadcastStatus.SENDING else None
        )
    try:
        if broadcast.progress_message_id is None:
            message = await context.bot.send_message(chat_id, text, reply_markup=markup)
            await engine_of(context.application).set_progress_message(
                stats.broadcast_id, chat_id, message.message_id
            )
        else:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=broadcast.progress_message_id, reply_markup=markup
            )
    except TelegramError as error:  # not modified, or the organiser blocked the bot
        logger.info("progress of broadcast %s not shown: %s", stats.broadcast_id, error)


async def _run(context: BotContext) -> None:
    """The job that sends one broadcast until it is done, cancelled or the bot stops."""
    assert context.job is not None
    broadcast_id = int(context.job.data)  # type: ignore[arg-type]
    engine = engine_of(context.application)
    bot = context.bot

    async def send(item: OutboxItem) -> SendResult:
        try:
            await send_payload(bot, item.chat_id, item.payload, paced=True)
        except TelegramError as error:
            return result_of(error)
        return SendResult(Outcome.SENT)

    async def report(stats: DeliveryStats) -> None:
        await _show_progress(context, stats)

    await _show_progress(context, await engine.stats(broadcast_id))
    await engine.run(
        broadcast_id,
        send=send,
        pace=lambda chat_id: pace(bot, chat_id),
        keep_going=lambda: context.application.running,
        on_progress=report,
    )


def start(application: Application, broadcast_id: int) -> None:
    """Send a created broadcast in the background (a job, so a stopping bot waits for the
    current message and the rest is resumed after the restart)."""
    assert application.job_queue is not None
    name = f"delivery.run:{broadcast_id}"
    if engine_of(application).is_running(broadcast_id) or application.job_queue.get_jobs_by_name(
        name
    ):
        return
    application.job_queue.run_once(_run, 0, name=name, data=broadcast_id)


async def resume(application: Application) -> list[int]:
    """At start: settle what a crash left in flight and send the rest."""
    ids = await engine_of(application).recover()
    for broadcast_id in ids:
        start(application, broadcast_id)
    return ids


async def stop_broadcast(update: Update, context: BotContext) -> None:
    """The Cancel button under a progress message: organisers, and whoever the progress is
    shown to (a coordinator's group announcement); the id is re-checked."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(STOP_PREFIX)
    engine = engine_of(context.application)
    broadcast = await engine.get(int(raw)) if raw.isdigit() else None
    organiser = context.person is not None and context.person.role.at_least(Role.ORGANISER)
    sender = broadcast is not None and broadcast.progress_chat_id == query.from_user.id
    if not (organiser or sender):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    stats = await engine.cancel(int(raw)) if broadcast is not None else None
    if stats is None:
        await query.answer(_("This broadcast is not being sent any more."), show_alert=True)
        return
    await query.answer(_("Broadcast cancelled."))
    await _show_progress(context, stats)


def register(application: Application) -> None:
    services = application.services  # type: ignore[attr-defined]
    application.delivery_engine = DeliveryEngine(  # type: ignore[attr-defined]
        services.db, people=services.people
    )
    application.add_handler(CallbackQueryHandler(stop_broadcast, pattern=f"^{STOP_PREFIX}"))
