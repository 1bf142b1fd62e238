"""The daily digest: one message per person with everything collected since the last one."""

from __future__ import annotations

import logging
from datetime import time

from telegram.error import Forbidden, TelegramError

from bot.broadcasts.news import NewsItem
from bot.context import BotContext
from bot.core.text import MESSAGE, fit, length
from bot.i18n import ngettext, use_locale
from bot.outbox import notices, sender
from handlers.broadcasts.texts import summary
from models import DeliveryState, PersonStatus

logger = logging.getLogger(__name__)
DIGEST_JOB = "broadcasts.digest"
DIGEST_TIME = time(19, 0)
SEPARATOR = "\n\n— — —\n\n"  # between two announcements of a digest


def _digest_text(items: list[NewsItem]) -> str:
    head = ngettext(
        "Your daily digest: {n} announcement.", "Your daily digest: {n} announcements.", len(items)
    )
    room = MESSAGE - length(head) - 2
    summaries = fit([summary(item, 800) for item in items], room, separator=SEPARATOR)
    return f"{head}\n\n{SEPARATOR.join(summaries)}"


async def send_digests(context: BotContext) -> None:
    """Each digest is claimed before it is sent and settled after, so a second run (or a
    crash in the middle) sends nobody the same digest twice."""
    services = context.services
    digest = services.broadcasts.digest
    bot = context.bot
    for waiting in await digest.waiting():
        chat_id = waiting.chat_id
        claimed = await digest.claim([delivery_id for delivery_id, _item in waiting.items])
        if not claimed:
            continue
        person = await services.people.get(chat_id)
        locale = services.settings.locale_for(person.language if person else None)
        with use_locale(locale):
            text = _digest_text(
                [item for delivery_id, item in waiting.items if delivery_id in claimed]
            )
        await sender.pace(bot, chat_id)
        outcome = DeliveryState.SENT
        try:
            await sender.send_payload(bot, chat_id, notices.text_payload(text), paced=True)
        except Forbidden:
            outcome = DeliveryState.BLOCKED
            await services.people.set_status(chat_id, PersonStatus.UNREACHABLE)
        except TelegramError as error:
            logger.info("digest to a person failed: %s", error)
            outcome = DeliveryState.FAILED
        await digest.settle(claimed, outcome)
