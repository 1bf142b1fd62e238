"""Passing messages between an asker and their expert, and choosing the consultation a
message is for when several are open: a reply to the bot's message of a consultation picks
it, the only open one takes it, otherwise the sender chooses with buttons (never a guess from
what they wrote before), and with several open the sender is told where it went."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.consultations.views import ConsultationView
from bot.context import BotContext
from bot.core.text import CAPTION, length, shorten, split, strip_bidi
from bot.i18n import _, use_locale
from handlers.consultations.buttons import WRITE_TO, button
from handlers.consultations.buttons import pressed_id as id_of
from handlers.consultations.common import locale_of, remove_buttons
from handlers.core.fallback import free_text
from handlers.kit.replies import pressed, reply
from models import PersonStatus

WAITING = "cs_waiting"  # user_data: the "which consultation?" message id → the message to pass
KEPT_WAITING = 10  # messages kept while their sender chooses; older prompts are stale
QUESTION_IN_BUTTON = 30  # characters of the question on a "which consultation" button


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


def sent_to(consultation_id: int) -> str:
    return _("Sent to consultation #{id}.").format(id=consultation_id)


def choice_label(view: ConsultationView, me: int) -> str:
    """A "which consultation" button: its number, the other side when they may be named
    (the expert always, the asker if she allowed it), and the start of the question."""
    other = view.other_side(me)
    named = other is not None and (other is view.expert or view.show_name)
    who = f" · {other.name}" if named and other is not None else ""
    return f"#{view.id}{who}: {shorten(view.question, QUESTION_IN_BUTTON)}"


async def ask_which(
    message: Message, context: BotContext, open_: dict[int, ConsultationView], payload: Any
) -> None:
    """Ask, under the message itself, which consultation it is for; keep it until then."""
    assert context.user_data is not None
    keyboard = InlineKeyboardMarkup(
        [
            [button(choice_label(view, context.me.id), WRITE_TO, view.id)]
            for view in sorted(open_.values(), key=lambda view: view.id)
        ]
    )
    prompt = await message.reply_text(
        _("Which consultation is this message for?"), reply_markup=keyboard, do_quote=True
    )
    waiting = dict(context.user_data.get(WAITING) or {})
    waiting[str(prompt.message_id)] = payload
    context.user_data[WAITING] = dict(list(waiting.items())[-KEPT_WAITING:])


async def relay_message(update: Update, context: BotContext) -> None:
    """Free text in private: to the right open consultation, else the general answer."""
    message = update.effective_message
    assert message is not None
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
    target = destination.target
    if target is not None and target not in open_:
        await reply(
            update,
            _("Consultation #{id} is closed; your message was not passed on.").format(id=target),
        )
        return
    if target is None:
        await ask_which(message, context, open_, payload)
        return
    if await relay_or_explain(update, context, open_[target], payload) and destination.several:
        await message.reply_text(sent_to(target), do_quote=True)


async def choose_consultation(update: Update, context: BotContext) -> None:
    """A consultation chosen for the message that waited under this button; from
    /consultations (nothing waits), a message to reply to, which then goes there."""
    assert context.user_data is not None
    query = pressed(update)
    consultation_id = id_of(WRITE_TO, query.data)
    view = await context.services.consultations.talks.open_for(consultation_id, context.me.id)
    await query.answer()
    prompt_id = query.message.message_id if query.message else None
    waiting = dict(context.user_data.get(WAITING) or {})
    payload = waiting.pop(str(prompt_id), None)
    context.user_data[WAITING] = waiting
    if payload is None:
        await write_to(update, context, view)
        return
    if await relay_or_explain(update, context, view, payload):
        with contextlib.suppress(BadRequest):
            await query.edit_message_text(sent_to(view.id))
        return
    await remove_buttons(update)


async def write_to(update: Update, context: BotContext, view: ConsultationView) -> None:
    """A message to reply to: what is written as a reply to it goes to this consultation."""
    chat = update.effective_chat
    assert chat is not None
    prompt = await chat.send_message(
        _("Write your message for consultation #{id} as a reply to this one.").format(id=view.id),
        reply_markup=ForceReply(input_field_placeholder=f"#{view.id}"),
    )
    await context.services.consultations.talks.remember(view.id, [(chat.id, prompt.message_id)])
