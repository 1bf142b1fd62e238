"""Cards of proposals: posted to the body's chat and privately, edited in place as the
tally changes — at most once per pacing interval per proposal, however many stances come."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram.error import BadRequest, Forbidden, TelegramError

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.decisions.views import Card
from bot.i18n import use_locale
from bot.outbox.notices import Rendered, tell
from handlers.decisions import texts
from models import Proposal

logger = logging.getLogger(__name__)


def card_job_name(proposal_id: int) -> str:
    return f"decisions.card.{proposal_id}"


def job_proposal_id(context: BotContext) -> int:
    """The proposal a decisions job is about (its data)."""
    assert context.job is not None and isinstance(context.job.data, int)
    return context.job.data


def renderer(application: CommunityApplication, card: Card) -> Callable[[str], Rendered]:
    """The card in any language, each rendered once."""
    zone = texts.local_zone(application.services)
    rendered: dict[str, Rendered] = {}

    def render(locale: str) -> Rendered:
        if locale not in rendered:
            with use_locale(locale):
                rendered[locale] = texts.rendered_card(card, zone)
        return rendered[locale]

    return render


async def publish(application: CommunityApplication, proposal: Proposal) -> None:
    """A newly opened proposal: its card in the body's chat (the community's or the working
    group's) and to the body's members who follow."""
    decisions = application.services.decisions
    render = renderer(application, await decisions.stances.card(proposal))
    chat_id = await decisions.bodies.chat_of(proposal)
    if chat_id is not None:
        locale = application.services.settings.default_locale
        text, markup = render(locale)
        try:
            message = await application.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as error:
            logger.warning("card of proposal %s not posted to the chat: %s", proposal.id, error)
        else:
            await decisions.cards.save(proposal.number, chat_id, message.message_id, locale)
    for person in await decisions.cards.followers(proposal):
        await send_private_card(application, render, proposal, person)


async def send_private_card(
    application: CommunityApplication,
    render: Callable[[str], Rendered],
    proposal: Proposal,
    person: PersonView,
) -> None:
    """A live card in the person's private chat (replaces the one sent there before)."""
    settings = application.services.settings
    locale = settings.locale_for(person.language)
    text, markup = render(locale)
    message = await tell(application, person, lambda: (text, markup))
    if message is not None:
        await application.services.decisions.cards.save(
            proposal.number, person.telegram_id, message.message_id, locale
        )


async def show_card(application: CommunityApplication, card: Card, person: PersonView) -> None:
    """The live card of `card`'s proposal, privately to `person`."""
    await send_private_card(application, renderer(application, card), card.proposal, person)


async def refresh_soon(application: CommunityApplication, proposal_id: int) -> None:
    """Edit the cards now if the last sweep is old enough, else once when the pause is over;
    a burst of stances thus costs one sweep per interval."""
    assert application.job_queue is not None
    name = card_job_name(proposal_id)
    if application.job_queue.get_jobs_by_name(name):
        return
    wait = application.services.decisions.pacing.wait(proposal_id)
    if wait <= 0:
        await refresh_now(application, proposal_id)
    else:
        jobs.run_once(application, _refresh_job, wait, data=proposal_id, name=name, replace=False)


async def _refresh_job(context: BotContext) -> None:
    await refresh_now(context.community, job_proposal_id(context))


async def refresh_now(application: CommunityApplication, proposal_id: int) -> None:
    """Edit every card of the proposal to its current state."""
    decisions = application.services.decisions
    decisions.pacing.swept(proposal_id)
    proposal = await decisions.proposals.get(proposal_id)
    if proposal is None:
        return
    render = renderer(application, await decisions.stances.card(proposal))
    for card in await decisions.cards.of(proposal_id):
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
