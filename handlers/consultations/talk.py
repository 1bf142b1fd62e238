"""Talking once a question is accepted: contacts, closing, reminders (the messages
themselves: relay.py)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.consultations.views import ConsultationView
from bot.context import BotContext
from bot.i18n import _, use_locale
from handlers.consultations.buttons import CLOSE, CONTACTS, button
from handlers.consultations.buttons import pressed_id as id_of
from handlers.consultations.common import locale_of, send_to
from handlers.consultations.rating import rating_keyboard
from handlers.kit.replies import pressed, reply


async def share_contacts(update: Update, context: BotContext) -> None:
    consultation_id = id_of(CONTACTS, pressed(update).data)
    talks = context.services.consultations.talks
    contacts = await talks.share_contacts(consultation_id, context.me.id)
    await pressed(update).answer()
    view = contacts.consultation
    other = view.other_side(context.me.id)
    assert other is not None and view.expert is not None
    if not contacts.both:
        await reply(update, _("Noted: I will exchange contacts when the other side agrees too."))
        with use_locale(locale_of(context, other)):
            await send_to(
                context,
                other,
                _("The other side of consultation #{id} would like to exchange contacts.").format(
                    id=view.id
                ),
                reply_markup=InlineKeyboardMarkup(
                    [[button(_("Exchange contacts"), CONTACTS, view.id)]]
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
    consultation_id = id_of(CLOSE, pressed(update).data)
    view = await context.services.consultations.talks.close(consultation_id, context.me.id)
    await pressed(update).answer()
    await announce_closed(context, view, context.me.id)


async def sweep(context: BotContext) -> None:
    """Hourly: remind of unanswered messages; close consultations abandoned for too long."""
    talks = context.services.consultations.talks
    for view, waiting in await talks.due_reminders():
        with use_locale(locale_of(context, waiting)):
            await send_to(
                context,
                waiting,
                _(
                    "A message in consultation #{id} is waiting for your answer since yesterday."
                ).format(id=view.id),
            )
    for view in await talks.close_abandoned():
        await announce_closed(context, view, None)
