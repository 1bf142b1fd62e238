"""/propose steps for the plan: the members responsible for an item (chosen from the body
that decides, with buttons or their numbers) and, for a change of a plan item, what it
changes, field by field (only those fields are applied once it is accepted)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.decisions.refusals import NO_CHANGES
from bot.decisions.rules import DESCRIPTION_MAX, TITLE_MAX
from bot.i18n import _
from handlers.decisions import states as state
from handlers.decisions import texts
from handlers.decisions.buttons import CHANGE_FIELD, PERSON, SET_STATUS, SKIP
from handlers.decisions.steps import PRIVATE_TEXT, future_day, text_step, written
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Setup
from models import PlanStatus

DRAFT = "dc_draft"
MEMBER_BUTTONS = 90  # a keyboard holds 100 buttons; more members are chosen by number
Step = Callable[[Update, BotContext], Awaitable[int]]


def draft(context: BotContext) -> dict[str, str]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


def chosen_ids(values: dict[str, str]) -> list[int]:
    return [int(part) for part in values.get("responsible_ids", "").split(",") if part]


def changes_of(values: dict[str, str]) -> dict[str, Any]:
    changes: dict[str, Any] = json.loads(values.get("changes", "{}"))
    return changes


def _group(values: dict[str, str]) -> int | None:
    return int(values["group"]) if values.get("group") else None


async def _members(context: BotContext) -> list[PersonView]:
    return await context.services.decisions.bodies.members(_group(draft(context)))


def _markup(members: list[PersonView], chosen: list[int]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if person.id in chosen else "") + f"{number}. {person.display_name}"[:50],
                callback_data=PERSON(person.id),
            )
        ]
        for number, person in enumerate(members[:MEMBER_BUTTONS], start=1)
    ]
    done = _("Done") if chosen else _("Skip")
    return InlineKeyboardMarkup([*rows, [InlineKeyboardButton(done, callback_data=SKIP())]])


async def ask_responsible(update: Update, context: BotContext) -> int:
    members = await _members(context)
    await reply(
        update,
        _(
            "Who would be responsible? Press members of the list (again to remove them) or "
            "write their numbers, e.g. 1 3; then press Done, or Skip."
        ),
        reply_markup=_markup(members, chosen_ids(draft(context))),
    )
    return state.RESPONSIBLE


def _keep_chosen(context: BotContext, members: list[PersonView], chosen: list[int]) -> None:
    """The chosen, in the order of the list, with their names for the proposal's text."""
    values = draft(context)
    ordered = [person for person in members if person.id in chosen]
    values["responsible_ids"] = ",".join(str(person.id) for person in ordered)
    values["responsible"] = ", ".join(person.display_name for person in ordered)[:200]
    if not ordered:
        values.pop("responsible", None)


async def toggle_person(update: Update, context: BotContext) -> int:
    """A member pressed: chosen, or no longer (checked: a member of the body)."""
    query = pressed(update)
    (person_id,) = PERSON.decode(query.data)
    await context.services.decisions.bodies.check_members(_group(draft(context)), [person_id])
    chosen = chosen_ids(draft(context))
    chosen = [other for other in chosen if other != person_id] + (
        [] if person_id in chosen else [person_id]
    )
    members = await _members(context)
    _keep_chosen(context, members, chosen)
    await query.answer()
    await query.edit_message_reply_markup(_markup(members, chosen_ids(draft(context))))
    return state.RESPONSIBLE


async def typed_numbers(update: Update, context: BotContext) -> int:
    """Numbers of the list written: those members chosen (anything else: asked again)."""
    assert update.message is not None and update.message.text is not None
    members = await _members(context)
    parts = [part for part in re.split(r"[\s,;]+", update.message.text.strip()) if part]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= len(members) for part in parts):
        await reply(
            update,
            _("Please write numbers from the list, from 1 to {n}, or press a member.").format(
                n=len(members)
            ),
        )
        return state.RESPONSIBLE
    chosen = chosen_ids(draft(context)) + [members[int(part) - 1].id for part in parts]
    _keep_chosen(context, members, chosen)
    return await ask_responsible(update, context)


def field_name(name: str) -> str:
    return {
        "title": _("title"),
        "description": _("description"),
        "responsible_ids": _("responsible people"),
        "due_date": _("due date"),
        "status": _("status"),
    }[name]


async def ask_change(update: Update, context: BotContext) -> int:
    """What changes in the item: a button per field (✓ when set) and *That is all*."""
    values = draft(context)
    changes = changes_of(values)
    names = ("title", "description", "responsible_ids", "due_date", "status")
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if name in changes else "") + field_name(name).capitalize(),
                callback_data=CHANGE_FIELD(name),
            )
        ]
        for name in names
    ]
    rows.append([InlineKeyboardButton(_("That is all"), callback_data=CHANGE_FIELD("end"))])
    lines = [
        _("What does the proposal change in {item}? Only what you choose changes.").format(
            item=values.get("item", "")
        )
    ]
    lines += texts.change_lines(changes, values.get("changed_responsible"))
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
    return state.CHANGE


async def choose_field(update: Update, context: BotContext, confirm: Step) -> int:
    query = pressed(update)
    (name,) = CHANGE_FIELD.decode(query.data)
    values = draft(context)
    if name == "end":
        if not changes_of(values):
            raise Refused(NO_CHANGES)
        await query.answer()
        return await confirm(update, context)
    await query.answer()
    values["editing"] = name
    if name == "responsible_ids":
        values["picking"] = "change"
        values.pop("responsible_ids", None)
        values.pop("responsible", None)
        return await ask_responsible(update, context)
    if name == "status":
        buttons = [
            [InlineKeyboardButton(texts.status_name(status), callback_data=SET_STATUS(status))]
            for status in PlanStatus
        ]
        await reply(update, _("The new status:"), reply_markup=InlineKeyboardMarkup(buttons))
        return state.CHANGE_STATUS
    if name == "due_date":
        await reply(update, _("The new due date as DD.MM.YYYY:"))
        return state.CHANGE_DUE
    limit = TITLE_MAX if name == "title" else DESCRIPTION_MAX
    await reply(
        update, _("The new {field} (up to {n} characters):").format(field=field_name(name), n=limit)
    )
    return state.CHANGE_TEXT


def _set(context: BotContext, value: Any) -> None:
    values = draft(context)
    changes = changes_of(values)
    changes[values.pop("editing", "description")] = value
    values["changes"] = json.dumps(changes)


async def changed_text(update: Update, context: BotContext) -> int:
    limit = TITLE_MAX if draft(context).get("editing") == "title" else DESCRIPTION_MAX
    text = await written(update, limit)
    if text is None:
        return state.CHANGE_TEXT
    _set(context, text)
    return await ask_change(update, context)


async def changed_due(update: Update, context: BotContext) -> int:
    value = await future_day(update, context.services.decisions.clock().date())
    if value is None:
        return state.CHANGE_DUE
    _set(context, value.isoformat())
    return await ask_change(update, context)


async def changed_status(update: Update, context: BotContext) -> int:
    query = pressed(update)
    (status,) = SET_STATUS.decode(query.data)
    await query.answer()
    await query.edit_message_text(
        _("The new status: {status}").format(status=texts.status_name(status))
    )
    _set(context, status.value)
    return await ask_change(update, context)


async def responsible_done(update: Update, context: BotContext, ask_due: Step) -> int:
    """Done (or Skip) under the members: back to what the change changes, or on to the due
    date of a new item."""
    await pressed(update).answer()
    values = draft(context)
    if values.pop("picking", None) != "change":
        return await ask_due(update, context)
    _set(context, chosen_ids(values))
    values["changed_responsible"] = values.pop("responsible", "")
    values.pop("responsible_ids", None)
    return await ask_change(update, context)


def states(setup: Setup, confirm: Step, ask_due: Step) -> dict[object, list[Any]]:
    button = setup.button_handler
    return {
        state.RESPONSIBLE: text_step(
            MessageHandler(PRIVATE_TEXT, typed_numbers),
            button(PERSON, toggle_person),
            button(SKIP, partial(responsible_done, ask_due=ask_due)),
        ),
        state.CHANGE: [button(CHANGE_FIELD, partial(choose_field, confirm=confirm))],
        state.CHANGE_TEXT: text_step(MessageHandler(PRIVATE_TEXT, changed_text)),
        state.CHANGE_DUE: text_step(MessageHandler(PRIVATE_TEXT, changed_due)),
        state.CHANGE_STATUS: [button(SET_STATUS, changed_status)],
    }
