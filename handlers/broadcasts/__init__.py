"""News and broadcasts: /announce, /broadcasts, /news, /settings, /setnewschannel; the
Cancel buttons of scheduled announcements and of running broadcasts; the news feed's
drafts; the jobs that restore scheduled announcements, read the feed and send the digest.

Order: the /announce dialogue first, so that while it runs its steps take the author's
messages and buttons; the commands and buttons after it (each matches its own data only).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot import jobs
from bot.i18n import N_
from bot.outbox import sender
from handlers.broadcasts import (
    announce,
    buttons,
    digest,
    feed,
    listing,
    news,
    preferences,
    publishing,
)
from handlers.kit.setup import Setup
from models import Role


def register(setup: Setup) -> None:
    setup.add(announce.dialogue(setup))
    organiser = Role.ORGANISER
    for name, callback, description, role in (
        ("broadcasts", listing.list_broadcasts, N_("broadcasts and their statistics"), organiser),
        ("news", news.show_news, N_("the latest news"), Role.APPLICANT),
        ("settings", preferences.show_settings, N_("how announcements reach you"), Role.APPLICANT),
        (
            "setnewschannel",
            news.set_news_channel,
            N_("the channel where news are also posted"),
            organiser,
        ),
    ):
        setup.command(name, callback, description, role=role)
    # Finer rights (organisers; whoever is shown a broadcast's progress) are the rules' to
    # check: a press by anyone else is a stale button.
    for action, pressed in (
        (buttons.UNSCHEDULE, listing.cancel_scheduled),
        (sender.STOP, listing.stop_broadcast),
        (buttons.NEWS_PAGE, news.turn_page),
        (buttons.PREFERENCE, preferences.choose_mode),
        (buttons.PUBLISH_DRAFT, feed.publish_draft),
        (buttons.PUBLISH_DRAFT_TO_CHANNEL, feed.publish_draft_to_channel),
        (buttons.DISCARD_DRAFT, feed.discard_draft),
    ):
        setup.button(action, pressed)
    setup.button(buttons.SCHEDULED_PAGE, listing.turn_scheduled, role=organiser)

    application = setup.application
    jobs.run_once(application, publishing.restore, 0, name=publishing.RESTORE_JOB)
    settings = setup.services.settings
    job_queue = application.job_queue
    assert job_queue is not None
    job_queue.run_daily(
        digest.send_digests,
        digest.DIGEST_TIME.replace(tzinfo=ZoneInfo(settings.timezone)),
        name=digest.DIGEST_JOB,
    )
    if settings.news_feed_url:
        job_queue.run_repeating(
            feed.read_feed, settings.news_feed_interval, first=10, name=feed.FEED_JOB
        )
