"""/propose: a member writes a proposal step by step in private chat — for which body, the
kind, title and text, the item it changes, who is responsible and by when — and submits it
for review (`review`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.decisions.refusals import STALE
from bot.decisions.rules import DESCRIPTION_MAX, ITEM_MAX, TITLE_MAX
from bot.decisions.views import Draft
from bot.i18n import _
from handlers.decisions import changes, order, texts
from handlers.decisions import states as state
from handlers.decisions.buttons import BODY, CANCEL, COMMUNITY, ITEM, KIND, SKIP, SUBMIT
from handlers.decisions.review import send_for_review
from handlers.decisions.steps import (
    PRIVATE_TEXT,
    as_number,
    future_day,
    skip_markup,
    text_step,
    written,
)
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import PlanItem, ProposalKind

DRAFT = changes.DRAFT
_draft = changes.draft


async def start(update: Update, context: BotContext) -> int:
    """Entry: for which body (when the proposer is in a working group), then the kind."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await reply(update, _("Please send /propose to me in a private chat."))
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    groups = await context.services.decisions.bodies.groups_of(context.me)
    if not groups:
        return await _ask_kind(update)
    rows = [[InlineKeyboardButton(_("The whole community"), callback_data=BODY(COMMUNITY))]]
    rows += [
        [
            InlineKeyboardButton(
                _("Working group «{name}»").format(name=group.name)[:60],
                callback_data=BODY(group.id),
            )
        ]
        for group in groups
    ]
    await reply(
        update,
        _(
            "Who decides on it: the whole community or one of your working groups? "
            "(/cancel to stop)"
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return state.BODY


async def choose_body(update: Update, context: BotContext) -> int:
    """The body chosen; a group only if the proposer still belongs to it (re-checked; the
    question stands otherwise)."""
    query = update.callback_query
    assert query is not None
    (group_id,) = BODY.decode(query.data)
    bodies = context.services.decisions.bodies
    group = None if group_id == COMMUNITY else await bodies.proposing_for(context.me, group_id)
    draft = _draft(context)
    draft.pop("group", None)
    draft.pop("group_name", None)
    if group is not None:
        draft.update(group=str(group.id), group_name=group.name)
    await query.answer()
    body = texts.body_label(None if group is None else group.name)
    await query.edit_message_text(_("Decided by: {body}").format(body=body))
    return await _ask_kind(update)


async def _ask_kind(update: Update) -> int:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.kind_name(kind), callback_data=KIND(kind))]
            for kind in ProposalKind
            if kind is not ProposalKind.REVIEW
        ]
    )
    await reply(update, _("What do you propose? (/cancel to stop)"), reply_markup=keyboard)
    return state.KIND


async def choose_kind(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    (kind,) = KIND.decode(query.data)
    if kind is ProposalKind.REVIEW:
        raise Refused(STALE)  # reviews open on their date, never by hand
    _draft(context)["kind"] = kind.value
    await query.answer()
    await query.edit_message_text(_("Kind: {kind}").format(kind=texts.kind_name(kind)))
    await reply(update, _("The title, in one line (up to {n} characters):").format(n=TITLE_MAX))
    return state.TITLE


async def _keep(update: Update, context: BotContext, key: str, limit: int) -> bool:
    """Keep the written answer in the draft; False when it was not valid (asked again)."""
    text = await written(update, limit)
    if text is not None:
        _draft(context)[key] = text
    return text is not None


async def title(update: Update, context: BotContext) -> int:
    if not await _keep(update, context, "title", TITLE_MAX):
        return state.TITLE
    await reply(
        update,
        _("Describe the proposal: what, why, how (up to {n} characters):").format(
            n=DESCRIPTION_MAX
        ),
    )
    return state.DESCRIPTION


async def description(update: Update, context: BotContext) -> int:
    if not await _keep(update, context, "description", DESCRIPTION_MAX):
        return state.DESCRIPTION
    kind = ProposalKind(_draft(context)["kind"])
    if not kind.changes_an_item:
        return await changes.ask_responsible(update, context)
    if kind is ProposalKind.PRIORITIES:
        return await order.ask_order(update, context, _draft(context))
    plan = context.services.decisions.plan
    items = await plan.open_items() if kind.changes_plan else []
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"#{entry.id} {entry.title}"[:60], callback_data=ITEM(entry.id))]
            for entry in items
        ]
    )
    await reply(
        update,
        _("Which plan item (or which priorities) does it change? Choose or write it:")
        if items
        else _("Which plan item (or which priorities) does it change?"),
        reply_markup=keyboard if items else None,
    )
    return state.ITEM


async def item(update: Update, context: BotContext) -> int:
    """The new order of the priorities; a plan item by its number (a change names its item)."""
    values = _draft(context)
    if values["kind"] == ProposalKind.PRIORITIES.value:
        return await order.take_order(update, context, values, _confirm)
    assert update.message is not None and update.message.text is not None
    number = as_number(update.message.text.strip())
    chosen = None if number is None else await context.services.decisions.plan.get(number)
    if chosen is None or not chosen.status.open:
        await reply(update, _("Please choose the plan item from the buttons or write its number."))
        return state.ITEM
    return await _chose(update, context, chosen)


async def choose_item(update: Update, context: BotContext) -> int:
    """A plan item chosen from the buttons: the proposal will change that very item."""
    query = update.callback_query
    assert query is not None
    (item_id,) = ITEM.decode(query.data)
    chosen = await context.services.decisions.plan.open_item(item_id)
    await query.answer()
    await query.edit_message_text(_("Changes: {item}").format(item=f"#{chosen.id} {chosen.title}"))
    return await _chose(update, context, chosen)


async def _chose(update: Update, context: BotContext, chosen: PlanItem) -> int:
    """The item a proposal changes: a change then names what it changes, field by field."""
    values = _draft(context)
    values.update(item=f"#{chosen.id} {chosen.title}"[:ITEM_MAX], item_id=str(chosen.id))
    if values["kind"] == ProposalKind.PLAN_CHANGE.value:
        values.pop("changes", None)
        return await changes.ask_change(update, context)
    return await changes.ask_responsible(update, context)


async def _ask_due(update: Update, context: BotContext) -> int:
    await reply(update, _("Due date as DD.MM.YYYY, or press Skip."), reply_markup=skip_markup())
    return state.DUE


async def due(update: Update, context: BotContext) -> int:
    value = await future_day(update, context.services.decisions.clock().date())
    if value is None:
        return state.DUE
    _draft(context)["due"] = value.isoformat()
    return await _confirm(update, context)


async def skip_due(update: Update, context: BotContext) -> int:
    assert update.callback_query is not None
    await update.callback_query.answer()
    _draft(context).pop("due", None)
    return await _confirm(update, context)


def _as_draft(values: dict[str, str]) -> Draft:
    return Draft(
        kind=ProposalKind(values["kind"]),
        title=values["title"],
        description=values["description"],
        changes_item=values.get("item"),
        plan_item_id=int(values["item_id"]) if values.get("item_id") else None,
        responsible=values.get("responsible") or values.get("changed_responsible") or None,
        responsible_ids=tuple(changes.chosen_ids(values)),
        changes=changes.changes_of(values) if values.get("changes") else None,
        due_date=date.fromisoformat(values["due"]) if values.get("due") else None,
        working_group_id=int(values["group"]) if values.get("group") else None,
    )


async def _confirm(update: Update, context: BotContext) -> int:
    values = _draft(context)
    text = texts.draft_preview(_as_draft(values), context.me.id, values.get("group_name"))
    submit_or_cancel = [
        InlineKeyboardButton(_("Submit for review"), callback_data=SUBMIT()),
        InlineKeyboardButton(_("Cancel"), callback_data=CANCEL()),
    ]
    await reply(update, text, reply_markup=InlineKeyboardMarkup([submit_or_cancel]))
    return state.CONFIRM


async def submit(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    values = context.user_data.get(DRAFT)
    if not values or "description" not in values:
        raise Refused(STALE)
    proposals = context.services.decisions.proposals
    proposal = await proposals.submit(context.me, _as_draft(values))
    del context.user_data[DRAFT]
    await query.answer()
    await query.edit_message_reply_markup(None)
    await reply(
        update,
        _("Proposal #{number} is sent for review. I will tell you when it opens.").format(
            number=proposal.id
        ),
    )
    await send_for_review(context, proposal)
    return ConversationHandler.END


async def cancel_draft(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await query.answer()
    await query.edit_message_text(_("The proposal is cancelled; nothing was saved."))
    return ConversationHandler.END


def states(setup: Setup) -> dict[object, list[Any]]:
    """The /propose steps of the decisions dialogue."""
    button = setup.button_handler
    return {
        state.BODY: [button(BODY, choose_body)],
        state.KIND: [button(KIND, choose_kind)],
        state.TITLE: text_step(MessageHandler(PRIVATE_TEXT, title)),
        state.DESCRIPTION: text_step(MessageHandler(PRIVATE_TEXT, description)),
        state.ITEM: text_step(MessageHandler(PRIVATE_TEXT, item), button(ITEM, choose_item)),
        **changes.states(setup, _confirm, _ask_due),
        state.DUE: text_step(MessageHandler(PRIVATE_TEXT, due), button(SKIP, skip_due)),
        state.CONFIRM: [button(SUBMIT, submit), button(CANCEL, cancel_draft)],
    }
