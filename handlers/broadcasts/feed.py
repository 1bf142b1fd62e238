"""The news feed: new items become drafts that every organiser gets with Publish and
Discard buttons; one press publishes a draft to all members (with a news channel set, a
third button publishes it there too)."""

from __future__ import annotations

import logging
from contextlib import suppress

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.broadcasts import feed
from bot.context import BotContext
from bot.core.text import MESSAGE, shorten
from bot.i18n import _, use_locale
from handlers.broadcasts import buttons, publishing
from handlers.broadcasts.form import button
from handlers.kit.replies import pressed
from models import AudienceKind, Role

logger = logging.getLogger(__name__)
FEED_JOB = "broadcasts.feed"
NEWEST = 10  # items of one reading that may become drafts


async def read_feed(context: BotContext) -> None:
    """New feed items become drafts; organisers get each with a Publish button."""
    url = context.services.settings.news_feed_url
    if not url:
        return
    try:
        items = await feed.fetch(url)
    except feed.FeedError as error:
        logger.warning("news feed not read: %s", error)
        return
    drafts = await context.services.broadcasts.news.feed_drafts(
        [(item.guid, item.as_text()) for item in reversed(items[:NEWEST])]
    )
    if not drafts:
        return
    organisers = await context.services.people.with_role_at_least(Role.ORGANISER)
    settings = context.services.settings
    channel = await context.services.broadcasts.news.channel_for(AudienceKind.MEMBERS)
    for organiser in organisers:
        with use_locale(settings.locale_for(organiser.language)):
            for draft in drafts:
                rows = [
                    [
                        button(_("Publish to all members"), buttons.PUBLISH_DRAFT(draft.id)),
                        button(_("Discard"), buttons.DISCARD_DRAFT(draft.id)),
                    ]
                ]
                if channel is not None:
                    also = _("Publish to all members and the news channel")
                    rows.append([button(also, buttons.PUBLISH_DRAFT_TO_CHANNEL(draft.id))])
                markup = InlineKeyboardMarkup(rows)
                text = _("From the news feed:") + "\n\n" + draft.text
                try:
                    await context.bot.send_message(
                        organiser.telegram_id, shorten(text, MESSAGE), reply_markup=markup
                    )
                except TelegramError as error:
                    logger.info("feed draft not shown to person %s: %s", organiser.id, error)


async def publish_draft(update: Update, context: BotContext) -> None:
    """Publish a feed draft with one press (organisers; the id is re-checked)."""
    (draft_id,) = buttons.PUBLISH_DRAFT.decode(pressed(update).data)
    await _publish(update, context, draft_id, to_channel=False)


async def publish_draft_to_channel(update: Update, context: BotContext) -> None:
    """Publish a feed draft, in the news channel too."""
    (draft_id,) = buttons.PUBLISH_DRAFT_TO_CHANNEL.decode(pressed(update).data)
    await _publish(update, context, draft_id, to_channel=True)


async def _publish(update: Update, context: BotContext, draft_id: int, *, to_channel: bool) -> None:
    announcements = context.services.broadcasts.announcements
    published = await announcements.publish_draft(context.me, draft_id, to_channel=to_channel)
    await publishing.start(context.community, published)
    await _done(update, _("Published."))


async def discard_draft(update: Update, context: BotContext) -> None:
    """Discard a feed draft (organisers; the id is re-checked)."""
    query = pressed(update)
    (draft_id,) = buttons.DISCARD_DRAFT.decode(query.data)
    await context.services.broadcasts.announcements.discard_draft(context.me, draft_id)
    await _done(update, _("Discarded."))


async def _done(update: Update, answer: str) -> None:
    query = pressed(update)
    await query.answer(answer)
    with suppress(TelegramError):  # already without buttons
        await query.edit_message_reply_markup(None)
