"""/newmeeting: a persistent dialogue that collects a meeting step by step. Bad input gets
the reason and the same question again; nothing is stored until the audience is chosen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import N_, _, ngettext
from bot.meetings import service as meetings
from bot.meetings.parsing import (
    InvalidInput,
    is_none,
    parse_capacity,
    parse_deadline,
    parse_end,
    parse_link,
    parse_start_times,
    parse_text,
)
from handlers.kit.replies import reply, require_role
from handlers.meetings.buttons import explain
from handlers.meetings.notices import plan, schedule_invitations, working_groups
from handlers.meetings.render import GROUP_START, PREFIX
from models import Role, utcnow

TITLE, AGENDA, WHEN, LENGTH, PLACE, LINK, CAPACITY, DEADLINE, AUDIENCE = range(9)
DRAFT = "meetings.draft"
ALL_MEMBERS = "all"


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


def _starts(draft: dict[str, Any]) -> list[datetime]:
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
    draft: dict[str, Any] = {"default_zone": context.services.settings.timezone}
    if group_id is not None:
        draft["group_id"] = group_id  # started from the group's chat: the audience is chosen
    context.user_data[DRAFT] = draft


@require_role(Role.MEMBER)
async def begin(update: Update, context: BotContext) -> int:
    """Organisers, and coordinators of a working group (a role per group, held by members),
    create meetings."""
    if context.me.role is not Role.ORGANISER:
        groups = await working_groups(context.application).coordinated_by(context.me.id)
        if not groups:
            await reply(
                update,
                _(
                    "Coordinators create meetings for their working groups; "
                    "you coordinate none yet."
                ),
            )
            return ConversationHandler.END
    _new_draft(context)
    return await _ask(update, context, TITLE)


@require_role(Role.MEMBER)
async def begin_for_group(update: Update, context: BotContext) -> int:
    """The private button sent after /newmeeting in a group's chat; re-checked here."""
    query = update.callback_query
    assert query is not None and query.data is not None
    choice = query.data.removeprefix(GROUP_START)
    group_id = int(choice) if choice.isdigit() else -1
    groups = await working_groups(context.application).coordinated_by(context.me.id)
    if group_id not in dict(groups):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    _new_draft(context, group_id)
    return await _ask(update, context, TITLE)


Step = Callable[[dict[str, Any], str], None]


def _step(
    current: int, following: int, store: Step
) -> Callable[[Update, BotContext], Awaitable[int]]:
    """A text step: store the answer or explain what is wrong and ask again."""

    async def handle(update: Update, context: BotContext) -> int:
        assert update.message is not None
        try:
            store(_draft(context), update.message.text or "")
        except InvalidInput as error:
            return await _ask(update, context, current, explain(error))
        if following == AUDIENCE:
            return await _ask_audience(update, context)
        return await _ask(update, context, following)

    handle.__doc__ = f"Step {current} of /newmeeting."
    return handle


def _store_title(draft: dict[str, Any], text: str) -> None:
    draft["title"] = parse_text(text, 200)


def _store_agenda(draft: dict[str, Any], text: str) -> None:
    draft["agenda"] = parse_text(text, 3000)


def _store_when(draft: dict[str, Any], text: str) -> None:
    starts, zone = parse_start_times(text, draft.get("default_zone", "Europe/Moscow"), utcnow())
    draft["starts"] = [start.isoformat() for start in starts]
    draft["timezone"] = zone


def _store_length(draft: dict[str, Any], text: str) -> None:
    draft["minutes"] = parse_end(text, _starts(draft)[0])


def _store_place(draft: dict[str, Any], text: str) -> None:
    draft["place"] = None if is_none(text) else parse_text(text, 500)


def _store_link(draft: dict[str, Any], text: str) -> None:
    if is_none(text):
        if draft.get("place") is None:
            raise InvalidInput(N_("A meeting needs a place or an online link. Send the link."))
        draft["link"] = None
    else:
        draft["link"] = parse_link(text)


def _store_capacity(draft: dict[str, Any], text: str) -> None:
    draft["capacity"] = None if is_none(text) else parse_capacity(text)


def _store_deadline(draft: dict[str, Any], text: str) -> None:
    if is_none(text):
        draft["deadline"] = None
    else:
        draft["deadline"] = parse_deadline(text, _starts(draft)[0], utcnow()).isoformat()


async def _ask_audience(update: Update, context: BotContext) -> int:
    rows = []
    if context.me.role is Role.ORGANISER:
        rows.append(
            [InlineKeyboardButton(_("All members"), callback_data=f"{PREFIX}to:{ALL_MEMBERS}")]
        )
    coordinated = await working_groups(context.application).coordinated_by(context.me.id)
    chosen = _draft(context).get("group_id")
    if chosen in dict(coordinated):  # started from the group's chat
        rows, coordinated = [], [(chosen, dict(coordinated)[chosen])]
    for group_id, name in coordinated:
        label = _("Working group: {name}").format(name=name)
        rows.append([InlineKeyboardButton(label, callback_data=f"{PREFIX}to:{group_id}")])
    await reply(update, _("Who is invited?"), reply_markup=InlineKeyboardMarkup(rows))
    return AUDIENCE


async def choose_audience(update: Update, context: BotContext) -> int:
    """The last step: the meeting is created and the invitations (or the poll) go out."""
    query = update.callback_query
    assert query is not None and query.data is not None
    choice = query.data.removeprefix(f"{PREFIX}to:")
    group_id = None if choice == ALL_MEMBERS else int(choice) if choice.isdigit() else -1
    groups = await working_groups(context.application).coordinated_by(context.me.id)
    allowed = (context.me.role is Role.ORGANISER and group_id is None) or group_id in dict(groups)
    if not allowed:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return AUDIENCE
    await query.answer()
    draft = _draft(context)
    zone = ZoneInfo(draft["timezone"])
    deadline = draft.get("deadline")
    meeting = await meetings.create(
        context.services.db,
        meetings.MeetingDraft(
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
        ),
        context.me.id,
    )
    assert meeting.id is not None and context.user_data is not None
    context.user_data.pop(DRAFT, None)
    people = await meetings.audience(
        context.services.db, meeting, working_groups(context.application)
    )
    schedule_invitations(context.application, meeting.id)
    await plan(context.application, meeting)
    if len(draft["starts"]) > 1:
        text = ngettext(
            "The time poll for «{title}» (#{id}) goes out to {n} person. "
            "Follow the votes with /meeting {id} and fix the best time there.",
            "The time poll for «{title}» (#{id}) goes out to {n} people. "
            "Follow the votes with /meeting {id} and fix the best time there.",
            len(people),
            title=meeting.title,
            id=meeting.id,
        )
    else:
        text = ngettext(
            "Meeting «{title}» (#{id}) is created; the invitation goes out to {n} person. "
            "Manage it with /meeting {id}.",
            "Meeting «{title}» (#{id}) is created; the invitation goes out to {n} people. "
            "Manage it with /meeting {id}.",
            len(people),
            title=meeting.title,
            id=meeting.id,
        )
    await query.edit_message_text(text)
    return ConversationHandler.END


async def stop(update: Update, context: BotContext) -> int:
    """/cancel inside the dialogue: nothing is stored."""
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await reply(update, _("Stopped; the meeting was not created."))
    return ConversationHandler.END


def conversation() -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    steps: list[tuple[int, int, Step]] = [
        (TITLE, AGENDA, _store_title),
        (AGENDA, WHEN, _store_agenda),
        (WHEN, LENGTH, _store_when),
        (LENGTH, PLACE, _store_length),
        (PLACE, LINK, _store_place),
        (LINK, CAPACITY, _store_link),
        (CAPACITY, DEADLINE, _store_capacity),
        (DEADLINE, AUDIENCE, _store_deadline),
    ]
    states: dict[object, list[Any]] = {
        current: [MessageHandler(text, _step(current, following, store))]
        for current, following, store in steps
    }
    states[AUDIENCE] = [
        CallbackQueryHandler(choose_audience, pattern=f"^{PREFIX}to:"),
        MessageHandler(text, _ask_audience),
    ]
    return ConversationHandler(
        entry_points=[
            CommandHandler("newmeeting", begin, filters=filters.ChatType.PRIVATE),
            CallbackQueryHandler(begin_for_group, pattern=f"^{GROUP_START}"),
        ],
        states=states,
        fallbacks=[CommandHandler("cancel", stop)],
        name="meetings_new",
        persistent=True,
        allow_reentry=True,  # /newmeeting again starts afresh
    )
