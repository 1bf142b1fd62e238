"""The card of a working group's meeting in the group's chat: posted once with the
invitations, with Going / Maybe / Not going for the group's members; kept current as people
answer (at most one edit every few seconds) and when the meeting changes. It never shows
the online link: those who register get it privately."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, TelegramError

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.i18n import use_locale
from bot.meetings.rules import GROUP_CARD
from bot.meetings.views import MeetingView
from handlers.meetings.render import group_card

logger = logging.getLogger(__name__)
REFRESH_DELAY_SECONDS = 3


async def post(
    application: CommunityApplication, meeting: MeetingView, going: int, chat_id: int
) -> None:
    """The card in the group's chat, once (claimed before it is sent)."""
    services = application.services
    if not await services.meetings.claim_notice(meeting.id, GROUP_CARD):
        return
    with use_locale(services.settings.default_locale):
        text, markup = group_card(meeting, going)
    try:
        message = await application.bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramError as error:
        logger.warning("card of meeting %s not posted to its group's chat: %s", meeting.id, error)
        return
    await services.meetings.posted_group_card(meeting.id, chat_id, message.message_id)


async def refresh(
    application: CommunityApplication, meeting_id: int, change: str | None = None
) -> None:
    """Edit the card to the meeting as it is now; `change` says what changed, on top."""
    services = application.services
    found = await services.meetings.group_card(meeting_id)
    if found is None:
        return
    meeting, going = found
    with use_locale(services.settings.default_locale):
        text, markup = group_card(meeting, going)
    assert meeting.group_chat_id is not None and meeting.group_message_id is not None
    try:
        await application.bot.edit_message_text(
            f"{change}\n\n{text}" if change else text,
            chat_id=meeting.group_chat_id,
            message_id=meeting.group_message_id,
            reply_markup=markup,
        )
    except BadRequest as error:
        if "not modified" not in error.message:
            logger.info("card of meeting %s in its group's chat: %s", meeting_id, error)
    except TelegramError as error:
        logger.info("card of meeting %s in its group's chat: %s", meeting_id, error)


def refresh_soon(application: CommunityApplication, meeting: MeetingView) -> None:
    """After an answer: one edit of the group's card for the answers of a few seconds."""
    if meeting.group_message_id is None:
        return
    name = f"meetings.group_card.{meeting.id}"
    jobs.run_once(
        application, _refresh_job, REFRESH_DELAY_SECONDS, name=name, data=meeting.id, replace=False
    )


async def _refresh_job(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, int)
    await refresh(context.community, context.job.data)
