"""Publishing on Telegram's side: the news channel gets the announcement if its organiser
chose it, its broadcast starts once the transaction is committed; scheduled announcements
wait in jobs under stable names, re-created at every start together with interrupted
broadcasts."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from telegram.error import TelegramError

from bot import jobs
from bot.broadcasts.announcements import Published
from bot.context import BotContext, CommunityApplication
from bot.outbox import sender
from models import utcnow

RESTORE_JOB = "broadcasts.restore"


def job_name(announcement_id: int) -> str:
    return f"broadcasts.publish:{announcement_id}"


async def start(application: CommunityApplication, published: Published) -> None:
    """Post it to the news channel (if chosen) and start sending it."""
    if published.channel_id is not None:
        # The channel may be gone or the bot may have lost its rights: the news stays in /news.
        with suppress(TelegramError):
            await sender.send_payload(application.bot, published.channel_id, published.payload)
    sender.start(application, published.broadcast_id)


async def publish(
    application: CommunityApplication, announcement_id: int, *, progress_chat_id: int | None
) -> int | None:
    """Make a stored announcement news and send it; its broadcast id (None: it was already
    published or cancelled)."""
    announcements = application.services.broadcasts.announcements
    published = await announcements.publish(announcement_id, progress_chat_id=progress_chat_id)
    if published is None:
        return None
    await start(application, published)
    return published.broadcast_id


async def _publish_scheduled(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, int)
    announcements = context.services.broadcasts.announcements
    published = await announcements.publish_scheduled(context.job.data)
    if published is not None:  # a job that runs twice sends nothing twice
        await start(context.community, published)


def schedule(application: CommunityApplication, announcement_id: int, at: datetime) -> None:
    """A job at the announcement's time, under a stable name (never two for one)."""
    when: datetime | float = at if at > utcnow() else 0
    jobs.run_once(
        application,
        _publish_scheduled,
        when,
        name=job_name(announcement_id),
        data=announcement_id,
        replace=False,
    )


def unschedule(application: CommunityApplication, announcement_id: int) -> None:
    jobs.cancel(application, job_name(announcement_id))


async def restore(context: BotContext) -> None:
    """At start: resume interrupted broadcasts, re-create the jobs of scheduled ones."""
    application = context.community
    await sender.resume(application)
    for item in await application.services.broadcasts.announcements.scheduled():
        schedule(application, item.id, item.at)
