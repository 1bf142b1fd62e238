"""/newmeeting: a persistent dialogue that collects a meeting step by step. Bad input gets
the reason and the same question again; nothing is stored until the audience is chosen."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.errors import Refused
from bot.i18n import N_, _, ngettext
from bot.meetings.parsing import (
    is_none,
    parse_capacity,
    parse_deadline,
    parse_end,
    parse_online_link,
    parse_start_times,
    parse_text,
)
from bot.meetings.views import MeetingDraft
from handlers.kit.incoming import TEXT
from handlers.kit.replies import explain, pressed, reply
from handlers.kit.setup import Setup, guard
from handlers.meetings.buttons import AUDIENCE, GROUP_START
from handlers.meetings.notices import schedule
from models import Role, utcnow

TITLE, AGENDA, WHEN, LENGTH, PLACE, LINK, CAPACITY, DEADLINE, CHOOSE_AUDIENCE = range(9)
DRAFT = "meetings.draft"
Draft = dict[str, Any]


def _draft(context: BotContext) -> Draft:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


def _starts(draft: Draft) -> list[datetime]:
    zone = ZoneInfo(draft["timezone"])
    return [datetime.fromisoformat(text).astimezone(zone) for text in draft["starts"]]


def _questions(zone: str) -> dict[int, str]:
    return {
        TITLE: _("New meeting. What is its title? (/cancel stops)"),
        AGENDA: _("The agenda: what will be discussed?"),
        WHEN: _(
            "When does it start? Write the date and time like 15.12.2026 18:30 (time zone "
            "{zone}; another one may follow, e.g. 15.12.2026 18:30 Asia/Omsk).\n"
            "Not sure yet? Send several candidate times, one per line, and members will vote."
        ).format(zone=zone),
        LENGTH: _("How long will it last? The length in minutes (90) or the end time (20:00)."),
        PLACE: _("Where? Send the address, or - if the meeting is online only."),
        LINK: _("The link for joining online (https://…), or - if there is none."),
        CAPACITY: _("How many places? A number, or - for no limit."),
        DEADLINE: _(
            "Until when can people register? A date and time like 14.12.2026 12:00, "
            "or - to allow it until the start."
        ),
    }


async def _ask(update: Update, context: BotContext, step: int, problem: str | None = None) -> int:
    text = _questions(_draft(context).get("default_zone", ""))[step]
    await reply(update, f"{problem}\n\n{text}" if problem else text)
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


Step = Callable[[Draft, str], None]


def _step(
    current: int, following: int, store: Step
) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """A text step: store the answer or explain what is wrong and ask again."""

    async def handle(update: Update, context: BotContext) -> int:
        assert update.message is not None
        try:
            store(_draft(context), update.message.text or "")
        except Refused as error:
            return await _ask(update, context, current, explain(error))
        if following == CHOOSE_AUDIENCE:
            return await _ask_audience(update, context)
        return await _ask(update, context, following)

    handle.__doc__ = f"Step {current} of /newmeeting."
    return handle


def _store_title(draft: Draft, text: str) -> None:
    draft["title"] = parse_text(text, 200)


def _store_agenda(draft: Draft, text: str) -> None:
    draft["agenda"] = parse_text(text, 3000)


def _store_when(draft: Draft, text: str) -> None:
    starts, zone = parse_start_times(text, draft.get("default_zone", "Europe/Moscow"), utcnow())
    draft["starts"] = [start.isoformat() for start in starts]
    draft["timezone"] = zone


def _store_length(draft: Draft, text: str) -> None:
    draft["minutes"] = parse_end(text, _starts(draft)[0])


def _store_place(draft: Draft, text: str) -> None:
    draft["place"] = None if is_none(text) else parse_text(text, 500)


def _store_link(draft: Draft, text: str) -> None:
    draft["link"] = parse_online_link(text, has_place=draft.get("place") is not None)


def _store_capacity(draft: Draft, text: str) -> None:
    draft["capacity"] = None if is_none(text) else parse_capacity(text)


def _store_deadline(draft: Draft, text: str) -> None:
    if is_none(text):
        draft["deadline"] = None
    else:
        draft["deadline"] = parse_deadline(text, _starts(draft)[0], utcnow()).isoformat()


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
    await reply(update, _("Who is invited?"), reply_markup=InlineKeyboardMarkup(rows))
    return CHOOSE_AUDIENCE


def _meeting_draft(draft: Draft, group_id: int | None) -> MeetingDraft:
    zone = ZoneInfo(draft["timezone"])
    deadline = draft.get("deadline")
    return MeetingDraft(
        title=draft["title"],
        agenda=draft["agenda"],
        starts=_starts(draft),
        timezone=draft["timezone"],
        duration_minutes=draft["minutes"],
        place=draft.get("place"),
        online_link=draft.get("link"),
        capacity=draft.get("capacity"),
        registration_deadline=datetime.fromisoformat(deadline).astimezone(zone)
        if deadline
        else None,
        working_group_id=group_id,
    )


async def choose_audience(update: Update, context: BotContext) -> int:
    """The last step: the meeting is created and the invitations (or the poll) go out."""
    query = pressed(update)
    (group_id,) = AUDIENCE.decode(query.data)
    draft = _draft(context)
    created = await context.services.meetings.create(context.me, _meeting_draft(draft, group_id))
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
    steps: list[tuple[int, int, Step]] = [
        (TITLE, AGENDA, _store_title),
        (AGENDA, WHEN, _store_agenda),
        (WHEN, LENGTH, _store_when),
        (LENGTH, PLACE, _store_length),
        (PLACE, LINK, _store_place),
        (LINK, CAPACITY, _store_link),
        (CAPACITY, DEADLINE, _store_capacity),
        (DEADLINE, CHOOSE_AUDIENCE, _store_deadline),
    ]
    states: dict[object, list[Any]] = {
        current: [MessageHandler(text, guard(_step(current, following, store)))]
        for current, following, store in steps
    }
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
