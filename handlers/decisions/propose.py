"""/propose: a member writes a proposal step by step in private chat; a coordinator or an
organiser opens it for decision with a deadline or sends it back with a comment."""

from __future__ import annotations

from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.decisions.rules import DEFAULT_DECISION_DAYS
from bot.decisions.service import (
    DESCRIPTION_MAX,
    ITEM_MAX,
    TITLE_MAX,
    DecisionError,
    Draft,
)
from bot.i18n import _, ngettext
from bot.outbox.notices import tell
from handlers.decisions import callbacks, texts
from handlers.decisions.lifecycle import opened
from handlers.decisions.runtime import runtime
from handlers.decisions.states import (
    BODY,
    CONFIRM,
    DESCRIPTION,
    DUE,
    ITEM,
    KIND,
    RESPONSIBLE,
    RETURN_COMMENT,
    TITLE,
)
from handlers.kit.replies import reply, require_role
from models import Proposal, ProposalKind, Role

DRAFT = "dc_draft"
REVIEW_DAYS = (3, DEFAULT_DECISION_DAYS, 14)
PRIVATE_TEXT = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
PRIVATE_OTHER = filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.TEXT


def _draft(context: BotContext) -> dict[str, str]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


def _skip_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(_("Skip"), callback_data="dc:skip")]])


COMMUNITY_BODY = "0"


@require_role(Role.MEMBER)
async def start(update: Update, context: BotContext) -> int:
    """Entry: for which body (when the proposer is in a working group), then the kind."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await reply(update, _("Please send /propose to me in a private chat."))
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    groups = await runtime(context.application).proposals.groups_of(context.me)
    if not groups:
        return await _ask_kind(update)
    rows = [[InlineKeyboardButton(_("The whole community"), callback_data="dc:b:0")]]
    rows += [
        [
            InlineKeyboardButton(
                _("Working group «{name}»").format(name=group.name)[:60],
                callback_data=f"dc:b:{group.id}",
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
    return BODY


async def choose_body(update: Update, context: BotContext) -> int:
    """The body chosen; a group only if the proposer still belongs to it (re-checked)."""
    query = update.callback_query
    assert query is not None
    arguments = callbacks.parse(query.data, "b")
    service = runtime(context.application).proposals
    if arguments is None:
        await callbacks.stale(query)
        return BODY
    group = None
    if arguments[0] != COMMUNITY_BODY:
        group_id = callbacks.as_id(arguments[0])
        group = None if group_id is None else await service.group(group_id)
        if group is None:
            await callbacks.stale(query)
            return BODY
        if not await service.in_group(group.id, context.me):
            await callbacks.refuse(query, "not_in_group")
            return BODY
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
            [InlineKeyboardButton(texts.kind_name(kind), callback_data=f"dc:k:{kind.value}")]
            for kind in ProposalKind
        ]
    )
    await reply(update, _("What do you propose? (/cancel to stop)"), reply_markup=keyboard)
    return KIND


async def choose_kind(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    arguments = callbacks.parse(query.data, "k")
    if arguments is None or arguments[0] not in {kind.value for kind in ProposalKind}:
        await callbacks.stale(query)
        return KIND
    _draft(context)["kind"] = arguments[0]
    await query.answer()
    await query.edit_message_text(
        _("Kind: {kind}").format(kind=texts.kind_name(ProposalKind(arguments[0])))
    )
    await reply(update, _("The title, in one line (up to {n} characters):").format(n=TITLE_MAX))
    return TITLE


async def _text_step(update: Update, context: BotContext, key: str, limit: int) -> str | None:
    """The text answer, or None after telling the person what is wrong (same question again)."""
    assert update.message is not None and update.message.text is not None
    text = update.message.text.strip()
    if not text or len(text) > limit:
        await reply(update, _("Please write from 1 to {n} characters.").format(n=limit))
        return None
    _draft(context)[key] = text
    return text


async def title(update: Update, context: BotContext) -> int:
    if await _text_step(update, context, "title", TITLE_MAX) is None:
        return TITLE
    await reply(
        update,
        _("Describe the proposal: what, why, how (up to {n} characters):").format(
            n=DESCRIPTION_MAX
        ),
    )
    return DESCRIPTION


async def description(update: Update, context: BotContext) -> int:
    if await _text_step(update, context, "description", DESCRIPTION_MAX) is None:
        return DESCRIPTION
    kind = ProposalKind(_draft(context)["kind"])
    if not kind.changes_an_item:
        return await _ask_responsible(update)
    items = await runtime(context.application).plan.open_items() if kind.changes_plan else []
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"#{entry.id} {entry.title}"[:60], callback_data=f"dc:it:{entry.id}"
                )
            ]
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
    return ITEM


async def item(update: Update, context: BotContext) -> int:
    if await _text_step(update, context, "item", ITEM_MAX) is None:
        return ITEM
    _draft(context).pop("item_id", None)
    return await _ask_responsible(update)


async def choose_item(update: Update, context: BotContext) -> int:
    """A plan item chosen from the buttons: the proposal will change that very item."""
    query = update.callback_query
    assert query is not None
    number = callbacks.proposal_id(query.data, "it")
    chosen = None if number is None else await runtime(context.application).plan.get(number)
    if chosen is None or not chosen.status.open:
        await callbacks.stale(query)
        return ITEM
    _draft(context).update(item=f"#{chosen.id} {chosen.title}"[:ITEM_MAX], item_id=str(chosen.id))
    await query.answer()
    await query.edit_message_text(_("Changes: {item}").format(item=f"#{chosen.id} {chosen.title}"))
    return await _ask_responsible(update)


async def _ask_responsible(update: Update) -> int:
    await reply(
        update,
        _("Who would be responsible? Names or @usernames, or press Skip."),
        reply_markup=_skip_markup(),
    )
    return RESPONSIBLE


async def responsible(update: Update, context: BotContext) -> int:
    if await _text_step(update, context, "responsible", ITEM_MAX) is None:
        return RESPONSIBLE
    return await _ask_due(update)


async def skip_responsible(update: Update, context: BotContext) -> int:
    assert update.callback_query is not None
    await update.callback_query.answer()
    _draft(context).pop("responsible", None)
    return await _ask_due(update)


async def _ask_due(update: Update) -> int:
    await reply(update, _("Due date as DD.MM.YYYY, or press Skip."), reply_markup=_skip_markup())
    return DUE


def parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None


async def due(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    value = parse_day(update.message.text)
    if value is None or value <= runtime(context.application).proposals.clock().date():
        await reply(update, _("Please write a future date as DD.MM.YYYY, e.g. 31.12.2027."))
        return DUE
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
        responsible=values.get("responsible"),
        due_date=date.fromisoformat(values["due"]) if values.get("due") else None,
        working_group_id=int(values["group"]) if values.get("group") else None,
    )


async def _confirm(update: Update, context: BotContext) -> int:
    draft = _as_draft(_draft(context))
    preview = Proposal(
        id=0,
        kind=draft.kind,
        title=draft.title,
        description=draft.description,
        changes_item=draft.changes_item,
        responsible=draft.responsible,
        due_date=draft.due_date,
        proposer_id=context.me.id,
        working_group_id=draft.working_group_id,
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Submit for review"), callback_data="dc:submit"),
                InlineKeyboardButton(_("Cancel"), callback_data="dc:cancel"),
            ]
        ]
    )
    heading = [_("Please check your proposal:"), "", _("Title: {title}").format(title=draft.title)]
    group_name = _draft(context).get("group_name")
    text = "\n".join([*heading, *texts.summary(preview, group_name)[1:]])
    await reply(update, text, reply_markup=keyboard)
    return CONFIRM


async def submit(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    values = context.user_data.pop(DRAFT, None)
    if not values or "description" not in values:
        await callbacks.stale(query)
        return ConversationHandler.END
    try:
        proposal = await runtime(context.application).proposals.submit(
            context.me, _as_draft(values)
        )
    except DecisionError as error:
        await callbacks.refuse(query, error.code)
        return ConversationHandler.END
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


async def not_text(update: Update, context: BotContext) -> None:
    """Anything but text where text is expected: the question stands."""
    await reply(update, _("Please answer with text, or send /cancel to stop."))


# ----- review ---------------------------------------------------------------------------------


def review_markup(proposal: Proposal) -> InlineKeyboardMarkup:
    opens = [
        InlineKeyboardButton(
            ngettext("Open for {n} day", "Open for {n} days", days),
            callback_data=f"dc:o:{proposal.id}:{days}",
        )
        for days in REVIEW_DAYS
    ]
    back = InlineKeyboardButton(_("Send back"), callback_data=f"dc:back:{proposal.id}")
    return InlineKeyboardMarkup([[opens[1]], [opens[0], opens[2]], [back]])


def review_text(proposal: Proposal, proposer: str, group: str | None = None) -> str:
    return "\n".join(
        [
            _("A new proposal from {name} awaits review:").format(name=proposer),
            "",
            *texts.summary(proposal, group),
        ]
    )


async def send_for_review(context: BotContext, proposal: Proposal) -> None:
    """Every coordinator and organiser, and the group's coordinator for a group's proposal,
    gets the proposal with the review buttons."""
    service = runtime(context.application).proposals
    group = await service.group_name(proposal)
    for reviewer in await service.reviewers(proposal):
        await tell(
            context.application,
            reviewer,
            lambda: (
                review_text(proposal, context.me.display_name, group),
                review_markup(proposal),
            ),
        )


@require_role(Role.MEMBER)
async def open_for_decision(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    arguments = callbacks.parse(query.data, "o", 2)
    proposal_id = None if arguments is None else callbacks.as_id(arguments[0])
    days = None if arguments is None else callbacks.as_id(arguments[1])
    service = runtime(context.application).proposals
    found = None if proposal_id is None else await service.get(proposal_id)
    if found is not None and not await service.may_review(context.me, found):
        await callbacks.refuse(query, "not_reviewer")
        return
    if found is None or days not in REVIEW_DAYS:
        await callbacks.stale(query)
        return
    try:
        proposal = await service.open(context.me, found.number, days=days)
    except DecisionError as error:
        await callbacks.refuse(query, error.code)
        return
    await query.answer()
    await query.edit_message_text(
        ngettext(
            "Proposal #{number} is open for decision for {n} day.",
            "Proposal #{number} is open for decision for {n} days.",
            days,
            number=proposal.id,
        )
    )
    await opened(context.application, proposal)


@require_role(Role.MEMBER)
async def ask_return_comment(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    service = runtime(context.application).proposals
    number = callbacks.proposal_id(query.data, "back")
    proposal = None if number is None else await service.get(number)
    if proposal is None:
        await callbacks.stale(query)
        return ConversationHandler.END
    if not await service.may_review(context.me, proposal):
        await callbacks.refuse(query, "not_reviewer")
        return ConversationHandler.END
    context.user_data["dc_back"] = number
    await query.answer()
    await context.bot.send_message(
        context.me.telegram_id,
        _("What should the author change in proposal #{number}? Your comment:").format(
            number=number
        ),
    )
    return RETURN_COMMENT


async def return_comment(update: Update, context: BotContext) -> int:
    assert update.message is not None and update.message.text is not None
    assert context.user_data is not None
    service = runtime(context.application).proposals
    number = int(context.user_data.pop("dc_back", 0))
    try:
        proposal = await service.send_back(context.me, number, update.message.text)
    except DecisionError as error:
        await reply(update, texts.refusal(error.code))
        if error.code == "empty":
            context.user_data["dc_back"] = number
            return RETURN_COMMENT
        return ConversationHandler.END
    await reply(update, _("Proposal #{number} is sent back to its author.").format(number=number))
    proposer = await service.person(proposal.proposer_id)
    if proposer is not None:
        await tell(
            context.application,
            proposer,
            lambda: (
                _(
                    "Your proposal #{number} «{title}» was sent back with a comment:\n{comment}\n\n"
                    "You can send an improved one with /propose."
                ).format(number=proposal.id, title=proposal.title, comment=proposal.review_comment),
                None,
            ),
        )
    return ConversationHandler.END


def states() -> dict[object, list]:
    """The /propose steps of the decisions dialogue."""
    text_or_other = [MessageHandler(PRIVATE_OTHER, not_text)]
    skip = callbacks.pattern("skip")
    return {
        BODY: [CallbackQueryHandler(choose_body, pattern=callbacks.pattern("b"))],
        KIND: [CallbackQueryHandler(choose_kind, pattern=callbacks.pattern("k"))],
        TITLE: [MessageHandler(PRIVATE_TEXT, title), *text_or_other],
        DESCRIPTION: [MessageHandler(PRIVATE_TEXT, description), *text_or_other],
        ITEM: [
            MessageHandler(PRIVATE_TEXT, item),
            CallbackQueryHandler(choose_item, pattern=callbacks.pattern("it")),
            *text_or_other,
        ],
        RESPONSIBLE: [
            MessageHandler(PRIVATE_TEXT, responsible),
            CallbackQueryHandler(skip_responsible, pattern=skip),
            *text_or_other,
        ],
        DUE: [
            MessageHandler(PRIVATE_TEXT, due),
            CallbackQueryHandler(skip_due, pattern=skip),
            *text_or_other,
        ],
        CONFIRM: [
            CallbackQueryHandler(submit, pattern=callbacks.pattern("submit")),
            CallbackQueryHandler(cancel_draft, pattern=callbacks.pattern("cancel")),
        ],
        RETURN_COMMENT: [MessageHandler(PRIVATE_TEXT, return_comment), *text_or_other],
    }
