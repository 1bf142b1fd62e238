"""Talking once a question is accepted: relaying messages both ways, choosing the
consultation a message is for, contacts, closing, reminders."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden

from bot.consultations.views import ConsultationView
from bot.context import BotContext
from bot.core.text import CAPTION, length, split, strip_bidi
from bot.i18n import _, use_locale
from handlers.consultations.buttons import CLOSE, CONTACTS, WRITE_TO, button
from handlers.consultations.buttons import pressed_id as id_of
from handlers.consultations.common import locale_of, remove_buttons, send_to
from handlers.consultations.rating import rating_keyboard
from handlers.core.fallback import free_text
from handlers.kit.replies import pressed, reply
from models import PersonStatus

CURRENT, WAITING = "cs_current", "cs_waiting"  # user_data: where messages go, one to place


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
    fits one message with its header goes in parts. False when they cannot be reached."""
    recipient = view.other_side(sender_id)
    assert recipient is not None
    with use_locale(locale_of(context, recipient)):
        header = sender_header(view, sender_id)
    chat_id = recipient.telegram_id
    sent_ids = []
    try:
        if "text" in payload:
            for part in split(f"{header}\n{payload['text']}"):
                sent_ids.append((await context.bot.send_message(chat_id, part)).message_id)
        else:
            caption = header + (f"\n{payload['caption']}" if payload.get("caption") else "")
            fits = length(caption) <= CAPTION
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
    await context.services.consultations.talks.remember(
        view.id, [(chat_id, message_id) for message_id in sent_ids], sender_id=sender_id
    )
    return True


async def relay_or_explain(
    update: Update, context: BotContext, view: ConsultationView, payload: dict[str, Any]
) -> bool:
    """Relay what the person wrote; tell them when the other side cannot be reached."""
    if await relay_payload(context, view, context.me.id, payload):
        return True
    await reply(update, _("I could not pass your message on: the other side has blocked the bot."))
    return False


def payload_of(message: Message) -> dict[str, Any] | None:
    """What to relay of a message (JSON-safe, to keep while the sender chooses where)."""
    if message.text:
        return {"text": strip_bidi(message.text)}
    if message.document or message.photo or message.voice or message.video or message.audio:
        return {
            "chat_id": message.chat_id,
            "message_id": message.message_id,
            "caption": strip_bidi(message.caption or "") or None,
        }
    return None


async def relay_message(update: Update, context: BotContext) -> None:
    """Free text in private: to the right open consultation, else the general answer."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    replied = message.reply_to_message
    destination = await context.services.consultations.talks.destination(
        context.me.id, message.chat_id, replied.message_id if replied else None
    )
    open_ = destination.open
    if not open_:
        await free_text(update, context)
        return
    payload = payload_of(message)
    if payload is None:
        await reply(update, _("I can pass on text, photos, documents, voice messages and videos."))
        return
    target = destination.replied_to
    if target is not None and target not in open_:
        await reply(
            update,
            _("Consultation #{id} is closed; your message was not passed on.").format(id=target),
        )
        return
    if target is None and len(open_) == 1:
        target = next(iter(open_))
    if target is None and context.user_data.get(CURRENT) in open_:
        target = int(context.user_data[CURRENT])
    if target is None:
        context.user_data[WAITING] = payload
        keyboard = InlineKeyboardMarkup(
            [
                [button(f"#{view.id}: {view.question[:30]}", WRITE_TO, view.id)]
                for view in open_.values()
            ]
        )
        await reply(update, _("Which consultation is this message for?"), reply_markup=keyboard)
        return
    context.user_data[CURRENT] = target
    await relay_or_explain(update, context, open_[target], payload)


async def choose_consultation(update: Update, context: BotContext) -> None:
    """Make one open consultation the current one; pass on the message that waited for it."""
    assert context.user_data is not None
    consultation_id = id_of(WRITE_TO, pressed(update).data)
    view = await context.services.consultations.talks.open_for(consultation_id, context.me.id)
    await pressed(update).answer()
    context.user_data[CURRENT] = view.id
    waiting = context.user_data.pop(WAITING, None)
    if waiting is None:
        await reply(update, _("Your messages now go to consultation #{id}.").format(id=view.id))
        return
    await remove_buttons(update)
    if await relay_or_explain(update, context, view, waiting):
        await reply(update, _("Passed on to consultation #{id}.").format(id=view.id))


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
