"""What happens around a decision over time: opening, reminders, the deadline (extension or
closing), the posted outcome and the review date. Every timed step is a JobQueue job with a
stable name, re-created from the database when the bot starts (see `restore`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import Application

from bot import jobs
from bot.context import BotContext
from bot.core.people import PersonView
from bot.decisions.rules import REMINDER_BEFORE, DeadlineStep
from bot.i18n import N_, _, use_locale
from bot.outbox.notices import send_to_each, tell
from handlers.decisions import texts
from handlers.decisions.cards import publish, refresh_now
from handlers.decisions.runtime import job_proposal_id, runtime, services, zone
from models import Proposal, ProposalKind, ProposalState

logger = logging.getLogger(__name__)

RESTORE_JOB = "decisions.restore"


def close_job_name(proposal_id: int) -> str:
    return f"decisions.close.{proposal_id}"


def remind_job_name(proposal_id: int) -> str:
    return f"decisions.remind.{proposal_id}"


def review_job_name(proposal_id: int) -> str:
    return f"decisions.review.{proposal_id}"


JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]


def _run_at(
    application: Application, callback: JobCallback, moment: datetime, name: str, data: int
) -> None:
    """Replace the job of that name (never two) with one at `moment` (now if it is past)."""
    delay = max(0.0, (moment - runtime(application).proposals.clock()).total_seconds())
    jobs.run_once(application, callback, delay, data=data, name=name)


def schedule(application: Application, proposal: Proposal) -> None:
    """The jobs a proposal needs in its current state."""
    assert proposal.id is not None
    if proposal.state is ProposalState.OPEN and proposal.deadline is not None:
        _run_at(
            application, _close_job, proposal.deadline, close_job_name(proposal.id), proposal.id
        )
        if proposal.reminded_for != proposal.deadline:
            _run_at(
                application,
                _remind_job,
                proposal.deadline - REMINDER_BEFORE,
                remind_job_name(proposal.id),
                proposal.id,
            )
    if proposal.review_at is not None and proposal.reopened_as_id is None:
        _run_at(
            application, _review_job, proposal.review_at, review_job_name(proposal.id), proposal.id
        )


async def restore(context: BotContext) -> None:
    """At start: every open decision and every pending review gets its jobs again; an
    accepted addition to the plan that a stop interrupted gets its plan item."""
    decisions = runtime(context.application)
    for proposal in await decisions.proposals.listing([ProposalState.OPEN], limit=10_000):
        schedule(context.application, proposal)
    for proposal in await decisions.proposals.reviews_scheduled():
        schedule(context.application, proposal)
    for proposal in await decisions.proposals.listing([ProposalState.ACCEPTED], limit=100):
        if proposal.kind is ProposalKind.PLAN_ADD and proposal.plan_item_id is None:
            await decisions.plan.apply_accepted(proposal)


def _card_button(proposal: Proposal) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Open the card"), callback_data=f"dc:c:{proposal.id}")]]
    )


async def opened(application: Application, proposal: Proposal) -> None:
    """Just opened (by a coordinator or on the review date): cards, jobs, the proposer told."""
    await publish(application, proposal)
    schedule(application, proposal)
    proposer = await runtime(application).proposals.person(proposal.proposer_id)
    if proposer is not None:
        await _tell_until(
            application,
            proposer,
            proposal,
            N_("Your proposal #{number} «{title}» is open for decision until {deadline}."),
        )


async def _remind(application: Application, proposal: Proposal, people: list[PersonView]) -> None:
    """Through the broadcast outbox: a body may be the whole community."""
    message = N_("Your stance is awaited on proposal #{number} «{title}» until {deadline}.")
    await send_to_each(
        application,
        kind="decision_reminder",
        people=people,
        render=lambda _label: _until(application, proposal, message),
    )


async def _tell_until(
    application: Application, person: PersonView, proposal: Proposal, message: str
) -> None:
    await tell(application, person, lambda: _until(application, proposal, message))


def _until(
    application: Application, proposal: Proposal, message: str
) -> tuple[str, InlineKeyboardMarkup]:
    """About the open `proposal` (`message`: an N_ id with {number}, {title} and {deadline}),
    with a button to its card."""
    deadline = proposal.deadline
    assert deadline is not None
    text = _(message).format(
        number=proposal.id,
        title=proposal.title,
        deadline=texts.moment(deadline, zone(application)),
    )
    return text, _card_button(proposal)


async def _remind_job(context: BotContext) -> None:
    """24 hours before the deadline: those who have not taken a stance are reminded (once)."""
    assert context.job is not None
    service = runtime(context.application).proposals
    proposal = await service.get(job_proposal_id(context))
    if proposal is None or proposal.state is not ProposalState.OPEN or proposal.deadline is None:
        return
    if service.clock() < proposal.deadline - REMINDER_BEFORE:
        schedule(context.application, proposal)  # woke early: wait for the real moment
        return
    if await service.mark_reminded(proposal.number, proposal.deadline):
        await _remind(context.application, proposal, await service.without_stance(proposal))


async def _close_job(context: BotContext) -> None:
    """The deadline: extend once without quorum, else close and post the outcome (once)."""
    assert context.job is not None
    application = context.application
    service = runtime(application).proposals
    proposal_id = job_proposal_id(context)
    result = await service.deadline_reached(proposal_id)
    if result is None:
        proposal = await service.get(proposal_id)
        if proposal is not None and proposal.state is ProposalState.OPEN:
            schedule(application, proposal)  # woke early: wait for the real moment
        return
    if result.step is DeadlineStep.EXTEND:
        await service.mark_reminded(proposal_id, result.proposal.deadline)  # type: ignore[arg-type]
        schedule(application, result.proposal)
        await refresh_now(application, proposal_id)
        await _remind(application, result.proposal, result.to_remind)
        return
    await closed(application, result.proposal)


async def closed(application: Application, proposal: Proposal) -> None:
    """Closed: the cards show the result; the outcome with every stance is posted; the
    coordinators are asked for the written outcome."""
    service = runtime(application).proposals
    await runtime(application).plan.apply_accepted(proposal)
    assert application.job_queue is not None
    for name in (close_job_name(proposal.number), remind_job_name(proposal.number)):
        for job in application.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    await refresh_now(application, proposal.number)
    stances = await service.stances(proposal)
    tally = await service.tally(proposal)
    chat_id = await service.chat_of(proposal)
    if chat_id is not None:
        with use_locale(services(application).settings.default_locale):
            text = texts.closed_text(proposal, tally, stances)
        try:
            for part in texts.chunks(text):
                await application.bot.send_message(chat_id, part)
        except TelegramError as error:
            logger.warning("outcome of proposal %s not posted: %s", proposal.id, error)
    proposer = await service.person(proposal.proposer_id)
    if proposer is not None:
        await tell(
            application,
            proposer,
            lambda: (texts.chunks(texts.closed_text(proposal, tally, stances))[0], None),
        )
    for coordinator in await service.coordinators():
        await tell(
            application,
            coordinator,
            lambda: (
                _(
                    "Proposal #{number} «{title}» is closed: {state}. Please write the outcome."
                ).format(
                    number=proposal.id, title=proposal.title, state=texts.state_name(proposal.state)
                ),
                InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                _("Write the outcome"), callback_data=f"dc:out:{proposal.id}"
                            )
                        ]
                    ]
                ),
            ),
        )


async def _review_job(context: BotContext) -> None:
    """The review date: the same question goes to the same body again."""
    assert context.job is not None
    service = runtime(context.application).proposals
    proposal_id = job_proposal_id(context)
    again = await service.reopen_for_review(proposal_id)
    if again is None:
        original = await service.get(proposal_id)
        if original is not None and original.reopened_as_id is None:
            schedule(context.application, original)  # woke early
        return
    await opened(context.application, again)
