"""Offers of a question to peers: sending them (an unreachable peer is replaced), editing
those that ended, telling the asker, and the time-out of each round (a job per question,
re-created at start)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message
from telegram.error import Forbidden, TelegramError

from bot import jobs
from bot.consultations.rules import SEEKING
from bot.consultations.views import ConsultationView, Effects, Offer, OfferMessage, Step
from bot.context import BotContext
from bot.core import expertise
from bot.core.regions import BY_CODE
from bot.i18n import _, use_locale
from handlers.consultations.buttons import (
    ACCEPT,
    ASK_AGAIN,
    ASK_ORGANISERS,
    DECLINE,
    WIDEN,
    WITHDRAW,
    button,
)
from handlers.consultations.common import locale_of, send_to
from models import ConsultationStatus, ExpertiseArea, PersonStatus, Urgency, utcnow

logger = logging.getLogger(__name__)

ROUND_JOB = "consultations.round.{id}"


async def area_index(context: BotContext) -> dict[str, ExpertiseArea]:
    """Every area by its code, hidden ones too (a question may be about one hidden since)."""
    areas = await expertise.list_areas(context.services.db, include_hidden=True)
    return {area.code: area for area in areas}


def asker_label(view: ConsultationView) -> str:
    """The asker as the expert sees them: by name only if they allowed it."""
    return view.asker.name if view.show_name else _("a member who prefers not to give their name")


def offer_text(view: ConsultationView, areas: dict[str, ExpertiseArea], locale: str) -> str:
    title = _("Request for a consultation #{id}").format(id=view.id)
    if view.urgency is Urgency.URGENT:
        title += " — " + _("urgent")
    names = [areas[code].name(locale) if code in areas else code for code in view.area_codes]
    lines = [
        title,
        _("Areas: {areas}").format(areas=", ".join(names)),
        _("From: {asker}").format(asker=asker_label(view)),
    ]
    if view.region:
        region = BY_CODE.get(view.region)
        lines.append(_("Region: {region}").format(region=region.name(locale) if region else "—"))
    lines += ["", view.question]
    return "\n".join(lines)


async def send_offer(
    context: BotContext, offer: Offer, areas: dict[str, ExpertiseArea]
) -> Message | None:
    """Send one offer (the file first, if any); None when the expert cannot be reached."""
    view, expert = offer.consultation, offer.expert
    with use_locale(locale_of(context, expert)):
        text = offer_text(view, areas, locale_of(context, expert))
        keyboard = InlineKeyboardMarkup(
            [
                [
                    button(_("Accept"), ACCEPT, offer.offer_id),
                    button(_("Decline"), DECLINE, offer.offer_id),
                ]
            ]
        )
    try:
        if view.file_id and view.file_kind == "photo":
            await context.bot.send_photo(expert.telegram_id, view.file_id)
        elif view.file_id:
            await context.bot.send_document(expert.telegram_id, view.file_id)
        return await context.bot.send_message(expert.telegram_id, text, reply_markup=keyboard)
    except Forbidden:
        await context.services.people.set_status(expert.telegram_id, PersonStatus.UNREACHABLE)
        return None


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


def again_keyboard(consultation_id: int) -> InlineKeyboardMarkup:
    """The ways to ask a question nobody could take once more (handlers/consultations/again)."""
    return InlineKeyboardMarkup(
        [
            [button(_("Ask again"), ASK_AGAIN, consultation_id)],
            [button(_("Widen the areas"), WIDEN, consultation_id)],
            [button(_("Ask an organiser"), ASK_ORGANISERS, consultation_id)],
        ]
    )


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
            Step.TO_ORGANISERS: _(
                "I have passed your question #{id} to the organisers. I will write as soon as "
                "one of them accepts it."
            ),
            Step.UNANSWERED: _(
                "Sorry: nobody could take your question #{id}. You can ask it again, send it "
                "to more areas or ask an organiser."
            ),
        }
        if step is Step.UNANSWERED:
            keyboard = again_keyboard(view.id)
        else:
            keyboard = InlineKeyboardMarkup(
                [[button(_("Withdraw the question"), WITHDRAW, view.id)]]
            )
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
    routing = context.services.consultations.routing
    view = effects.consultation
    await end_offer_messages(context, view, effects.ended_offers)
    areas = await area_index(context) if effects.offers else {}
    sent: dict[int, tuple[int, int]] = {}
    failed: list[Offer] = []
    for offer in effects.offers:
        message = await send_offer(context, offer, areas)
        if message is None:
            failed.append(offer)
        else:
            sent[offer.offer_id] = (message.chat_id, message.message_id)
    if sent:
        await routing.offers_sent(sent)
    if effects.step is not None:
        await tell_asker(context, view, effects.step)
    schedule_round(context, view)
    for offer in failed:
        await deliver(context, await routing.offer_failed(offer.offer_id))


async def round_timeout(context: BotContext) -> None:
    """Nobody of the round accepted in time: the next batch, the organisers, or give up."""
    assert context.job is not None
    data = context.job.data
    assert isinstance(data, dict)
    routing = context.services.consultations.routing
    await deliver(context, await routing.advance(int(data["id"]), int(data["round"])))


async def restore(context: BotContext) -> None:
    """At start: the time-out job of every question still looking for an expert (jobs are
    not persisted; stable names keep them single)."""
    for view in await context.services.consultations.routing.seeking():
        schedule_round(context, view)
