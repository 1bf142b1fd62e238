"""The questionnaire's steps: put the next question, take a typed answer, a file, a shared
contact or a button, and ask again with the reason when an answer is not accepted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from functools import partial
from typing import Any

from telegram import Document, InlineKeyboardMarkup, Message, PhotoSize, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.core import regions
from bot.core.errors import STALE, Refused
from bot.i18n import _, current_locale
from bot.membership.questionnaire import (
    DONE,
    button_answer,
    check_document,
    check_phone,
    check_text_answer,
    find_regions,
    next_question,
    toggled,
)
from bot.membership.questions import OTHER, Kind, Question
from handlers.kit.replies import explain, reply
from handlers.membership.asking import button, question_keyboard, question_text
from handlers.membership.buttons import ANSWER
from handlers.membership.draft import ANSWERING, current, draft
from handlers.membership.profile import save_profile
from handlers.membership.summary import show_summary

Then = Callable[[Update, BotContext, Any], Awaitable[str | int]]


async def ask(update: Update, context: BotContext, asked: Question, problem: str = "") -> str:
    """Put a question (after why the last answer was not accepted, if it was not)."""
    text = question_text(asked)
    keyboard = await _keyboard(context, asked)
    await reply(update, f"{problem}\n\n{text}" if problem else text, reply_markup=keyboard)
    return ANSWERING


async def ask_next(update: Update, context: BotContext) -> str | int:
    """The next question; when all are answered, the summary (or, editing a profile, the
    saved profile)."""
    form = draft(context)
    asked = next_question(form["answers"])
    if asked is not None:
        form["current"] = asked.key
        return await ask(update, context, asked)
    form.pop("current", None)
    if form["mode"] == "profile":
        return await save_profile(update, context)
    return await show_summary(update, context)


async def accept(update: Update, context: BotContext, value: Any) -> str | int:
    """Keep the answer to the current question and go on."""
    form = draft(context)
    form["answers"][form.pop("current")] = value
    form.pop("selected", None)
    return await ask_next(update, context)


async def _take(
    update: Update, context: BotContext, check: Callable[[], Any], then: Then = accept
) -> str | int:
    """Go on with what `check` gives, or ask again saying why the answer is not accepted."""
    try:
        value = check()
    except Refused as error:
        return await ask(update, context, current(context), explain(error))
    return await then(update, context, value)


async def on_text(update: Update, context: BotContext) -> str | int:
    """A typed answer."""
    assert update.message is not None and update.message.text is not None
    asked, text = current(context), update.message.text
    if asked.kind in (Kind.TEXT, Kind.NUMBER, Kind.PHONE):
        return await _take(update, context, partial(check_text_answer, asked, text))
    if asked.kind is Kind.REGION:
        found = partial(find_regions, text, current_locale())
        return await _take(update, context, found, then=_offer_regions)
    if asked.kind is Kind.FILE:
        problem = _("Please send a document or a photo, or press “Skip”.")
        return await ask(update, context, asked, problem)
    return await ask(update, context, asked, _("Please answer with the buttons below."))


async def _offer_regions(update: Update, context: BotContext, codes: list[str]) -> str:
    key, locale = current(context).key, current_locale()
    rows = [[button(regions.BY_CODE[code].name(locale), key, code)] for code in codes]
    if regions.OTHER.code not in codes:
        rows.append([button(regions.OTHER.name(locale), key, regions.OTHER.code)])
    await reply(update, _("Choose your region:"), reply_markup=InlineKeyboardMarkup(rows))
    return ANSWERING


async def on_file(update: Update, context: BotContext) -> str | int:
    """A document or photo: the proof of a qualification, where one is asked for."""
    message = update.message
    assert message is not None
    asked = current(context)
    if asked.kind is not Kind.FILE:
        return await ask(update, context, asked, _("A file is not expected here."))
    file: PhotoSize | Document | None = message.photo[-1] if message.photo else message.document
    assert file is not None
    mime_type = "image/jpeg" if isinstance(file, PhotoSize) else file.mime_type
    kind = "photo" if isinstance(file, PhotoSize) else "document"

    def checked() -> dict[str, str]:
        check_document(mime_type, file.file_size)
        return {"file_id": file.file_id, "kind": kind}

    return await _take(update, context, checked)


async def on_contact(update: Update, context: BotContext) -> str | int:
    """A shared contact, where a phone is asked for: only one's own."""
    message = update.message
    assert message is not None and message.contact is not None
    contact = message.contact
    asked = current(context)
    if asked.kind is not Kind.PHONE:
        return await ask(update, context, asked, _("A contact is not expected here."))
    if contact.user_id != context.me.telegram_id:
        problem = _("Please share your own contact, or type your number.")
        return await ask(update, context, asked, problem)
    return await _take(update, context, partial(check_phone, contact.phone_number))


async def drop_keyboard(message: Message | None) -> None:
    """Take the buttons off an answered question, so it cannot be answered twice."""
    if message is not None:
        with suppress(BadRequest):  # already without buttons
            await message.edit_reply_markup(reply_markup=None)


async def on_button(update: Update, context: BotContext) -> str | int | None:
    """A button under a question: the answer, or (areas) one area ticked or unticked."""
    query = update.callback_query
    assert query is not None
    key, value = ANSWER.decode(query.data)
    asked = current(context)
    if key != asked.key:
        raise Refused(STALE)
    message = query.message if isinstance(query.message, Message) else None
    form = draft(context)
    if asked.kind is Kind.AREAS and value != DONE:
        offered = {area.code for area in await context.services.membership.areas.offered()}
        if value != OTHER and value not in offered:
            raise Refused(STALE)
        await query.answer()
        form["selected"] = toggled(form.get("selected", []), value)
        if message is not None:
            await message.edit_reply_markup(reply_markup=await _keyboard(context, asked))
        return None
    selected, username = form.get("selected", []), context.me.username
    try:
        answer = button_answer(asked, value, selected=selected, username=username)
    except Refused as error:
        if error.reason == STALE:
            raise
        await query.answer()
        return await ask(update, context, asked, explain(error))
    await query.answer()
    await drop_keyboard(message)
    return await accept(update, context, answer)


async def _keyboard(context: BotContext, asked: Question) -> InlineKeyboardMarkup | None:
    selected = draft(context).get("selected", [])
    return await question_keyboard(context.services.membership.areas, asked, selected)
