"""/announce: when — now or at a typed time, urgent or not — and the summary to confirm,
where an announcement to the whole community may also be sent to the news channel."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.errors import STALE, Refused
from bot.i18n import _
from handlers.broadcasts import buttons
from handlers.broadcasts.form import AT_TIME, CONFIRM, WHEN, audience_of, button, form
from handlers.broadcasts.texts import TIME_FORMAT, audience_name, local_time, zone
from handlers.kit.replies import pressed, reply
from models import utcnow


async def ask_when(update: Update, context: BotContext) -> int:
    urgent = bool(form(context).get("urgent"))
    keyboard = InlineKeyboardMarkup(
        [
            [button(_("Send now"), buttons.NOW()), button(_("At a time…"), buttons.LATER())],
            [button(_("Urgent: yes") if urgent else _("Urgent: no"), buttons.URGENT())],
        ]
    )
    await reply(
        update,
        _(
            "When? Urgent announcements reach everyone at once, even those who chose a "
            "digest or only /news."
        ),
        reply_markup=keyboard,
    )
    return WHEN


async def toggle_urgent(update: Update, context: BotContext) -> int:
    await pressed(update).answer()
    collected = form(context)
    collected["urgent"] = not collected.get("urgent")
    return await ask_when(update, context)


async def send_now(update: Update, context: BotContext) -> int:
    await pressed(update).answer()
    form(context)["at"] = None
    return await ask_confirm(update, context)


async def ask_time(update: Update, context: BotContext) -> int:
    await pressed(update).answer()
    example = datetime.now(zone(context)).strftime(TIME_FORMAT)
    await reply(
        update,
        _("Send the date and time as DD.MM.YYYY HH:MM, {zone} time, e.g. {example}.").format(
            zone=context.services.settings.timezone, example=example
        ),
    )
    return AT_TIME


async def typed_time(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        moment = datetime.strptime(message.text.strip(), TIME_FORMAT).replace(tzinfo=zone(context))
    except ValueError:
        await reply(update, _("I could not read that. Send it as DD.MM.YYYY HH:MM."))
        return AT_TIME
    if moment <= utcnow():
        await reply(update, _("That moment has passed. Send a time in the future."))
        return AT_TIME
    form(context)["at"] = moment.isoformat()
    return await ask_confirm(update, context)


async def toggle_channel(update: Update, context: BotContext) -> int:
    """Also post it to the news channel, or not (offered only where it may go there)."""
    if not await _channel_offered(context):
        raise Refused(STALE)
    await pressed(update).answer()
    collected = form(context)
    collected["channel"] = not collected.get("channel")
    return await ask_confirm(update, context)


async def _channel_offered(context: BotContext) -> bool:
    """Whether the news channel may be chosen for this announcement."""
    collected = form(context)
    if "audience" not in collected:
        return False
    news = context.services.broadcasts.news
    return await news.channel_for(audience_of(collected).kind) is not None


async def ask_confirm(update: Update, context: BotContext) -> int:
    """The summary with Confirm and Cancel; for the whole community, the news channel
    choice too (no until the organiser chooses yes)."""
    collected = form(context)
    view = await context.services.broadcasts.audiences.describe(audience_of(collected))
    at = collected.get("at")
    lines = [
        _("Audience: {audience} ({count}).").format(
            audience=audience_name(view, context.locale), count=view.count
        ),
        _("When: {when}.").format(
            when=local_time(context, datetime.fromisoformat(at)) if at else _("now")
        ),
    ]
    if collected.get("urgent"):
        lines.append(_("Urgent: reaches everyone at once."))
    rows = [[button(_("Confirm"), buttons.CONFIRM()), button(_("Cancel"), buttons.CANCEL())]]
    if await _channel_offered(context):
        chosen = bool(collected.get("channel"))
        if chosen:
            lines.append(_("Also posted to the public news channel."))
        label = _("News channel: yes") if chosen else _("News channel: no")
        rows.insert(0, [button(label, buttons.CHANNEL())])
    else:
        collected.pop("channel", None)
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
    return CONFIRM
