"""Offers of a question to peers: sending them, accept / decline / withdraw, and the
time-out of each round (a JobQueue job per question, re-created at start)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot import jobs
from bot.consultations.routing import (
    SEEKING,
    AcceptOutcome,
    ConsultationView,
    Effects,
    Offer,
    OfferMessage,
    Step,
)
from bot.context import BotContext
from bot.core import expertise
from bot.core.regions import BY_CODE
from bot.i18n import _, use_locale
from handlers.consultations.common import (
    PREFIX,
    act_on_press,
    button,
    callback_id,
    locale_of,
    remove_buttons,
    send_to,
    service,
    stale,
)
from handlers.kit.replies import reply
from models import ConsultationStatus, PersonStatus, Urgency, utcnow

logger = logging.getLogger(__name__)

ROUND_JOB = "consultations.round.{id}"


async def area_names(context: BotContext, codes: tuple[str, ...], locale: str) -> str:
    areas = {
        area.code: area
        for area in await expertise.list_areas(context.services.db, include_hidden=True)
    }
    return ", ".join(areas[code].name(locale) if code in areas else code for code in codes)


def asker_label(view: ConsultationView) -> str:
    """The asker as the expert sees them: by name only if they allowed it."""
    return view.asker.name if view.show_name else _("a member who prefers not to give their name")


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
    name = ROUND_JOB.format(id=view.id)
    jobs.cancel(context.community, name)
    if view.status in SEEKING and view.round_deadline is not None:
        delay = max(0.0, (view.round_deadline - utcnow()).total_seconds())
        jobs.run_once(
            context.community,
            round_timeout,
            delay,
            data={"id": view.id, "round": view.round},
            name=name,
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
    effects = await act_on_press(
        update, lambda consultation_id: service(context).cancel(consultation_id, context.me.id)
    )
    if effects is None:
        return
    await remove_buttons(update)
    await reply(update, _("Your question #{id} is withdrawn.").format(id=effects.consultation.id))
    schedule_round(context, effects.consultation)
    await end_offer_messages(context, effects.consultation, effects.ended_offers)


def register(application: Application) -> None:
    callbacks = {"ok": accept_offer, "no": decline_offer, "cx": withdraw_question}
    for code, callback in callbacks.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=f"^{PREFIX}{code}:"))
