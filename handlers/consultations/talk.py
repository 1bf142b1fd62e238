"""Talking once a question is accepted: relaying messages both ways, choosing the
consultation a message is for, contacts, closing, rating and recommendation, reminders."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.consultations.routing import ConsultationView
from bot.context import BotContext
from bot.i18n import _, use_locale
from handlers.consultations.common import (
    PREFIX,
    STALE,
    act_on_press,
    button,
    callback_id,
    locale_of,
    remove_buttons,
    send_to,
    service,
    stale,
)
from handlers.core.fallback import free_text
from handlers.kit.replies import reply
from models import PersonStatus

RECOMMEND = 1
MAX_TEXT, MAX_CAPTION = 4096, 1024


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
    result = await act_on_press(
        update,
        lambda consultation_id: service(context).share_contacts(consultation_id, context.me.id),
    )
    if result is None:
        return
    both, view = result
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


async def close_for_leaver(context: BotContext, person_id: int) -> None:
    """Someone deletes their data: their open consultations end and the other side is told
    (before the erasure, which would leave them without a name to tell)."""
    for view in await service(context).of_person(person_id, open_only=True):
        closed = await service(context).close(view.id, person_id)
        other = closed.other_side(person_id) if closed else None
        if other is None:
            continue
        with use_locale(locale_of(context, other)):
            text = _(
                "Consultation #{id} has ended: the other side has left and deleted their data."
            ).format(id=view.id)
            await send_to(context, other, text)


async def close_consultation(update: Update, context: BotContext) -> None:
    view = await act_on_press(
        update, lambda consultation_id: service(context).close(consultation_id, context.me.id)
    )
    if view is not None:
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


def register(application: Application) -> None:
    """Relays and closing; the relay of free text is the last handler of the feature."""
    callbacks = {"to": choose_consultation, "ct": share_contacts, "cl": close_consultation}
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
