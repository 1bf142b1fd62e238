"""/announce: compose (with a preview), audience, when, confirm — a persistent dialogue that
continues after a restart. Organisers address any audience; coordinators their own working
groups."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core.callbacks import CallbackAction
from bot.i18n import N_, _
from bot.outbox import notices, sender
from bot.outbox.content import Draft
from handlers.broadcasts import audience, buttons, publishing, timing
from handlers.broadcasts.form import (
    AREA,
    AT_TIME,
    AUDIENCE,
    COMPOSE,
    CONFIRM,
    GROUP,
    KEY,
    REGION,
    WHEN,
    audience_of,
    form,
)
from handlers.broadcasts.texts import local_time
from handlers.kit.incoming import NEW, TEXT
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Callback, Handler, Setup, guard
from models import Role


async def begin(update: Update, context: BotContext) -> int:
    """Ask for the announcement itself (organisers; coordinators for their own groups)."""
    await context.services.broadcasts.audiences.check_author(context.me)
    assert context.user_data is not None
    context.user_data[KEY] = {}
    await reply(
        update,
        _(
            "Send the announcement: a text (formatting is kept), or a photo or a document "
            "with a caption. /cancel to stop."
        ),
    )
    return COMPOSE


async def composed(update: Update, context: BotContext) -> int:
    """Keep the content, show it exactly as members will see it, ask for the audience."""
    message = update.effective_message
    draft = notices.draft_of(message) if message else None
    if draft is None:
        await reply(update, _("Please send a text, a photo or a document. /cancel to stop."))
        return COMPOSE
    form(context)["draft"] = draft.to_dict()
    await reply(update, _("Preview — members will see exactly this:"))
    await sender.send_payload(context.bot, context.me.telegram_id, draft.to_dict())
    groups = await context.services.broadcasts.audiences.groups_for(context.me)
    if not context.me.role.at_least(Role.ORGANISER):
        return await audience.ask_group(update, context, groups)
    return await audience.ask_audience(update, context, groups=bool(groups))


async def confirmed(update: Update, context: BotContext) -> int:
    """Publish now or schedule; the rules check the author's right to the audience again."""
    query = pressed(update)
    collected = form(context)
    if "draft" not in collected:
        return await cancelled(update, context)
    at = datetime.fromisoformat(collected["at"]) if collected.get("at") else None
    submitted = await context.services.broadcasts.announcements.submit(
        context.me,
        draft=Draft.from_dict(collected["draft"]),
        audience=audience_of(collected),
        urgent=bool(collected.get("urgent")),
        scheduled_at=at,
        to_channel=bool(collected.get("channel")),
    )
    assert context.user_data is not None
    context.user_data.pop(KEY, None)
    await query.answer()
    if submitted.published is not None:
        await publishing.start(context.community, submitted.published)
    elif at is not None:
        publishing.schedule(context.community, submitted.announcement_id, at)
        await reply(update, _("Scheduled for {when}.").format(when=local_time(context, at)))
    return ConversationHandler.END


async def cancelled(update: Update, context: BotContext) -> int:
    """/cancel, or Cancel at the confirmation: nothing is sent."""
    if context.user_data is not None:
        context.user_data.pop(KEY, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await reply(update, _("Cancelled: nothing was sent."))
    return ConversationHandler.END


async def unexpected(update: Update, context: BotContext) -> None:
    await reply(update, _("Please use the buttons above, or /cancel to stop."))


def dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    """The dialogue; a button of another step (or forged data) is left to the fallback's
    "This button is no longer active"."""
    member = Role.MEMBER

    def typed(which: filters.BaseFilter, callback: Callback) -> Handler:
        return MessageHandler(NEW & which, guard(callback, member))

    def on_press(action: CallbackAction, callback: Callback) -> Handler:
        return setup.button_handler(action, callback, role=member)

    return ConversationHandler(
        entry_points=[
            setup.command_handler(
                "announce",
                begin,
                N_("send an announcement (coordinators: to their working group)"),
                role=member,
                filters=filters.ChatType.PRIVATE,
            )
        ],
        states={
            COMPOSE: [typed(~filters.COMMAND, composed)],
            AUDIENCE: [on_press(buttons.AUDIENCE, audience.chose_audience)],
            REGION: [
                typed(TEXT, audience.typed_region),
                on_press(buttons.REGION, audience.chose_region),
            ],
            AREA: [on_press(buttons.AREA, audience.chose_area)],
            WHEN: [
                on_press(buttons.NOW, timing.send_now),
                on_press(buttons.LATER, timing.ask_time),
                on_press(buttons.URGENT, timing.toggle_urgent),
            ],
            AT_TIME: [typed(TEXT, timing.typed_time)],
            CONFIRM: [
                on_press(buttons.CONFIRM, confirmed),
                on_press(buttons.CANCEL, cancelled),
                on_press(buttons.CHANNEL, timing.toggle_channel),
            ],
            GROUP: [on_press(buttons.GROUP, audience.chose_group)],
        },
        fallbacks=[
            setup.command_handler("cancel", cancelled, None),
            MessageHandler(NEW & ~filters.COMMAND, unexpected),
        ],
        name="broadcasts.announce",
        persistent=True,
    )
