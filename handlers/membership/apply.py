"""The membership questionnaire as a persistent conversation; the same questions edit a
profile. The questions come from bot/data/questionnaire.py; the draft lives in user_data
(JSON), so after a restart the person continues where they stopped."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import membership
from bot.context import BotContext
from bot.core import expertise, regions
from bot.data.questionnaire import OTHER, Kind, Question
from bot.i18n import N_, _, current_locale
from bot.questionnaire import (
    Accepted,
    Answers,
    Problem,
    check_areas,
    check_document,
    check_phone,
    check_text_answer,
    find_regions,
    next_question,
    question,
    relevant,
    toggled,
)
from handlers.kit.replies import reply
from handlers.membership import profile, review
from handlers.membership.asking import (
    ANSWER,
    DONE,
    SKIP,
    button,
    question_keyboard,
    question_text,
)
from handlers.membership.render import answers_text, area_names
from models import ApplicationStatus, Role

ANSWERING, SUMMARY = "answering", "summary"
FORM = "mb_form"
APPLY = "mb:apply"
EDIT = "mb:s:e:"  # mb:s:e:<question key>
SUBMIT, DISCARD = "mb:s:submit", "mb:s:cancel"
REFERRAL = "ref_"  # /start ref_<invitation code>
REFERRAL_LINK = filters.Regex(r"^/start ref_[A-Za-z0-9_-]{1,40}$") & filters.ChatType.PRIVATE


def apply_keyboard() -> InlineKeyboardMarkup:
    """The "Apply" button a newcomer sees under the welcome."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Apply for membership"), callback_data=APPLY)]]
    )


def _form(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(FORM, {"mode": "apply", "answers": {}})


async def _keyboard(context: BotContext, asked: Question) -> InlineKeyboardMarkup | None:
    selected = _form(context).get("selected", [])
    return await question_keyboard(context.services.db, asked, selected)


async def _ask(update: Update, context: BotContext, asked: Question, problem: str = "") -> str:
    text = question_text(asked)
    keyboard = await _keyboard(context, asked)
    await reply(update, f"{problem}\n\n{text}" if problem else text, reply_markup=keyboard)
    return ANSWERING


def _problem_text(problem: Problem) -> str:
    return _(problem.message).format(**problem.values)


async def _ask_next(update: Update, context: BotContext) -> str | int:
    form = _form(context)
    asked = next_question(form["answers"])
    if asked is not None:
        form["current"] = asked.key
        return await _ask(update, context, asked)
    form.pop("current", None)
    if form["mode"] == "profile":
        return await _save_profile(update, context)
    return await _show_summary(update, context)


async def _accept(update: Update, context: BotContext, value: Any) -> str | int:
    form = _form(context)
    form["answers"][form.pop("current")] = value
    form.pop("selected", None)
    return await _ask_next(update, context)


def _current(context: BotContext) -> Question:
    form = _form(context)
    asked = question(form.get("current", ""))
    if asked is None:  # a draft from an older questionnaire: ask what is missing
        asked = next_question(form["answers"])
        assert asked is not None
        form["current"] = asked.key
    return asked


# ----- entry, resume, cancel ---------------------------------------------------------------


async def begin(update: Update, context: BotContext) -> str | int:
    """/apply or the Apply button: start the questionnaire, unless already a member or
    under review."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await _begin(update, context, referrer_id=None)


async def begin_referred(update: Update, context: BotContext) -> str | int:
    """A member's invitation link (/start ref_<code>): the questionnaire, recording who
    recommended the applicant when the code is a current member's."""
    code = (context.args or [""])[0].removeprefix(REFERRAL)
    referrer_id = await membership.referrer_of(context.services.db, code)
    if referrer_id is None:
        await reply(update, _("This invitation link is not valid, but you can still apply."))
    return await _begin(update, context, referrer_id=referrer_id)


async def _begin(update: Update, context: BotContext, *, referrer_id: int | None) -> str | int:
    person = context.me
    if person.role.at_least(Role.MEMBER):
        await reply(update, _("You are already a member of the community."))
        return ConversationHandler.END
    latest = await membership.latest_application(context.services.db, person.id)
    if latest is not None and latest.status is ApplicationStatus.PENDING:
        await reply(update, _("Your application is being reviewed. We will write to you here."))
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[FORM] = {"mode": "apply", "answers": {}, "referrer": referrer_id}
    await reply(
        update,
        _(
            "Welcome! A few questions about you and your work follow. You can stop at any "
            "time with /cancel; before sending you will see all your answers and can change "
            "any of them."
        ),
    )
    return await _ask_next(update, context)


async def resume(update: Update, context: BotContext) -> str | int:
    """/apply, /profile or Apply in the middle of the questionnaire: the current question
    again."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if "current" in _form(context):
        return await _ask(update, context, _current(context))
    return await _show_summary(update, context)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel at any step: the draft is dropped, nothing is saved."""
    assert context.user_data is not None
    form = context.user_data.pop(FORM, {})
    if update.callback_query is not None:
        await update.callback_query.answer()
    if form.get("mode") == "profile":
        await reply(update, _("Editing cancelled; your profile is unchanged."))
    else:
        await reply(
            update, _("Cancelled; your answers were not saved. Send /apply to start again.")
        )
    return ConversationHandler.END


# ----- answers -------------------------------------------------------------------------------


async def on_text(update: Update, context: BotContext) -> str | int:
    """A typed answer."""
    assert update.message is not None and update.message.text is not None
    asked, text = _current(context), update.message.text
    if asked.kind in (Kind.TEXT, Kind.NUMBER, Kind.PHONE):
        verdict = check_text_answer(asked, text)
        if isinstance(verdict, Problem):
            return await _ask(update, context, asked, _problem_text(verdict))
        return await _accept(update, context, verdict.value)
    if asked.kind is Kind.REGION:
        return await _offer_regions(update, context, asked, text)
    if asked.kind is Kind.FILE:
        problem = _("Please send a document or a photo, or press “Skip”.")
        return await _ask(update, context, asked, problem)
    return await _ask(update, context, asked, _("Please answer with the buttons below."))


async def _offer_regions(update: Update, context: BotContext, asked: Question, text: str) -> str:
    verdict = find_regions(text, current_locale())
    if isinstance(verdict, Problem):
        return await _ask(update, context, asked, _problem_text(verdict))
    rows = [
        [button(regions.BY_CODE[code].name(current_locale()), asked.key, code)]
        for code in verdict.value
    ]
    if regions.OTHER.code not in verdict.value:
        rows.append([button(regions.OTHER.name(current_locale()), asked.key, regions.OTHER.code)])
    await reply(update, _("Choose your region:"), reply_markup=InlineKeyboardMarkup(rows))
    return ANSWERING


async def on_file(update: Update, context: BotContext) -> str | int:
    """A document or photo: the proof of a qualification, where one is asked for."""
    message = update.message
    assert message is not None
    asked = _current(context)
    if asked.kind is not Kind.FILE:
        return await _ask(update, context, asked, _("A file is not expected here."))
    if message.photo:
        photo = message.photo[-1]
        verdict = check_document("image/jpeg", photo.file_size)
        file_id, kind = photo.file_id, "photo"
    else:
        assert message.document is not None
        verdict = check_document(message.document.mime_type, message.document.file_size)
        file_id, kind = message.document.file_id, "document"
    if isinstance(verdict, Problem):
        return await _ask(update, context, asked, _problem_text(verdict))
    return await _accept(update, context, {"file_id": file_id, "kind": kind})


async def on_contact(update: Update, context: BotContext) -> str | int:
    """A shared contact, where a phone is asked for: only one's own."""
    message = update.message
    assert message is not None and message.contact is not None
    asked = _current(context)
    if asked.kind is not Kind.PHONE:
        return await _ask(update, context, asked, _("A contact is not expected here."))
    if message.contact.user_id != context.me.telegram_id:
        problem = _("Please share your own contact, or type your number.")
        return await _ask(update, context, asked, problem)
    verdict = check_phone(message.contact.phone_number)
    if isinstance(verdict, Problem):
        return await _ask(update, context, asked, _problem_text(verdict))
    return await _accept(update, context, verdict.value)


async def _drop_keyboard(message: Message | None) -> None:
    """Take the buttons off an answered question, so it cannot be answered twice."""
    if message is not None:
        with suppress(BadRequest):  # already without buttons
            await message.edit_reply_markup(reply_markup=None)


async def on_button(update: Update, context: BotContext) -> str | int | None:
    """A button under a question."""
    query = update.callback_query
    assert query is not None and query.data is not None
    key, _sep, value = query.data.removeprefix(ANSWER).partition(":")
    asked = _current(context)
    if key != asked.key:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return None
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if asked.kind is Kind.AREAS and value != DONE:
        return await _toggle_area(context, asked, value, message)
    verdict = await _button_verdict(context, asked, value)
    if verdict is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return None
    if isinstance(verdict, Problem):
        return await _ask(update, context, asked, _problem_text(verdict))
    await _drop_keyboard(message)
    return await _accept(update, context, verdict.value)


async def _toggle_area(
    context: BotContext, asked: Question, code: str, message: Message | None
) -> None:
    areas = await expertise.list_areas(context.services.db)
    if code != OTHER and code not in {area.code for area in areas}:
        return None
    form = _form(context)
    form["selected"] = toggled(form.get("selected", []), code)
    if message is not None:
        await message.edit_reply_markup(reply_markup=await _keyboard(context, asked))
    return None


async def _button_verdict(
    context: BotContext, asked: Question, value: str
) -> Accepted | Problem | None:
    """What a pressed button means for the question; None for a button that cannot be."""
    if asked.kind is Kind.REGION:
        return Accepted(value) if value in regions.BY_CODE else None
    if asked.kind is Kind.AREAS:
        return check_areas(_form(context).get("selected", []))
    if asked.kind is Kind.FILE:
        return Accepted(None) if value == SKIP else None
    if asked.kind is Kind.AGREE:
        if value == "yes":
            return Accepted(True)
        return Problem(
            N_("Membership requires sharing the mission. Think it over and answer, or /cancel.")
        )
    if asked.kind is Kind.CONSENT:
        if value == "yes":
            return Accepted(membership.new_consent())
        return Problem(
            N_("Without your consent we cannot process your application. Give it, or /cancel.")
        )
    if asked.kind is Kind.CHOICE:
        if value not in {choice for choice, _label in asked.choices}:
            return None
        if value == "username" and not context.me.username:
            return Problem(
                N_(
                    "You have no Telegram username. Set one in Telegram's settings, or choose "
                    "another option."
                )
            )
        return Accepted(value)
    return None


# ----- summary and submit ----------------------------------------------------------------------


async def _show_summary(update: Update, context: BotContext) -> str:
    answers = relevant(_form(context)["answers"])
    lines = answers_text(answers, await area_names(context.services.db))
    rows = [
        [InlineKeyboardButton("✏️ " + _(asked.label), callback_data=EDIT + asked.key)]
        for key in answers
        if (asked := question(key)) is not None and asked.editable
    ]
    rows.append(
        [
            InlineKeyboardButton(_("Send the application"), callback_data=SUBMIT),
            InlineKeyboardButton(_("Cancel"), callback_data=DISCARD),
        ]
    )
    text = "\n\n".join(
        [
            _("Please check your answers:"),
            lines,
            _("Press a button to change an answer, or send the application."),
        ]
    )
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
    return SUMMARY


async def edit_answer(update: Update, context: BotContext) -> str | int | None:
    """✏️ under the summary: ask that question again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    asked = question(query.data.removeprefix(EDIT))
    form = _form(context)
    if asked is None or not asked.editable or asked.key not in form["answers"]:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return None
    await query.answer()
    _reopen(form, asked)
    return await _ask_next(update, context)


def _reopen(form: dict[str, Any], asked: Question) -> None:
    """Forget one answer so it is asked again (the areas start from the old choice)."""
    previous = form["answers"].pop(asked.key)
    if asked.kind is Kind.AREAS:
        form["selected"] = previous


async def submit(update: Update, context: BotContext) -> str | int:
    """Send the application: saved in the database, cards go to the reviewers."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    await query.answer()
    form = _form(context)
    if next_question(form["answers"]) is not None:  # a draft of an older questionnaire
        return await _ask_next(update, context)
    answers = relevant(form["answers"])
    try:
        application_id = await membership.submit(
            context.services.db, context.me.id, answers, referrer_id=form.get("referrer")
        )
    except membership.AlreadyApplied:
        await reply(update, _("Your application is being reviewed. We will write to you here."))
        return ConversationHandler.END
    context.user_data.pop(FORM, None)
    if context.me.language is None:  # the decision will come in the questionnaire's language
        await context.services.people.set_language(context.me.telegram_id, context.locale)
    await _drop_keyboard(query.message if isinstance(query.message, Message) else None)
    await reply(
        update,
        _(
            "Thank you! Your application has been sent to the organisers. We will tell you "
            "their decision here."
        ),
    )
    await review.send_cards(context, application_id)
    return ConversationHandler.END


async def summary_text(update: Update, context: BotContext) -> str:
    """Typing while the summary waits for a button."""
    await reply(update, _("Please answer with the buttons below."))
    return await _show_summary(update, context)


# ----- editing a profile with the same questions -------------------------------------------


async def begin_profile_edit(update: Update, context: BotContext) -> str | int | None:
    """✏️ under /profile: ask one question again and save the profile after."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    asked = question(query.data.removeprefix(profile.EDIT))
    answers = await membership.load_answers(context.services.db, context.me.id)
    if asked is None or not asked.editable or answers is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    form: dict[str, Any] = {"mode": "profile", "answers": answers}
    if asked.key in answers:
        _reopen(form, asked)
    context.user_data[FORM] = form
    return await _ask_next(update, context)


async def _save_profile(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    answers: Answers = relevant(context.user_data.pop(FORM)["answers"])
    await membership.save_answers(context.services.db, context.me.id, answers)
    await reply(update, _("Your profile is saved."))
    await profile.show_profile(update, context)
    return ConversationHandler.END


def conversation() -> ConversationHandler:  # type: ignore[type-arg]
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[
            CommandHandler("apply", begin, filters=filters.ChatType.PRIVATE),
            CallbackQueryHandler(begin, pattern=f"^{APPLY}$"),
            CommandHandler("start", begin_referred, filters=REFERRAL_LINK),
            CallbackQueryHandler(begin_profile_edit, pattern=f"^{profile.EDIT}"),
        ],
        states={
            ANSWERING: [
                MessageHandler(text, on_text),
                MessageHandler(filters.Document.ALL | filters.PHOTO, on_file),
                MessageHandler(filters.CONTACT, on_contact),
                CallbackQueryHandler(on_button, pattern=f"^{ANSWER}"),
            ],
            SUMMARY: [
                CallbackQueryHandler(edit_answer, pattern=f"^{EDIT}"),
                CallbackQueryHandler(submit, pattern=f"^{SUBMIT}$"),
                CallbackQueryHandler(cancel, pattern=f"^{DISCARD}$"),
                MessageHandler(text, summary_text),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler(["apply", "profile"], resume),
            CommandHandler("start", resume, filters=REFERRAL_LINK),
            CallbackQueryHandler(resume, pattern=f"^{APPLY}$"),
        ],
        name="membership_apply",
        persistent=True,
    )
