"""Cards of proposals: posted to the community chat and privately, edited in place as the
tally changes — at most once per CARD_EDIT_INTERVAL per proposal, however many stances come."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot import jobs
from bot.context import BotContext
from bot.core.people import PersonView
from bot.i18n import use_locale
from bot.outbox.notices import tell
from handlers.decisions import texts
from handlers.decisions.runtime import job_proposal_id, locale_of, runtime, services, zone
from models import Proposal

logger = logging.getLogger(__name__)


def card_job_name(proposal_id: int) -> str:
    return f"decisions.card.{proposal_id}"


Rendered = tuple[str, InlineKeyboardMarkup | None]


async def _renderer(application: Application, proposal: Proposal) -> Callable[[str], Rendered]:
    """Reads the stances once; renders the card in any language from them."""
    service = runtime(application).proposals
    stances = await service.stances(proposal)
    tally = await service.tally(proposal)
    group = await service.group_name(proposal)
    rendered: dict[str, Rendered] = {}

    def render(locale: str) -> Rendered:
        if locale not in rendered:
            with use_locale(locale):
                rendered[locale] = (
                    texts.card_text(proposal, tally, stances, zone(application), group),
                    texts.card_markup(proposal, stances),
                )
        return rendered[locale]

    return render


async def _render(application: Application, proposal: Proposal, locale: str) -> Rendered:
    return (await _renderer(application, proposal))(locale)


async def publish(application: Application, proposal: Proposal) -> None:
    """A newly opened proposal: its card in the body's chat (the community's or the working
    group's) and to the body's members who follow."""
    service = runtime(application).proposals
    assert proposal.id is not None
    chat_id = await service.chat_of(proposal)
    if chat_id is not None:
        locale = services(application).settings.default_locale
        text, markup = await _render(application, proposal, locale)
        try:
            message = await application.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as error:
            logger.warning("card of proposal %s not posted to the chat: %s", proposal.id, error)
        else:
            await service.save_card(proposal.id, chat_id, message.message_id, locale)
    for person in await service.followers(proposal):
        await send_private_card(application, proposal, person)


async def send_private_card(
    application: Application, proposal: Proposal, person: PersonView
) -> None:
    """A live card in the person's private chat (replaces the one sent there before)."""
    locale = locale_of(application, person)
    text, markup = await _render(application, proposal, locale)
    message = await tell(application, person, lambda: (text, markup))
    if message is not None and proposal.id is not None:
        await runtime(application).proposals.save_card(
            proposal.id, person.telegram_id, message.message_id, locale
        )


async def refresh_soon(application: Application, proposal_id: int) -> None:
    """Edit the cards now if the last sweep is old enough, else once when the pause is over;
    a burst of stances thus costs one sweep per interval."""
    assert application.job_queue is not None
    name = card_job_name(proposal_id)
    if application.job_queue.get_jobs_by_name(name):
        return
    pacing = runtime(application)
    wait = pacing.last_sweep.get(proposal_id, float("-inf")) + pacing.card_interval
    wait -= time.monotonic()
    if wait <= 0:
        await refresh_now(application, proposal_id)
    else:
        jobs.run_once(application, _refresh_job, wait, data=proposal_id, name=name, replace=False)


async def _refresh_job(context: BotContext) -> None:
    await refresh_now(context.application, job_proposal_id(context))


async def refresh_now(application: Application, proposal_id: int) -> None:
    """Edit every card of the proposal to its current state."""
    service = runtime(application).proposals
    runtime(application).last_sweep[proposal_id] = time.monotonic()
    proposal = await service.get(proposal_id)
    if proposal is None:
        return
    render = await _renderer(application, proposal)
    for card in await service.cards(proposal_id):
        text, markup = render(card.locale)
        try:
            await application.bot.edit_message_text(
                text, chat_id=card.chat_id, message_id=card.message_id, reply_markup=markup
            )
        except BadRequest as error:
            if "not modified" not in str(error):
                logger.info("card %s of proposal %s: %s", card.message_id, proposal_id, error)
        except (Forbidden, TelegramError) as error:
            logger.info("card %s of proposal %s: %s", card.message_id, proposal_id, error)
