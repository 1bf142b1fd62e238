"""/ask: a member's question to peers, step by step (question, file, areas, urgency, name,
region, confirmation). The draft waits in user_data, so a restart loses nothing."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.consultations.refusals import NOT_VALID, STALE
from bot.consultations.rules import check_areas, check_question
from bot.context import BotContext
from bot.core import expertise, regions
from bot.core.errors import Refused
from bot.i18n import _
from handlers.consultations.buttons import (
    ANY_REGION,
    AREA,
    AREAS_DONE,
    NO_FILE,
    REGION,
    SEND,
    SHOW_NAME,
    STOP,
    URGENCY,
    button,
)
from handlers.consultations.offers import deliver
from handlers.kit.replies import explain, pressed, reply
from models import Urgency

QUESTION, FILE, AREAS, URGENT, NAME, PLACE, CONFIRM = range(7)  # stored: keep the numbers
DRAFT = "cs_draft"


def draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


async def start_ask(update: Update, context: BotContext) -> int:
    """Begin a question."""
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    await reply(
        update,
        _(
            "Write your question in one message: what happened, what you have tried, what "
            "advice you need. /cancel stops."
        ),
    )
    return QUESTION


async def ask_in_private(update: Update, context: BotContext) -> None:
    """/ask in a group: questions are asked in the private chat with the bot."""
    await reply(update, _("Please ask your question in a private chat with me: send /ask there."))


async def got_question(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    draft(context)["question"] = check_question(message.text)
    keyboard = InlineKeyboardMarkup([[button(_("No file"), NO_FILE)]])
    await reply(
        update,
        _("Attach a file if it helps (a document or a photo), or press “No file”."),
        reply_markup=keyboard,
    )
    return FILE


async def question_wrong_input(update: Update, context: BotContext) -> int:
    await reply(update, _("Please write the question as text (a file can follow)."))
    return QUESTION


async def got_file(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None
    if message.document is not None:
        draft(context).update(file_id=message.document.file_id, file_kind="document")
    else:
        draft(context).update(file_id=message.photo[-1].file_id, file_kind="photo")
    return await ask_areas(update, context)


async def no_file(update: Update, context: BotContext) -> int:
    await answered(update)
    return await ask_areas(update, context)


async def file_wrong_input(update: Update, context: BotContext) -> int:
    await reply(update, _("Please send a document or a photo, or press “No file”."))
    return FILE


async def areas_markup(
    context: BotContext,
    chosen: Collection[str],
    area_button: Callable[[str, str], InlineKeyboardButton],
    done: InlineKeyboardButton,
) -> InlineKeyboardMarkup:
    """Every area to choose, the chosen ones ticked (`area_button(label, code)`), then Done."""
    rows = [
        [area_button(("✅ " if area.code in chosen else "") + area.name(context.locale), area.code)]
        for area in await expertise.list_areas(context.services.db)
    ]
    return InlineKeyboardMarkup([*rows, [done]])


async def areas_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    return await areas_markup(
        context,
        draft(context).get("areas", []),
        lambda label, code: button(label, AREA, code),
        button(_("Done"), AREAS_DONE),
    )


async def ask_areas(update: Update, context: BotContext) -> int:
    await reply(
        update,
        _("Which areas is the question about? Choose one or more, then press Done."),
        reply_markup=await areas_keyboard(context),
    )
    return AREAS


async def toggle_area(update: Update, context: BotContext) -> int:
    query = pressed(update)
    (code,) = AREA.decode(query.data)
    if code not in {area.code for area in await expertise.list_areas(context.services.db)}:
        raise Refused(STALE)
    chosen = draft(context).setdefault("areas", [])
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
    await query.answer()
    await query.edit_message_reply_markup(await areas_keyboard(context))
    return AREAS


async def answered(update: Update) -> None:
    """Keep a step's answer: the press is answered and its buttons go."""
    await pressed(update).answer()
    await pressed(update).edit_message_reply_markup(None)


async def areas_done(update: Update, context: BotContext) -> int:
    check_areas(draft(context).get("areas", []))
    await answered(update)
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(_("Normal (a day)"), URGENCY, Urgency.NORMAL),
                button(_("Urgent (an hour)"), URGENCY, Urgency.URGENT),
            ]
        ]
    )
    await reply(update, _("How urgent is it?"), reply_markup=keyboard)
    return URGENT


async def use_buttons(update: Update, context: BotContext) -> int | None:
    """Text where a button is expected: say so; the state stays."""
    await reply(update, _("Please answer with the buttons above (or /cancel)."))
    return None


async def got_urgency(update: Update, context: BotContext) -> int:
    (urgency,) = URGENCY.decode(pressed(update).data)
    draft(context)["urgency"] = urgency.value
    await answered(update)
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(_("Show my name"), SHOW_NAME, "yes"),
                button(_("Stay anonymous"), SHOW_NAME, "no"),
            ]
        ]
    )
    await reply(update, _("May the expert see your name before answering?"), reply_markup=keyboard)
    return NAME


async def got_name_choice(update: Update, context: BotContext) -> int:
    (shown,) = SHOW_NAME.decode(pressed(update).data)
    draft(context)["show_name"] = shown == "yes"
    await answered(update)
    rows = [[button(_("Any region"), REGION, ANY_REGION)]]
    own = await context.services.consultations.talks.region_of(context.me.id)
    if own in regions.BY_CODE:
        rows.append([button(regions.BY_CODE[own].name(context.locale), REGION, own)])
    await reply(
        update,
        _(
            "Should the expert preferably be from a particular region? Press a button or "
            "type the region's name."
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return PLACE


async def typed_region(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    found = regions.search(message.text, context.locale)
    if not found:
        await reply(
            update, _("I don't know this region. Type its name again, or press “Any region”.")
        )
        return PLACE
    if len(found) == 1:
        draft(context)["region"] = found[0].code
        return await ask_confirmation(update, context)
    keyboard = InlineKeyboardMarkup(
        [[button(region.name(context.locale), REGION, region.code)] for region in found]
    )
    await reply(update, _("Which one?"), reply_markup=keyboard)
    return PLACE


async def chosen_region(update: Update, context: BotContext) -> int:
    (code,) = REGION.decode(pressed(update).data)
    if code != ANY_REGION and code not in regions.BY_CODE:
        raise Refused(STALE)
    draft(context)["region"] = None if code == ANY_REGION else code
    await answered(update)
    return await ask_confirmation(update, context)


async def ask_confirmation(update: Update, context: BotContext) -> int:
    values = draft(context)
    areas = {area.code: area for area in await expertise.list_areas(context.services.db)}
    region = regions.BY_CODE.get(values.get("region") or "")
    lines = [
        _("Your question:"),
        values.get("question", ""),
        "",
        _("Areas: {areas}").format(
            areas=", ".join(areas[c].name(context.locale) for c in values["areas"] if c in areas)
        ),
        _("Urgent") if values.get("urgency") == Urgency.URGENT else _("Not urgent"),
        _("Your name is shown") if values.get("show_name") else _("Your name is hidden"),
        _("Region: {region}").format(region=region.name(context.locale) if region else _("any")),
    ]
    if values.get("file_id"):
        lines.append(_("A file is attached."))
    keyboard = InlineKeyboardMarkup([[button(_("Send"), SEND), button(_("Cancel"), STOP)]])
    await reply(update, "\n".join(lines), reply_markup=keyboard)
    return CONFIRM


async def send_question(update: Update, context: BotContext) -> int:
    """Send the draft; one no longer valid is not sent, and the dialogue ends either way."""
    assert context.user_data is not None
    values = context.user_data.pop(DRAFT, {})
    await answered(update)
    try:
        if any(key not in values for key in ("question", "areas", "urgency", "show_name")):
            raise Refused(NOT_VALID)
        effects = await context.services.consultations.routing.create(
            asker_id=context.me.id,
            question=values["question"],
            area_codes=values["areas"],
            urgency=Urgency(values["urgency"]),
            show_name=bool(values["show_name"]),
            region=values.get("region"),
            file_id=values.get("file_id"),
            file_kind=values.get("file_kind"),
        )
    except Refused as refusal:
        await reply(update, explain(refusal))  # the press is answered already: a message
        return ConversationHandler.END
    await deliver(context, effects)
    return ConversationHandler.END


async def stop_asking(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await answered(update)
    await reply(update, _("All right, the question was not sent."))
    return ConversationHandler.END
