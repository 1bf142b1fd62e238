"""Consultations after the question: offers to peers (accept / decline), round time-outs,
relaying messages between asker and expert, contacts, closing, rating, reminders."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import expertise
from bot.consultations import (
    SEEKING,
    AcceptOutcome,
    Consultations,
    ConsultationView,
    Effects,
    Offer,
    OfferMessage,
    Party,
    Step,
)
from bot.context import BotContext
from bot.data.regions import BY_CODE
from bot.i18n import _, resolve_locale, use_locale
from handlers.common import reply
from handlers.fallback import free_text
from models import ConsultationStatus, PersonStatus, Urgency, utcnow

logger = logging.getLogger(__name__)

PREFIX = "cs:"
ROUND_JOB = "consultations.round.{id}"
SWEEP_JOB = "consultations.sweep"
SWEEP_SECONDS = 3600
RECOMMEND = 1
STALE = "This button is no longer active."
MAX_TEXT, MAX_CAPTION = 4096, 1024


def service(context: BotContext) -> Consultations:
    return Consultations(context.services.db)


def locale_of(context: BotContext, party: Party) -> str:
    return resolve_locale(party.language, None, context.services.settings.default_locale)


def button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=PREFIX + data)


def callback_id(update: Update) -> int | None:
    """The number at the end of this feature's callback data (never trusted further)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    tail = query.data.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


async def stale(update: Update) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(_(STALE), show_alert=True)


async def remove_buttons(update: Update) -> None:
    """Take the buttons off the pressed message (they may be gone already)."""
    assert update.callback_query is not None
    with contextlib.suppress(BadRequest):
        await update.callback_query.edit_message_reply_markup(None)


async def area_names(context: BotContext, codes: tuple[str, ...], locale: str) -> str:
    areas = {
        area.code: area
        for area in await expertise.list_areas(context.services.db, include_hidden=True)
    }
    return ", ".join(areas[code].name(locale) if code in areas else code for code in codes)


def asker_label(view: ConsultationView) -> str:
    """The asker as the expert sees them: by name only if they allowed it."""
    return view.asker.name if view.show_name else _("a member who prefers not to give their name")


async def send_to(context: BotContext, party: Party, text: str, **kwargs: Any) -> Message | None:
    """Write to someone; None when they blocked the bot (then they are marked unreachable)."""
    try:
        return await context.bot.send_message(party.telegram_id, text, **kwargs)
    except Forbidden:
        await context.services.people.set_status(party.telegram_id, PersonStatus.UNREACHABLE)
        return None


def talk_keyboard(consultation_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(_("Exchange contacts"), f"ct:{consultation_id}"),
                button(_("Close"), f"cl:{consultation_id}"),
            ]
        ]
    )


# ----- offers ---------------------------------------------------------------------------------


async def offer_text(context: BotContext, view: ConsultationView, locale: str) -> str:
    title = _("Request for a consultation #{id}").format(id=view.id)
    if view.urgency is Urgency.URGENT:
        title += " — " + _("urgent")
    lines = [
        title,
        _("Areas: {areas}").format(areas=await area_names(context, view.area_codes, locale)),
        _("From: {asker}").format(asker=asker_label(view)),
    ]
    if view.region:
        region = BY_CODE.get(view.region)
        lines.append(_("Region: {region}").format(region=region.name(locale) if region else "—"))
    lines += ["", view.question]
    return "\n".join(lines)


async def send_offer(context: BotContext, offer: Offer) -> bool:
    """Send one offer (the file first, if any); False when the expert cannot be reached."""
    view, expert = offer.consultation, offer.expert
    with use_locale(locale_of(context, expert)):
        text = await offer_text(context, view, locale_of(context, expert))
        keyboard = InlineKeyboardMarkup(
            [
                [
                    button(_("Accept"), f"ok:{offer.offer_id}"),
                    button(_("Decline"), f"no:{offer.offer_id}"),
                ]
            ]
        )
    try:
        if view.file_id and view.file_kind == "photo":
            await context.bot.send_photo(expert.telegram_id, view.file_id)
        elif view.file_id:
            await context.bot.send_document(expert.telegram_id, view.file_id)
        message = await context.bot.send_message(expert.telegram_id, text, reply_markup=keyboard)
    except Forbidden:
        await context.services.people.set_status(expert.telegram_id, PersonStatus.UNREACHABLE)
        return False
    await service(context).offer_sent(offer.offer_id, message.chat_id, message.message_id)
    return True


async def end_offer_messages(
    context: BotContext, view: ConsultationView, ended: list[OfferMessage]
) -> None:
    """Edit the offers that ended: the buttons go, the reason stays."""
    for offer in ended:
        with use_locale(locale_of(context, offer.expert)):
            if view.status is ConsultationStatus.ACTIVE:
                text = _("Request #{id} has been taken by another peer. Thank you!")
            elif view.status is ConsultationStatus.CANCELLED:
                text = _("Request #{id} was withdrawn by the asker.")
            else:
                text = _("Request #{id}: the time to accept it has passed.")
            try:
                await context.bot.edit_message_text(
                    text.format(id=view.id), offer.chat_id, offer.message_id
                )
            except TelegramError as error:
                logger.info("offer message of consultation %s not edited: %s", view.id, error)


async def tell_asker(context: BotContext, view: ConsultationView, step: Step) -> None:
    with use_locale(locale_of(context, view.asker)):
        texts = {
            Step.OFFERED: _(
                "Your question #{id} has been offered to peers who know the area. "
                "I will write as soon as one of them accepts it."
            ),
            Step.NEXT_BATCH: _(
                "Nobody has accepted your question #{id} yet; I have offered it to other peers."
            ),
            Step.ESCALATED: _(
                "No peer could take your question #{id}; I have passed it to the organisers."
            ),
            Step.UNANSWERED: _(
                "Sorry: nobody could take your question #{id}. You can ask again later or "
                "choose other areas."
            ),
        }
        keyboard = None
        if step is not Step.UNANSWERED:
            keyboard = InlineKeyboardMarkup([[button(_("Withdraw the question"), f"cx:{view.id}")]])
        await send_to(context, view.asker, texts[step].format(id=view.id), reply_markup=keyboard)


def schedule_round(context: BotContext, view: ConsultationView) -> None:
    """One time-out job per question looking for an expert (stable name: no doubles)."""
    job_queue = context.job_queue
    assert job_queue is not None
    name = ROUND_JOB.format(id=view.id)
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    if view.status in SEEKING and view.round_deadline is not None:
        delay = max(0.0, (view.round_deadline - utcnow()).total_seconds())
        job_queue.run_once(
            round_timeout, delay, data={"id": view.id, "round": view.round}, name=name
        )


async def deliver(context: BotContext, effects: Effects | None) -> None:
    """Carry out what a change means: edit ended offers, send new ones (an unreachable expert
    is replaced), tell the asker, and keep the time-out job in step."""
    if effects is None:
        return
    view = effects.consultation
    await end_offer_messages(context, view, effects.ended_offers)
    failed = [offer for offer in effects.offers if not await send_offer(context, offer)]
    if effects.step is not None:
        await tell_asker(context, view, effects.step)
    schedule_round(context, view)
    for offer in failed:
        await deliver(context, await service(context).offer_failed(offer.offer_id))


async def round_timeout(context: BotContext) -> None:
    """Nobody of the round accepted in time: the next batch, the organisers, or give up."""
    assert context.job is not None
    data = context.job.data
    assert isinstance(data, dict)
    await deliver(context, await service(context).advance(int(data["id"]), int(data["round"])))


async def accept_offer(update: Update, context: BotContext) -> None:
    """Accept: the first one wins (decided by the database), the others' offers end."""
    query = update.callback_query
    assert query is not None
    offer_id = callback_id(update)
    if offer_id is None:
        await stale(update)
        return
    outcome, effects = await service(context).accept(offer_id, context.me.id)
    if outcome is AcceptOutcome.INVALID or effects is None:
        if outcome is AcceptOutcome.TAKEN:
            await query.answer(
                _("This request has already been taken or closed. Thank you!"), show_alert=True
            )
            await remove_buttons(update)
        else:
            await stale(update)
        return
    view = effects.consultation
    await query.answer()
    offer_message = query.message
    if isinstance(offer_message, Message):
        await query.edit_message_text(
            (offer_message.text or "")
            + "\n\n"
            + _("You accepted this request. Write your answer here: I will pass it on."),
            reply_markup=talk_keyboard(view.id),
        )
        await service(context).remember_message(
            view.id, offer_message.chat_id, offer_message.message_id
        )
    schedule_round(context, view)
    await end_offer_messages(context, view, effects.ended_offers)
    assert view.expert is not None
    with use_locale(locale_of(context, view.asker)):
        sent = await send_to(
            context,
            view.asker,
            _(
                "{expert} accepted your question #{id}. Write here: I will pass your messages "
                "on. When several consultations are open, reply to a message of the one you mean."
            ).format(expert=view.expert.name, id=view.id),
            reply_markup=talk_keyboard(view.id),
        )
    if sent is not None:
        await service(context).remember_message(view.id, sent.chat_id, sent.message_id)


async def decline_offer(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    offer_id = callback_id(update)
    declined, effects = (
        (False, None)
        if offer_id is None
        else await service(context).decline(offer_id, context.me.id)
    )
    if not declined:
        await stale(update)
        return
    await query.answer()
    await remove_buttons(update)
    await reply(update, _("You declined the request. Thank you for answering!"))
    await deliver(context, effects)


async def withdraw_question(update: Update, context: BotContext) -> None:
    """The asker withdraws a question nobody has accepted yet."""
    query = update.callback_query
    assert query is not None
    consultation_id = callback_id(update)
    effects = (
        None
        if consultation_id is None
        else await service(context).cancel(consultation_id, context.me.id)
    )
    if effects is None:
        await stale(update)
        return
    await query.answer()
    await remove_buttons(update)
    await reply(update, _("Your question #{id} is withdrawn.").format(id=effects.consultation.id))
    schedule_round(context, effects.consultation)
    await end_offer_messages(context, effects.consultation, effects.ended_offers)


# ----- talking --------------------------------------------------------------------------------


def sender_header(view: ConsultationView, sender_id: int) -> str:
    """Who a relayed message is from, as the other side sees it."""
    if view.expert is not None and sender_id == view.expert.person_id:
        return _("#{id} · expert {name}:").format(id=view.id, name=view.expert.name)
    if view.show_name:
        return _("#{id} · {name} (asker):").format(id=view.id, name=view.asker.name)
    return _("#{id} · the asker:").format(id=view.id)


async def relay_payload(
    context: BotContext, view: ConsultationView, sender_id: int, payload: dict[str, Any]
) -> bool:
    """Pass a message on to the other side, headed with who wrote it; a text that no longer
    fits one message with its header goes in two. False when they cannot be reached."""
    recipient = view.other_side(sender_id)
    assert recipient is not None
    with use_locale(locale_of(context, recipient)):
        header = sender_header(view, sender_id)
    chat_id = recipient.telegram_id
    sent_ids = []
    try:
        if "text" in payload:
            text = f"{header}\n{payload['text']}"
            parts = [text] if len(text) <= MAX_TEXT else [header, payload["text"]]
            for part in parts:
                sent_ids.append((await context.bot.send_message(chat_id, part)).message_id)
        else:
            caption = header + (f"\n{payload['caption']}" if payload.get("caption") else "")
            fits = len(caption) <= MAX_CAPTION
            copied = await context.bot.copy_message(
                chat_id,
                payload["chat_id"],
                payload["message_id"],
                caption=caption if fits else header,
            )
            sent_ids.append(copied.message_id)
            if not fits:
                sent_ids.append(
                    (await context.bot.send_message(chat_id, payload["caption"])).message_id
                )
    except Forbidden:
        await context.services.people.set_status(chat_id, PersonStatus.UNREACHABLE)
        return False
    for message_id in sent_ids:
        await service(context).relayed(view.id, sender_id, chat_id, message_id)
    return True


def payload_of(message: Message) -> dict[str, Any] | None:
    """What to relay of a message (JSON-safe, to keep while the sender chooses where)."""
    if message.text:
        return {"text": message.text}
    if message.document or message.photo or message.voice or message.video or message.audio:
        return {
            "chat_id": message.chat_id,
            "message_id": message.message_id,
            "caption": message.caption,
        }
    return None


async def relay_message(update: Update, context: BotContext) -> None:
    """Free text in private: to the right open consultation, else the general answer."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    svc = service(context)
    open_ = {view.id: view for view in await svc.of_person(context.me.id, open_only=True)}
    if not open_:
        await free_text(update, context)
        return
    payload = payload_of(message)
    if payload is None:
        await reply(update, _("I can pass on text, photos, documents, voice messages and videos."))
        return
    target: int | None = None
    if message.reply_to_message is not None:
        target = await svc.by_relayed_message(message.chat_id, message.reply_to_message.message_id)
        if target is not None and target not in open_:
            await reply(
                update,
                _("Consultation #{id} is closed; your message was not passed on.").format(
                    id=target
                ),
            )
            return
    if target is None and len(open_) == 1:
        target = next(iter(open_))
    if target is None and context.user_data.get("cs_current") in open_:
        target = int(context.user_data["cs_current"])
    if target is None:
        context.user_data["cs_waiting"] = payload
        keyboard = InlineKeyboardMarkup(
            [
                [button(f"#{view.id}: {view.question[:30]}", f"to:{view.id}")]
                for view in open_.values()
            ]
        )
        await reply(update, _("Which consultation is this message for?"), reply_markup=keyboard)
        return
    context.user_data["cs_current"] = target
    if not await relay_payload(context, open_[target], context.me.id, payload):
        await reply(
            update, _("I could not pass your message on: the other side has blocked the bot.")
        )


async def choose_consultation(update: Update, context: BotContext) -> None:
    """Make one open consultation the current one; pass on the message that waited for it."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    consultation_id = callback_id(update)
    view = None if consultation_id is None else await service(context).get(consultation_id)
    if view is None or not view.is_open or not view.involves(context.me.id):
        await stale(update)
        return
    await query.answer()
    context.user_data["cs_current"] = view.id
    waiting = context.user_data.pop("cs_waiting", None)
    if waiting is not None:
        await remove_buttons(update)
        if not await relay_payload(context, view, context.me.id, waiting):
            await reply(
                update, _("I could not pass your message on: the other side has blocked the bot.")
            )
            return
        await reply(update, _("Passed on to consultation #{id}.").format(id=view.id))
    else:
        await reply(update, _("Your messages now go to consultation #{id}.").format(id=view.id))


async def share_contacts(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    consultation_id = callback_id(update)
    result = (
        None
        if consultation_id is None
        else await service(context).share_contacts(consultation_id, context.me.id)
    )
    if result is None:
        await stale(update)
        return
    both, view = result
    await query.answer()
    other = view.other_side(context.me.id)
    assert other is not None and view.expert is not None
    if not both:
        await reply(update, _("Noted: I will exchange contacts when the other side agrees too."))
        with use_locale(locale_of(context, other)):
            await send_to(
                context,
                other,
                _("The other side of consultation #{id} would like to exchange contacts.").format(
                    id=view.id
                ),
                reply_markup=InlineKeyboardMarkup(
                    [[button(_("Exchange contacts"), f"ct:{view.id}")]]
                ),
            )
        return
    for receiver, shown in ((view.asker, view.expert), (view.expert, view.asker)):
        contact = f"@{shown.username}" if shown.username else f"tg://user?id={shown.telegram_id}"
        with use_locale(locale_of(context, receiver)):
            await send_to(
                context,
                receiver,
                _("Consultation #{id}: the contact of {name} is {contact}").format(
                    id=view.id, name=shown.name, contact=contact
                ),
            )


def rating_keyboard(consultation_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(str(n), f"rt:{consultation_id}:{n}") for n in range(1, 6)]]
    )


async def announce_closed(
    context: BotContext, view: ConsultationView, closed_by: int | None
) -> None:
    """Tell both sides; the asker is asked for a rating."""
    assert view.expert is not None
    for party in (view.asker, view.expert):
        with use_locale(locale_of(context, party)):
            if closed_by is None:
                text = _("Consultation #{id} was closed after a long silence.")
            elif closed_by == party.person_id:
                text = _("You closed consultation #{id}.")
            else:
                text = _("Consultation #{id} was closed by the other side.")
            text = text.format(id=view.id)
            markup = None
            if party is view.asker:
                text += "\n" + _("How helpful was {name}? Rate from 1 to 5:").format(
                    name=view.expert.name
                )
                markup = rating_keyboard(view.id)
            await send_to(context, party, text, reply_markup=markup)


async def close_consultation(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    consultation_id = callback_id(update)
    view = (
        None
        if consultation_id is None
        else await service(context).close(consultation_id, context.me.id)
    )
    if view is None:
        await stale(update)
        return
    await query.answer()
    await announce_closed(context, view, context.me.id)


async def rate(update: Update, context: BotContext) -> int:
    """A rating 1-5, then an invitation to thank the expert publicly."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    parts = query.data.split(":")
    valid = len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit()
    consultation_id, rating = (int(parts[2]), int(parts[3])) if valid else (0, 0)
    if not valid or not await service(context).rate(consultation_id, context.me.id, rating):
        await stale(update)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_text(_("Thank you! Your rating: {n} of 5.").format(n=rating))
    context.user_data["cs_recommend"] = consultation_id
    keyboard = InlineKeyboardMarkup([[button(_("Skip"), f"sk:{consultation_id}")]])
    await reply(
        update,
        _(
            "Would you like to thank the expert publicly? Your words will appear in their "
            "record (/experts). Write them now, or press Skip."
        ),
        reply_markup=keyboard,
    )
    return RECOMMEND


async def recommendation_text(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    consultation_id = int(context.user_data.get("cs_recommend", 0))
    if len(message.text.strip()) > 1000:
        await reply(update, _("Please keep it under 1000 characters and send it again."))
        return RECOMMEND
    saved = await service(context).recommend(consultation_id, context.me.id, message.text)
    context.user_data.pop("cs_recommend", None)
    await reply(update, _("Thank you, your recommendation is published.") if saved else _(STALE))
    return ConversationHandler.END


async def skip_recommendation(update: Update, context: BotContext) -> int:
    assert update.callback_query is not None and context.user_data is not None
    await update.callback_query.answer()
    await remove_buttons(update)
    context.user_data.pop("cs_recommend", None)
    await reply(update, _("All right. Thank you for the rating!"))
    return ConversationHandler.END


async def recommendation_wrong_input(update: Update, context: BotContext) -> int:
    await reply(update, _("Please write your recommendation as text, or press Skip."))
    return RECOMMEND


async def stop_recommendation(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop("cs_recommend", None)
    await reply(update, _("All right. Thank you for the rating!"))
    return ConversationHandler.END


# ----- jobs: restore at start, reminders, abandoned consultations --------------------------


async def sweep(context: BotContext) -> None:
    """Remind of unanswered messages; close consultations abandoned for too long."""
    svc = service(context)
    for view, waiting in await svc.due_reminders():
        with use_locale(locale_of(context, waiting)):
            await send_to(
                context,
                waiting,
                _(
                    "A message in consultation #{id} is waiting for your answer since yesterday."
                ).format(id=view.id),
            )
    for view in await svc.close_abandoned():
        await announce_closed(context, view, None)


async def restore(context: BotContext) -> None:
    """At start: the time-out job of every question still looking for an expert, and the
    sweep (jobs are not persisted; stable names keep them single)."""
    svc = service(context)
    for consultation_id in await svc.seeking():
        view = await svc.get(consultation_id)
        if view is not None:
            schedule_round(context, view)
    assert context.job_queue is not None
    if not context.job_queue.get_jobs_by_name(SWEEP_JOB):
        context.job_queue.run_repeating(sweep, SWEEP_SECONDS, first=SWEEP_SECONDS, name=SWEEP_JOB)


def register(application: Application) -> None:
    """Offers, relays and closing; registered after the /ask dialogue."""
    callbacks = {
        "ok": accept_offer,
        "no": decline_offer,
        "cx": withdraw_question,
        "to": choose_consultation,
        "ct": share_contacts,
        "cl": close_consultation,
    }
    for code, callback in callbacks.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=f"^{PREFIX}{code}:"))
    application.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(rate, pattern=f"^{PREFIX}rt:")],
            states={
                RECOMMEND: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, recommendation_text),
                    CallbackQueryHandler(skip_recommendation, pattern=f"^{PREFIX}sk:"),
                    MessageHandler(~filters.COMMAND, recommendation_wrong_input),
                ]
            },
            fallbacks=[CommandHandler("cancel", stop_recommendation)],
            name="consultations.recommend",
            persistent=True,
        )
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, relay_message
        )
    )
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name="consultations.restore")
