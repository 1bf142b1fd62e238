"""Someone is no longer a member (/revoke, /deleteme): the other side of each of their open
consultations is told (an asker may ask the same question again, to other peers), the offers
of their questions and to them lose their buttons, and rounds that moved on go out."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.consultations.departures import Departure
from bot.consultations.views import ConsultationView, OfferMessage
from bot.context import BotContext
from bot.i18n import _, use_locale
from bot.membership.ending import Ended
from handlers.consultations.buttons import ASK_AGAIN, button
from handlers.consultations.common import locale_of, send_to
from handlers.consultations.offers import deliver, end_offer_messages, schedule_round

logger = logging.getLogger(__name__)


async def _tell_other_side(context: BotContext, view: ConsultationView, person_id: int) -> None:
    other = view.other_side(person_id)
    if other is None or not other.member:
        return
    with use_locale(locale_of(context, other)):
        if other is view.asker:
            assert view.expert is not None
            text = _(
                "Consultation #{id} has ended: the expert ({name}) is no longer a member of the "
                "community. You can ask the same question again: other peers will get it."
            ).format(id=view.id, name=view.expert.name)
            markup = InlineKeyboardMarkup([[button(_("Ask again"), ASK_AGAIN, view.id)]])
        else:
            text = _(
                "Consultation #{id} has ended: the asker is no longer a member of the community."
            ).format(id=view.id)
            markup = None
        await send_to(context, other, text, reply_markup=markup)


async def _withdraw_offer_messages(context: BotContext, offers: list[OfferMessage]) -> None:
    """The offers to someone who is no longer a member lose their buttons."""
    for offer in offers:
        with use_locale(locale_of(context, offer.expert)):
            text = _("This request is no longer offered to you.")
        try:
            await context.bot.edit_message_text(text, offer.chat_id, offer.message_id)
        except TelegramError as error:
            logger.info("a withdrawn offer's message was not edited: %s", error)


async def tell_ended(context: BotContext, ended: Ended) -> None:
    """After `MembershipEnd`: tell everyone whose consultation ended, send the next rounds."""
    departure = ended.of(Departure)
    if departure is None:
        return
    for view in departure.closed:
        await _tell_other_side(context, view, departure.person_id)
    for effects in departure.cancelled:
        schedule_round(context, effects.consultation)
        await end_offer_messages(context, effects.consultation, effects.ended_offers)
    await _withdraw_offer_messages(context, departure.offers)
    for effects in departure.moved_on:
        await deliver(context, effects)
