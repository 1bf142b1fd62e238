"""/broadcasts for organisers: scheduled announcements with a Cancel button each, then the
latest broadcasts of every feature; and the Cancel button under a progress message."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.core.text import shorten
from bot.i18n import _
from bot.outbox import sender
from handlers.broadcasts import buttons, publishing
from handlers.broadcasts.form import button
from handlers.broadcasts.texts import local_time
from handlers.kit import pages
from handlers.kit.replies import pressed, reply

PREVIEW = 61  # characters of an announcement's text in the list


async def list_broadcasts(update: Update, context: BotContext) -> None:
    """Scheduled announcements, then the latest broadcasts with their final or current
    figures."""
    announcements = context.services.broadcasts.announcements
    await _show_scheduled(update, context)
    recent = await announcements.recent_broadcasts(limit=10)
    if not recent:
        await reply(update, _("No broadcasts yet."))
        return
    blocks = [
        f"{local_time(context, line.created_at)} · {line.kind}\n" + sender.progress_text(line.stats)
        for line in recent
    ]
    await reply(update, "\n\n".join(blocks))


async def _show_scheduled(update: Update, context: BotContext, number: int = 0) -> None:
    """The scheduled announcements, a page at a time, with a Cancel button each."""
    scheduled = await context.services.broadcasts.announcements.scheduled()
    if not scheduled:
        return
    header = _("Scheduled announcements:")
    lines = [
        f"#{item.id} · {local_time(context, item.at)} · {shorten(item.text, PREVIEW)}"
        for item in scheduled
    ]
    shown = pages.page(lines, number, header=header)
    rows = [
        [button(_("Cancel #{id}").format(id=item.id), buttons.UNSCHEDULE(item.id))]
        for item in (scheduled[index] for index in shown.indices)
    ]
    markup = pages.markup(shown, buttons.SCHEDULED_PAGE, rows)
    text = pages.page_text(header, shown)
    await pages.show(update, text, markup, edit=update.callback_query is not None)


async def turn_scheduled(update: Update, context: BotContext) -> None:
    """‹ › under the scheduled announcements: that page, in place."""
    (number,) = buttons.SCHEDULED_PAGE.decode(pressed(update).data)
    await _show_scheduled(update, context, number)


async def cancel_scheduled(update: Update, context: BotContext) -> None:
    """Cancel a scheduled announcement before it goes (organisers; the id is re-checked)."""
    query = pressed(update)
    (announcement_id,) = buttons.UNSCHEDULE.decode(query.data)
    await context.services.broadcasts.announcements.cancel_scheduled(context.me, announcement_id)
    publishing.unschedule(context.community, announcement_id)
    await query.answer(_("The scheduled announcement is cancelled."))
    await reply(update, _("Announcement #{id} will not be sent.").format(id=announcement_id))


async def stop_broadcast(update: Update, context: BotContext) -> None:
    """The Cancel button under a progress message: organisers, and whoever the progress is
    shown to (a coordinator's group announcement); the id is re-checked."""
    query = pressed(update)
    (broadcast_id,) = sender.STOP.decode(query.data)
    stats = await context.services.broadcasts.announcements.stop(context.me, broadcast_id)
    await query.answer(_("Broadcast cancelled."))
    await sender.show_progress(context.community, stats)
