"""What happens around a decision over time: opening, reminders, the deadline (extension or
closing), the posted outcome and the review date. Every timed step is a JobQueue job with a
stable name, re-created from the database when the bot starts (see `restore`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.core.text import MESSAGE, shorten
from bot.decisions.rules import REMINDER_BEFORE, DeadlineStep
from bot.decisions.views import AuthorLeft
from bot.i18n import N_, _, use_locale
from bot.membership.ending import Ended
from bot.outbox.notices import send_to_each, tell
from handlers.decisions import items, texts
from handlers.decisions.buttons import OUTCOME
from handlers.decisions.cards import job_proposal_id, publish, refresh_now
from handlers.kit.pages import send_parts
from models import Proposal, ProposalKind, ProposalState

logger = logging.getLogger(__name__)

RESTORE_JOB = "decisions.restore"

AUTHOR_LEFT = N_(
    "The author is no longer a member of the community, so the proposal is withdrawn; any "
    "member may propose it again."
)


def close_job_name(proposal_id: int) -> str:
    return f"decisions.close.{proposal_id}"


def remind_job_name(proposal_id: int) -> str:
    return f"decisions.remind.{proposal_id}"


def review_job_name(proposal_id: int) -> str:
    return f"decisions.review.{proposal_id}"


def _run_at(
    application: CommunityApplication,
    callback: jobs.JobCallback,
    moment: datetime,
    name: Callable[[int], str],
    proposal_id: int,
) -> None:
    """Replace the proposal's job of that name (never two) with one at `moment` (now if it
    is past)."""
    delay = max(0.0, (moment - application.services.decisions.clock()).total_seconds())
    jobs.run_once(application, callback, delay, data=proposal_id, name=name(proposal_id))


def schedule(application: CommunityApplication, proposal: Proposal) -> None:
    """The jobs a proposal needs in its current state."""
    number = proposal.number
    if proposal.state is ProposalState.OPEN and proposal.deadline is not None:
        _run_at(application, _close_job, proposal.deadline, close_job_name, number)
        if proposal.reminded_for != proposal.deadline:
            reminder = proposal.deadline - REMINDER_BEFORE
            _run_at(application, _remind_job, reminder, remind_job_name, number)
    if proposal.review_at is not None and proposal.reopened_as_id is None:
        _run_at(application, _review_job, proposal.review_at, review_job_name, number)


async def restore(context: BotContext) -> None:
    """At start: every open decision and every pending review gets its jobs again; an
    accepted addition to the plan that a stop interrupted gets its plan item."""
    decisions = context.services.decisions
    for proposal in await decisions.proposals.listing([ProposalState.OPEN], limit=10_000):
        schedule(context.community, proposal)
    for proposal in await decisions.closing.reviews_scheduled():
        schedule(context.community, proposal)
    for proposal in await decisions.proposals.listing([ProposalState.ACCEPTED], limit=100):
        if proposal.kind is ProposalKind.PLAN_ADD and proposal.plan_item_id is None:
            await decisions.plan.apply_accepted(proposal)


async def opened(application: CommunityApplication, proposal: Proposal) -> None:
    """Just opened (by a reviewer or on the review date): cards, jobs, the proposer told."""
    await publish(application, proposal)
    schedule(application, proposal)
    proposer = await application.services.decisions.bodies.person(proposal.proposer_id)
    if proposer is not None:
        message = N_("Your proposal #{number} «{title}» is open for decision until {deadline}.")
        await tell(application, proposer, lambda: _until(application, proposal, message))


async def _remind(
    application: CommunityApplication, proposal: Proposal, people: list[PersonView]
) -> None:
    """Through the broadcast outbox: a body may be the whole community."""
    message = N_("Your stance is awaited on proposal #{number} «{title}» until {deadline}.")
    await send_to_each(
        application,
        kind="decision_reminder",
        people=people,
        render=lambda _label: _until(application, proposal, message),
    )


def _until(
    application: CommunityApplication, proposal: Proposal, message: str
) -> tuple[str, InlineKeyboardMarkup]:
    """About the open `proposal` (`message`: an N_ id with {number}, {title} and {deadline}),
    with a button to its card."""
    deadline = proposal.deadline
    assert deadline is not None
    text = _(message).format(
        number=proposal.id,
        title=proposal.title,
        deadline=texts.moment(deadline, texts.local_zone(application.services)),
    )
    return text, texts.card_button(proposal)


async def _remind_job(context: BotContext) -> None:
    """24 hours before the deadline: those who have not taken a stance are reminded (once)."""
    decisions = context.services.decisions
    proposal = await decisions.proposals.get(job_proposal_id(context))
    if proposal is None or proposal.state is not ProposalState.OPEN or proposal.deadline is None:
        return
    if decisions.clock() < proposal.deadline - REMINDER_BEFORE:
        schedule(context.community, proposal)  # woke early: wait for the real moment
        return
    if await decisions.closing.mark_reminded(proposal.number, proposal.deadline):
        people = await decisions.stances.missing(proposal)
        await _remind(context.community, proposal, people)


async def _close_job(context: BotContext) -> None:
    """The deadline: extend once without quorum, else close and post the outcome (once)."""
    application = context.community
    decisions = application.services.decisions
    proposal_id = job_proposal_id(context)
    result = await decisions.closing.deadline_reached(proposal_id)
    if result is None:
        proposal = await decisions.proposals.get(proposal_id)
        if proposal is not None and proposal.state is ProposalState.OPEN:
            schedule(application, proposal)  # woke early: wait for the real moment
        return
    if result.step is DeadlineStep.EXTEND:
        extended = result.proposal
        assert extended.deadline is not None
        await decisions.closing.mark_reminded(proposal_id, extended.deadline)
        schedule(application, extended)
        await refresh_now(application, proposal_id)
        await _remind(application, extended, result.to_remind)
        return
    await closed(application, result.proposal)


async def closed(
    application: CommunityApplication, proposal: Proposal, *, author_left: bool = False
) -> None:
    """Closed: the cards show the result; the outcome with every stance is posted (saying
    why, when the author's membership ended; then the author is not told); the coordinators
    are asked for the written outcome."""
    after = await application.services.decisions.closing.closed(proposal)
    await items.tell_responsible(application, after.applied)
    for name in (close_job_name(proposal.number), remind_job_name(proposal.number)):
        jobs.cancel(application, name)
    await refresh_now(application, proposal.number)
    if after.chat_id is not None:
        with use_locale(application.services.settings.default_locale):
            text = texts.closed_text(after.card)
            if author_left:
                text += "\n\n" + _(AUTHOR_LEFT)
        try:
            await send_parts(application.bot, after.chat_id, text)
        except TelegramError as error:
            logger.warning("outcome of proposal %s not posted: %s", proposal.id, error)
    if after.proposer is not None and not author_left:
        await tell(
            application,
            after.proposer,
            lambda: (shorten(texts.closed_text(after.card), MESSAGE), texts.card_button(proposal)),
        )
    for coordinator in after.coordinators:
        await tell(application, coordinator, lambda: _ask_outcome(proposal))


async def tell_ended(context: BotContext, ended: Ended) -> None:
    """After `MembershipEnd`: the author's open proposals closed as withdrawn are posted;
    those not opened yet end without a word (nobody had them but the reviewers)."""
    left = ended.of(AuthorLeft)
    for proposal in left.opened if left else []:
        await closed(context.community, proposal, author_left=True)


def _ask_outcome(proposal: Proposal) -> tuple[str, InlineKeyboardMarkup]:
    text = _("Proposal #{number} «{title}» is closed: {state}. Please write the outcome.").format(
        number=proposal.id, title=proposal.title, state=texts.state_name(proposal.state)
    )
    button = InlineKeyboardButton(_("Write the outcome"), callback_data=OUTCOME(proposal.number))
    return text, InlineKeyboardMarkup([[button]])


async def _review_job(context: BotContext) -> None:
    """The review date: the same question goes to the same body again."""
    decisions = context.services.decisions
    proposal_id = job_proposal_id(context)
    again = await decisions.closing.reopen_for_review(proposal_id)
    if again is None:
        original = await decisions.proposals.get(proposal_id)
        if original is not None and original.reopened_as_id is None:
            schedule(context.community, original)  # woke early
        return
    await opened(context.community, again)
