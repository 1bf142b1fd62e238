"""The membership questionnaire as a persistent dialogue: started by /apply, the Apply button
or an invitation link, and by ✏️ under /profile (the same questions edit a profile); the
summary, sending and /cancel. The steps are in `questionnaire`."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.errors import STALE, Refused
from bot.i18n import N_, _
from bot.membership.questionnaire import (
    editable,
    filled_in,
    next_question,
    question,
    relevant,
)
from handlers.kit.incoming import NEW, TEXT
from handlers.kit.replies import explain, reply
from handlers.kit.setup import Setup, guard
from handlers.membership.buttons import ANSWER, APPLY, DISCARD, EDIT, EDIT_PROFILE, SUBMIT
from handlers.membership.cards import send_cards
from handlers.membership.draft import (
    ANSWERING,
    CONVERSATION,
    SUMMARY,
    Form,
    current,
    draft,
    drop,
    reopen,
    start,
    step,
)
from handlers.membership.invite import REFERRAL, tell_inviter
from handlers.membership.questionnaire import (
    ask,
    ask_next,
    drop_keyboard,
    on_button,
    on_contact,
    on_file,
    on_text,
)
from handlers.membership.summary import show_summary

REFERRAL_LINK = filters.Regex(r"^/start ref_[A-Za-z0-9_-]{1,40}$") & filters.ChatType.PRIVATE


def apply_keyboard() -> InlineKeyboardMarkup:
    """The "Apply" button a newcomer sees under the welcome."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Apply for membership"), callback_data=APPLY())]]
    )


# ----- entry, resume, cancel ---------------------------------------------------------------


async def begin(update: Update, context: BotContext) -> str | int:
    """/apply or the Apply button: start the questionnaire, unless already a member or
    under review."""
    await context.services.membership.applications.check_can_apply(context.me.id)
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await _begin(update, context, referrer_id=None)


async def begin_referred(update: Update, context: BotContext) -> str | int:
    """A member's invitation link (/start ref_<code>): a greeting that names who invited
    the newcomer, then the questionnaire, recording them as the recommender."""
    membership = context.services.membership
    code = (context.args or [""])[0].removeprefix(REFERRAL)
    inviter = await membership.invites.inviter(code)
    if inviter is None:
        await reply(update, _("This invitation link is not valid, but you can still apply."))
    else:
        await reply(
            update,
            _("You have been invited to the community. Invited by: {name}.").format(
                name=inviter.name
            ),
        )
    await membership.applications.check_can_apply(context.me.id)
    return await _begin(update, context, referrer_id=inviter.person_id if inviter else None)


async def _begin(update: Update, context: BotContext, *, referrer_id: int | None) -> str | int:
    previous = await context.services.membership.profiles.answers(context.me.id)
    start(
        context,
        {"mode": "apply", "answers": filled_in(previous or {}), "referrer": referrer_id},
    )
    if previous:
        # Applying again (rejected, or a membership that ended): the former answers are
        # kept, so the summary comes first and only what changes needs a ✏️.
        text = _(
            "Your previous answers are filled in. Change what you want with ✏️ and send the "
            "application again, or /cancel."
        )
    else:
        text = _(
            "Welcome! A few questions about you and your work follow. You can stop at any "
            "time with /cancel; before sending you will see all your answers and can change "
            "any of them."
        )
    await reply(update, text)
    return await ask_next(update, context)


async def resume(update: Update, context: BotContext) -> str | int:
    """/apply, /profile or Apply in the middle of the questionnaire: the current question
    again."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if "current" in draft(context):
        return await ask(update, context, current(context))
    return await show_summary(update, context)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel at any step: the draft is dropped, nothing is saved."""
    form = drop(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if form.get("mode") == "profile":
        await reply(update, _("Editing cancelled; your profile is unchanged."))
    else:
        await reply(
            update, _("Cancelled; your answers were not saved. Send /apply to start again.")
        )
    return ConversationHandler.END


# ----- summary and submit ----------------------------------------------------------------------


async def edit_answer(update: Update, context: BotContext) -> str | int:
    """✏️ under the summary: ask that question again."""
    query = update.callback_query
    assert query is not None
    (key,) = EDIT.decode(query.data)
    form = draft(context)
    asked = editable(key, form["answers"])
    await query.answer()
    reopen(form, asked)
    return await ask_next(update, context)


async def submit(update: Update, context: BotContext) -> str | int:
    """Send the application: saved in the database, cards go to the reviewers."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    form = draft(context)
    if next_question(form["answers"]) is not None:  # a draft of an older questionnaire
        return await ask_next(update, context)
    answers = relevant(form["answers"])
    try:
        view = await context.services.membership.applications.submit(
            context.me.id, answers, referrer_id=form.get("referrer")
        )
    except Refused as error:  # sent already, or a member meanwhile: nothing left to send
        drop(context)
        await reply(update, explain(error))
        return ConversationHandler.END
    drop(context)
    if context.me.language is None:  # the decision will come in the questionnaire's language
        await context.services.people.set_language(context.me.telegram_id, context.locale)
    await drop_keyboard(query.message if isinstance(query.message, Message) else None)
    await reply(
        update,
        _(
            "Thank you! Your application has been sent to the organisers. We will tell you "
            "their decision here."
        ),
    )
    await send_cards(context, view)
    await tell_inviter(context, view)
    return ConversationHandler.END


async def summary_text(update: Update, context: BotContext) -> str:
    """Typing while the summary waits for a button."""
    await reply(update, _("Please answer with the buttons below."))
    return await show_summary(update, context)


# ----- editing a profile with the same questions -------------------------------------------


async def begin_profile_edit(update: Update, context: BotContext) -> str | int:
    """✏️ under /profile: ask one question again and save the profile after."""
    query = update.callback_query
    assert query is not None
    (key,) = EDIT_PROFILE.decode(query.data)
    asked = question(key)
    answers = await context.services.membership.profiles.answers(context.me.id)
    if asked is None or not asked.editable or answers is None:
        raise Refused(STALE)
    await query.answer()
    form: Form = {"mode": "profile", "answers": answers}
    if asked.key in answers:
        reopen(form, asked)
    start(context, form)
    return await ask_next(update, context)


def conversation(setup: Setup) -> ConversationHandler[BotContext]:
    private = filters.ChatType.PRIVATE
    return ConversationHandler(
        entry_points=[
            setup.command_handler("apply", begin, N_("apply for membership"), filters=private),
            setup.button_handler(APPLY, begin),
            setup.command_handler("start", begin_referred, None, filters=REFERRAL_LINK),
            setup.button_handler(EDIT_PROFILE, begin_profile_edit),
        ],
        states={
            ANSWERING: [
                MessageHandler(TEXT, guard(step(on_text))),
                MessageHandler(NEW & (filters.Document.ALL | filters.PHOTO), guard(step(on_file))),
                MessageHandler(NEW & filters.CONTACT, guard(step(on_contact))),
                setup.button_handler(ANSWER, step(on_button)),
            ],
            SUMMARY: [
                setup.button_handler(EDIT, step(edit_answer)),
                setup.button_handler(SUBMIT, step(submit)),
                setup.button_handler(DISCARD, cancel),
                MessageHandler(TEXT, guard(step(summary_text))),
            ],
        },
        fallbacks=[
            setup.command_handler("cancel", cancel, None),
            setup.command_handler("apply", step(resume), None),
            setup.command_handler("profile", step(resume), None),
            setup.command_handler("start", step(resume), None, filters=REFERRAL_LINK),
            setup.button_handler(APPLY, step(resume)),
        ],
        name=CONVERSATION,
        persistent=True,
    )
