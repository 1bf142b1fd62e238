""" "Write via the bot" under a directory entry: the member may add a short message, then the
peer gets the member's full name as a tappable mention (a `text_mention`, which works
without a username), the @username if any, and the message. Passed on once per pair."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.i18n import _, use_locale
from handlers.kit.incoming import TEXT
from handlers.kit.mention import mention
from handlers.kit.replies import explain, reply
from handlers.kit.setup import Setup
from handlers.membership.buttons import CONTACT
from handlers.membership.notify import locale_of_chat, send
from models import Role

WRITING = "writing"
PEER = "mb_contact"  # whom the request goes to, while the member writes
MESSAGE_LIMIT = 500  # characters, as Telegram counts them
TIMEOUT = 15 * 60  # seconds: a forgotten request does not take a later message


async def start_request(update: Update, context: BotContext) -> str:
    """The button: whom to write to is checked (a member, not asked before), then the
    member is asked for a short message."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (person_id,) = CONTACT.decode(query.data)
    request = await context.services.membership.directory.contact_peer(context.me, person_id)
    await query.answer()
    context.user_data[PEER] = person_id
    await reply(
        update,
        _(
            "Request to get in touch: {name}.\nWrite a short message to go with it (up to "
            "{limit} characters), or send /skip to send the request without one; /cancel "
            "to stop."
        ).format(name=request.peer_name, limit=MESSAGE_LIMIT),
    )
    return WRITING


async def written(update: Update, context: BotContext) -> str | int:
    """The member's message: the request goes with it."""
    assert update.message is not None and update.message.text is not None
    text = clean(update.message.text)
    if not text or length(text) > MESSAGE_LIMIT:
        await reply(
            update,
            _("Please write 1 to {limit} characters, /skip or /cancel.").format(
                limit=MESSAGE_LIMIT
            ),
        )
        return WRITING
    return await _pass_on(update, context, text)


async def skip(update: Update, context: BotContext) -> int:
    """/skip: the request without a message."""
    return await _pass_on(update, context, None)


async def _pass_on(update: Update, context: BotContext, message: str | None) -> int:
    assert context.user_data is not None
    person_id = int(context.user_data.pop(PEER))
    asker = context.me
    directory = context.services.membership.directory
    try:
        request = await directory.request_contact(asker, person_id)
    except Refused as error:  # passed on meanwhile, or the peer is no longer a member
        await reply(update, explain(error))
        return ConversationHandler.END
    name = request.asker_name
    with use_locale(await locale_of_chat(context, request.peer.telegram_id)):
        text = _(
            "A member found you in the community directory and would like to get in touch. "
            "Member: {name}. Tap the name to write to them."
        ).format(name=name + (f" (@{asker.username})" if asker.username else ""))
        if message:
            text += "\n\n" + _("Their message: {message}").format(message=message)
    entities = mention(text, name, asker.telegram_id)
    if await send(context, request.peer.telegram_id, text, entities=entities) is None:
        await directory.forget_request(asker.id, person_id)
        await reply(update, _("This member cannot be reached now."))
        return ConversationHandler.END
    await reply(update, _("Your request has been passed on."))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel: nothing is sent."""
    assert context.user_data is not None
    context.user_data.pop(PEER, None)
    await reply(update, _("Cancelled; nothing was sent."))
    return ConversationHandler.END


def conversation(setup: Setup) -> ConversationHandler[BotContext]:
    member = Role.MEMBER
    return ConversationHandler(
        entry_points=[setup.button_handler(CONTACT, start_request, role=member)],
        states={
            WRITING: [
                MessageHandler(TEXT, written),
                setup.command_handler("skip", skip, None, role=member),
                # Another entry's button while writing: that person instead.
                setup.button_handler(CONTACT, start_request, role=member),
            ]
        },
        fallbacks=[setup.command_handler("cancel", cancel, None)],
        conversation_timeout=TIMEOUT,
        name="membership_contact",
        persistent=True,
    )
