"""/newmeeting: a persistent dialogue that collects a meeting step by step. Bad input gets
the reason and the same question again; nothing is stored until the audience is chosen."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.errors import Refused
from bot.i18n import N_, _, ngettext
from handlers.kit.incoming import TEXT
from handlers.kit.replies import explain, pressed, reply
from handlers.kit.setup import Setup, guard
from handlers.meetings.buttons import AUDIENCE, GROUP_START, RESTART_WHEN
from handlers.meetings.draft import (
    Draft,
    Store,
    deadline,
    is_poll,
    meeting_draft,
    starts,
    store_agenda,
    store_capacity,
    store_deadline,
    store_length,
    store_link,
    store_place,
    store_title,
    store_when,
)
from handlers.meetings.moments import in_words
from handlers.meetings.notices import schedule
from models import Role

TITLE, AGENDA, WHEN, LENGTH, PLACE, LINK, CAPACITY, DEADLINE, CHOOSE_AUDIENCE = range(9)
DRAFT = "meetings.draft"


def _draft(context: BotContext) -> Draft:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


def _questions(draft: Draft) -> dict[int, str]:
    zone = draft.get("default_zone", "")
    deadline = (
        _(
            "Until when do members vote? A date and time before the first candidate time, "
            "or - for a day before it."
        )
        if is_poll(draft)
        else _(
            "Until when can people register? A date and time like 14.12.2026 12:00, "
            "or - to allow it until the start."
        )
    )
    return {
        TITLE: _("New meeting. What is its title? (/cancel stops)"),
        AGENDA: _("The agenda: what will be discussed?"),
        WHEN: _(
            "When does it start? Write the date and time as you would say them: 15.12.2026 "
            "18:30, 15 December 18:30, tomorrow at 18:00, Friday at 10:00 (time zone {zone}; "
            "another one may follow, e.g. 15.12.2026 18:30 Asia/Omsk).\n"
            "Not sure yet? Send several candidate times, one per line, and members will vote."
        ).format(zone=zone),
        LENGTH: _("How long will it last? The length in minutes (90) or the end time (20:00)."),
        PLACE: _("Where? Send the address, or - if the meeting is online only."),
        LINK: _("The link for joining online (https://…), or - if there is none."),
        CAPACITY: _("How many places? A number, or - for no limit."),
        DEADLINE: deadline,
    }


def _understood(draft: Draft) -> str:
    """The start (or the candidate times) in words, as the bot understood them."""
    zone = draft["timezone"]
    moments = [in_words(moment, zone) for moment in starts(draft)]
    if len(moments) == 1:
        return _("Start: {when}.").format(when=moments[0])
    return "\n".join([_("Candidate times:"), *(f"• {moment}" for moment in moments)])


async def _ask(
    update: Update,
    context: BotContext,
    step: int,
    problem: str | None = None,
    *,
    echo: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> int:
    """A step's question, after what was wrong with the last answer or what was understood."""
    text = _questions(_draft(context))[step]
    before = problem or echo
    await reply(update, f"{before}\n\n{text}" if before else text, reply_markup=reply_markup)
    return step


def _new_draft(context: BotContext, group_id: int | None = None) -> None:
    assert context.user_data is not None
    draft: Draft = {"default_zone": context.services.settings.timezone}
    if group_id is not None:
        draft["group_id"] = group_id  # started from the group's chat: the audience is chosen
    context.user_data[DRAFT] = draft


async def begin(update: Update, context: BotContext) -> int:
    """Organisers, and coordinators of a working group (a role per group, held by members),
    create meetings."""
    await context.services.meetings.audiences(context.me)
    _new_draft(context)
    return await _ask(update, context, TITLE)


async def begin_for_group(update: Update, context: BotContext) -> int:
    """The private button sent after /newmeeting in a group's chat; re-checked here."""
    query = pressed(update)
    (group_id,) = GROUP_START.decode(query.data)
    await context.services.meetings.check_group(context.me, group_id)
    await query.answer()
    _new_draft(context, group_id)
    return await _ask(update, context, TITLE)


def _step(
    current: int, following: int, store: Store
) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """A text step: store the answer or explain what is wrong and ask again. The start is
    echoed in words, with a button to correct it."""

    async def handle(update: Update, context: BotContext) -> int:
        assert update.message is not None
        draft = _draft(context)
        try:
            store(draft, update.message.text or "")
        except Refused as error:
            return await _ask(update, context, current, explain(error))
        if following == CHOOSE_AUDIENCE:
            return await _ask_audience(update, context)
        if current == WHEN:
            again = InlineKeyboardButton(_("Correct the time"), callback_data=RESTART_WHEN())
            keyboard = InlineKeyboardMarkup([[again]])
            return await _ask(
                update, context, following, echo=_understood(draft), reply_markup=keyboard
            )
        return await _ask(update, context, following)

    handle.__doc__ = f"Step {current} of /newmeeting."
    return handle


async def restart_when(update: Update, context: BotContext) -> int:
    """The start was misread: the question again."""
    await pressed(update).answer()
    return await _ask(update, context, WHEN)


def _summary(draft: Draft) -> str:
    """What the meeting will be, in words, to check before choosing the audience."""
    lines = [_("Please check: «{title}».").format(title=draft["title"]), _understood(draft)]
    closes = deadline(draft)
    if closes is not None:
        when = in_words(closes, draft["timezone"])
        text = _("Voting closes: {when}.") if is_poll(draft) else _("Registration closes: {when}.")
        lines.append(text.format(when=when))
    return "\n".join(lines)


async def _ask_audience(update: Update, context: BotContext) -> int:
    choices = await context.services.meetings.audiences(context.me)
    rows = []
    if choices.all_members:
        rows.append([InlineKeyboardButton(_("All members"), callback_data=AUDIENCE(None))])
    coordinated = dict(choices.groups)
    chosen = _draft(context).get("group_id")
    if chosen in coordinated:  # started from the group's chat
        rows, coordinated = [], {chosen: coordinated[chosen]}
    for group_id, name in coordinated.items():
        label = _("Working group: {name}").format(name=name)
        rows.append([InlineKeyboardButton(label, callback_data=AUDIENCE(group_id))])
    question = _("Who is invited?")
    text = f"{_summary(_draft(context))}\n\n{question}"
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
    return CHOOSE_AUDIENCE


async def choose_audience(update: Update, context: BotContext) -> int:
    """The last step: the meeting is created and the invitations (or the poll) go out."""
    query = pressed(update)
    (group_id,) = AUDIENCE.decode(query.data)
    draft = _draft(context)
    created = await context.services.meetings.create(context.me, meeting_draft(draft, group_id))
    await query.answer()
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    schedule(context.community, created.jobs)
    values = {"title": created.meeting.title, "id": created.meeting.id}
    if len(draft["starts"]) > 1:
        text = ngettext(
            "The time poll for «{title}» (#{id}) goes out to {n} person. "
            "Follow the votes with /meeting {id} and fix the best time there.",
            "The time poll for «{title}» (#{id}) goes out to {n} people. "
            "Follow the votes with /meeting {id} and fix the best time there.",
            created.audience,
            **values,
        )
    else:
        text = ngettext(
            "Meeting «{title}» (#{id}) is created; the invitation goes out to {n} person. "
            "Manage it with /meeting {id}.",
            "Meeting «{title}» (#{id}) is created; the invitation goes out to {n} people. "
            "Manage it with /meeting {id}.",
            created.audience,
            **values,
        )
    await query.edit_message_text(text)
    return ConversationHandler.END


async def stop(update: Update, context: BotContext) -> int:
    """/cancel inside the dialogue: nothing is stored."""
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await reply(update, _("Stopped; the meeting was not created."))
    return ConversationHandler.END


def conversation(setup: Setup) -> ConversationHandler[BotContext]:
    text = TEXT & filters.ChatType.PRIVATE
    steps: list[tuple[int, int, Store]] = [
        (TITLE, AGENDA, store_title),
        (AGENDA, WHEN, store_agenda),
        (WHEN, LENGTH, store_when),
        (LENGTH, PLACE, store_length),
        (PLACE, LINK, store_place),
        (LINK, CAPACITY, store_link),
        (CAPACITY, DEADLINE, store_capacity),
        (DEADLINE, CHOOSE_AUDIENCE, store_deadline),
    ]
    states: dict[object, list[Any]] = {
        current: [MessageHandler(text, guard(_step(current, following, store)))]
        for current, following, store in steps
    }
    states[LENGTH].append(setup.button_handler(RESTART_WHEN, restart_when))
    states[CHOOSE_AUDIENCE] = [
        setup.button_handler(AUDIENCE, choose_audience),
        MessageHandler(text, guard(_ask_audience)),
    ]
    return ConversationHandler[BotContext](
        entry_points=[
            setup.command_handler(
                "newmeeting",
                begin,
                N_("create a meeting or a time poll"),
                role=Role.MEMBER,
                filters=filters.ChatType.PRIVATE,
            ),
            setup.button_handler(GROUP_START, begin_for_group, role=Role.MEMBER),
        ],
        states=states,
        fallbacks=[setup.command_handler("cancel", stop, None)],
        name="meetings_new",
        persistent=True,
        allow_reentry=True,  # /newmeeting again starts afresh
    )
