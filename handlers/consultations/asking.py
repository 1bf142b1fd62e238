"""/ask: a member's question to peers, step by step (question, file, areas, urgency, name,
region, confirmation). The rest of the feature lives in consultation_offers,
consultation_talk and consultation_info; this module registers all of it and re-creates the
feature's jobs at start."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.consultations.routing import QUESTION_MAX, load_rules
from bot.context import BotContext
from bot.core import expertise, regions
from bot.i18n import N_, _
from handlers.consultations import info as consultation_info
from handlers.consultations import offers as consultation_offers
from handlers.consultations import talk as consultation_talk
from handlers.consultations.common import PREFIX, button, service
from handlers.consultations.offers import deliver, schedule_round
from handlers.consultations.talk import sweep
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from models import Role, Urgency

QUESTION, FILE, AREAS, URGENCY, NAME, REGION, CONFIRM = range(7)
DRAFT = "cs_draft"
SWEEP_JOB = "consultations.sweep"
SWEEP_SECONDS = 3600


def draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


@require_role(Role.MEMBER)
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
    text = message.text.strip()
    if len(text) > QUESTION_MAX:
        await reply(
            update,
            _("The question is too long ({n} characters); please keep it under {max}.").format(
                n=len(text), max=QUESTION_MAX
            ),
        )
        return QUESTION
    draft(context)["question"] = text
    keyboard = InlineKeyboardMarkup([[button(_("No file"), "nf")]])
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
    assert update.callback_query is not None
    await update.callback_query.answer()
    await update.callback_query.edit_message_reply_markup(None)
    return await ask_areas(update, context)


async def file_wrong_input(update: Update, context: BotContext) -> int:
    await reply(update, _("Please send a document or a photo, or press “No file”."))
    return FILE


async def areas_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    chosen = set(draft(context).get("areas", []))
    rows = [
        [
            button(
                ("✅ " if area.code in chosen else "") + area.name(context.locale),
                f"ar:{area.code}",
            )
        ]
        for area in await expertise.list_areas(context.services.db)
    ]
    rows.append([button(_("Done"), "ad")])
    return InlineKeyboardMarkup(rows)


async def ask_areas(update: Update, context: BotContext) -> int:
    await reply(
        update,
        _("Which areas is the question about? Choose one or more, then press Done."),
        reply_markup=await areas_keyboard(context),
    )
    return AREAS


async def toggle_area(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.removeprefix(PREFIX + "ar:")
    known = {area.code for area in await expertise.list_areas(context.services.db)}
    if code not in known:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return AREAS
    chosen = draft(context).setdefault("areas", [])
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
    await query.answer()
    await query.edit_message_reply_markup(await areas_keyboard(context))
    return AREAS


async def areas_done(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    if not draft(context).get("areas"):
        await query.answer(_("Choose at least one area."), show_alert=True)
        return AREAS
    await query.answer()
    await query.edit_message_reply_markup(None)
    keyboard = InlineKeyboardMarkup(
        [[button(_("Normal (a day)"), "ur:normal"), button(_("Urgent (an hour)"), "ur:urgent")]]
    )
    await reply(update, _("How urgent is it?"), reply_markup=keyboard)
    return URGENCY


async def use_buttons(update: Update, context: BotContext) -> int | None:
    """Text where a button is expected: say so; the state stays."""
    await reply(update, _("Please answer with the buttons above (or /cancel)."))
    return None


async def got_urgency(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    value = query.data.removeprefix(PREFIX + "ur:")
    if value not in {urgency.value for urgency in Urgency}:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return URGENCY
    draft(context)["urgency"] = value
    await query.answer()
    await query.edit_message_reply_markup(None)
    keyboard = InlineKeyboardMarkup(
        [[button(_("Show my name"), "nm:yes"), button(_("Stay anonymous"), "nm:no")]]
    )
    await reply(update, _("May the expert see your name before answering?"), reply_markup=keyboard)
    return NAME


async def got_name_choice(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    draft(context)["show_name"] = query.data.endswith(":yes")
    await query.answer()
    await query.edit_message_reply_markup(None)
    rows = [[button(_("Any region"), "rg:any")]]
    own = await service(context).region_of(context.me.id)
    if own in regions.BY_CODE:
        rows.append([button(regions.BY_CODE[own].name(context.locale), f"rg:{own}")])
    await reply(
        update,
        _(
            "Should the expert preferably be from a particular region? Press a button or "
            "type the region's name."
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return REGION


async def typed_region(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    found = regions.search(message.text, context.locale)
    if not found:
        await reply(
            update, _("I don't know this region. Type its name again, or press “Any region”.")
        )
        return REGION
    if len(found) == 1:
        draft(context)["region"] = found[0].code
        return await ask_confirmation(update, context)
    keyboard = InlineKeyboardMarkup(
        [[button(region.name(context.locale), f"rg:{region.code}")] for region in found]
    )
    await reply(update, _("Which one?"), reply_markup=keyboard)
    return REGION


async def chosen_region(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.removeprefix(PREFIX + "rg:")
    if code != "any" and code not in regions.BY_CODE:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return REGION
    draft(context)["region"] = None if code == "any" else code
    await query.answer()
    await query.edit_message_reply_markup(None)
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
    keyboard = InlineKeyboardMarkup([[button(_("Send"), "go"), button(_("Cancel"), "st")]])
    await reply(update, "\n".join(lines), reply_markup=keyboard)
    return CONFIRM


async def send_question(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    values = context.user_data.pop(DRAFT, {})
    await query.answer()
    await query.edit_message_reply_markup(None)
    try:
        effects = await service(context).create(
            asker_id=context.me.id,
            question=values["question"],
            area_codes=values["areas"],
            urgency=Urgency(values["urgency"]),
            show_name=bool(values["show_name"]),
            region=values.get("region"),
            file_id=values.get("file_id"),
            file_kind=values.get("file_kind"),
        )
    except (KeyError, ValueError):
        await reply(
            update, _("Something in the question was not valid any more; please /ask again.")
        )
        return ConversationHandler.END
    await deliver(context, effects)
    return ConversationHandler.END


async def stop_asking(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    await reply(update, _("All right, the question was not sent."))
    return ConversationHandler.END


def ask_conversation() -> ConversationHandler:  # type: ignore[type-arg]
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler("ask", start_ask, filters=filters.ChatType.PRIVATE)],
        states={
            QUESTION: [
                MessageHandler(text, got_question),
                MessageHandler(anything, question_wrong_input),
            ],
            FILE: [
                MessageHandler(filters.Document.ALL | filters.PHOTO, got_file),
                CallbackQueryHandler(no_file, pattern=f"^{PREFIX}nf$"),
                MessageHandler(anything, file_wrong_input),
            ],
            AREAS: [
                CallbackQueryHandler(toggle_area, pattern=f"^{PREFIX}ar:"),
                CallbackQueryHandler(areas_done, pattern=f"^{PREFIX}ad$"),
                MessageHandler(anything, use_buttons),
            ],
            URGENCY: [
                CallbackQueryHandler(got_urgency, pattern=f"^{PREFIX}ur:"),
                MessageHandler(anything, use_buttons),
            ],
            NAME: [
                CallbackQueryHandler(got_name_choice, pattern=f"^{PREFIX}nm:(yes|no)$"),
                MessageHandler(anything, use_buttons),
            ],
            REGION: [
                CallbackQueryHandler(chosen_region, pattern=f"^{PREFIX}rg:"),
                MessageHandler(text, typed_region),
                MessageHandler(anything, use_buttons),
            ],
            CONFIRM: [
                CallbackQueryHandler(send_question, pattern=f"^{PREFIX}go$"),
                CallbackQueryHandler(stop_asking, pattern=f"^{PREFIX}st$"),
                MessageHandler(anything, use_buttons),
            ],
        },
        fallbacks=[CommandHandler("cancel", stop_asking)],
        name="consultations.ask",
        persistent=True,
    )


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


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    load_rules()  # a wrong CONSULTATIONS_* variable stops the bot at start
    catalogue.add(CommandSpec("ask", N_("ask peers for advice"), min_role=Role.MEMBER))
    application.add_handler(ask_conversation())
    application.add_handler(CommandHandler("ask", ask_in_private, filters=filters.ChatType.GROUPS))
    consultation_info.register(application)
    consultation_offers.register(application)
    consultation_talk.register(application)  # last: it relays any other private message
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name="consultations.restore")
