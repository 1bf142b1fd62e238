"""Messages the bot sends about meetings on its own: invitations, the time poll with its
reminder and its close, reminders, feedback requests. Scheduled as jobs with stable names
(after the update that asked for them commits) and re-created from the database at start.
Each notice is claimed in the database in the same transaction that puts it in the broadcast
outbox (`bot.meetings.notices`), so it goes out once, paced, even across a crash. Changes are
announced by `announce`, the group chat's card is `group_card`'s."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.i18n import _
from bot.meetings.outgoing import Invitation, Notice, PollNotice
from bot.meetings.rules import POLL_CLOSED, POLL_REMIND, invitations_kind, poll_kind
from bot.meetings.views import JobPlan, MeetingView
from bot.outbox.notices import Batch, tell
from handlers.meetings import announce, group_card
from handlers.meetings.buttons import RATE
from handlers.meetings.moments import local_time
from handlers.meetings.poll_card import fix_rows, poll_rows, poll_text, tally_text
from handlers.meetings.render import (
    Rendered,
    cant_come_markup,
    card,
    invitation_markup,
    markup,
    when_text,
)
from models import Answer, MeetingStatus

INVITE_DELAY_SECONDS = 1
Render = Callable[[], Rendered]


def _batch(application: CommunityApplication, kind: str, render: Render) -> Batch:
    """The same message (in each person's language) to many people, through the outbox."""
    return Batch(application, kind=kind, render=lambda _label: render())


def _data(context: BotContext) -> dict[str, int | str]:
    assert context.job is not None and isinstance(context.job.data, dict)
    return context.job.data


def _meeting_id(context: BotContext) -> int:
    assert context.job is not None and isinstance(context.job.data, int)
    return context.job.data


# ----- scheduling ---------------------------------------------------------------------------


def schedule(application: CommunityApplication, plan: JobPlan) -> None:
    """The jobs the service planned for one meeting (after the update commits)."""
    meeting_id = plan.meeting_id
    if plan.invite:
        name = f"meetings.invite.{meeting_id}"
        jobs.run_once(
            application, send_invitations, INVITE_DELAY_SECONDS, name=name, data=meeting_id
        )
    for offset, due in plan.reminders:
        name = f"meetings.remind.{meeting_id}.{offset}"
        data = {"meeting": meeting_id, "offset": offset}
        jobs.run_once(application, send_reminder, due, name=name, data=data)
    if plan.feedback_at is not None:
        name = f"meetings.feedback.{meeting_id}"
        jobs.run_once(application, ask_feedback, plan.feedback_at, name=name, data=meeting_id)
    if plan.poll_reminder_at is not None:
        name = f"meetings.poll_remind.{meeting_id}"
        when = plan.poll_reminder_at
        jobs.run_once(application, remind_to_vote, when, name=name, data=meeting_id)
    if plan.poll_close_at is not None:
        name = f"meetings.poll_close.{meeting_id}"
        jobs.run_once(application, close_poll, plan.poll_close_at, name=name, data=meeting_id)


def unschedule(application: CommunityApplication, meeting_id: int) -> None:
    """A meeting moved or cancelled: its reminders, feedback request and poll jobs go."""
    assert application.job_queue is not None
    names = ("remind", "feedback", "poll_remind", "poll_close")
    prefixes = tuple(f"meetings.{name}.{meeting_id}" for name in names)
    for job in application.job_queue.jobs():
        name = job.name or ""
        if any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes):
            job.schedule_removal()


async def restore(context: BotContext) -> None:
    """At start: invitations not finished, reminders, feedback requests, time polls and
    announcements of changes, from the database."""
    found = await context.services.meetings.restore()
    for meeting_id, kind in found.announcements:
        announce.schedule_announcement(context.community, meeting_id, kind)
    for plan in found.plans:
        schedule(context.community, plan)


# ----- the jobs -----------------------------------------------------------------------------


async def _send_once(
    context: BotContext,
    found: Notice | Invitation | PollNotice,
    notice: str,
    kind: str,
    render: Render,
) -> None:
    """The message to the notice's people through the outbox, unless it went out already
    (claimed in the transaction that queues it)."""
    batch = _batch(context.community, kind, render)
    queue = partial(batch.add, people=found.people)
    await context.services.meetings.claim_notice(found.meeting.id, notice, queue)
    batch.start()


async def send_invitations(context: BotContext) -> None:
    """The invitation (or the time poll) to everyone in the audience not yet invited, and
    the card in the working group's chat."""
    meeting_id = _meeting_id(context)
    meetings = context.services.meetings
    found = await meetings.invitation(meeting_id)
    if found is None:
        return
    if found.meeting.status is MeetingStatus.POLLING:
        render = partial(_poll, found)
        await _send_once(context, found, "poll", poll_kind(meeting_id), render)
        return
    batches: list[Batch] = []

    async def queue(
        session: AsyncSession, people: Sequence[PersonView], answers: Mapping[int, Answer]
    ) -> None:
        batch = Batch(
            context.community,
            kind=invitations_kind(meeting_id),
            render=partial(_invitation, found),
            label=lambda person: answers[person.id].value,
        )
        await batch.add(session, people)
        batches.append(batch)

    await meetings.invite(meeting_id, found.people, queue)
    for batch in batches:
        batch.start()
    if found.group_chat is not None:
        await group_card.post(context.community, found.meeting, found.going, found.group_chat)


def _poll(found: Invitation) -> Rendered:
    return poll_text(found.meeting, found.slots, {}), markup(poll_rows(found.meeting, found.slots))


def _invitation(found: Invitation, label: str) -> Rendered:
    """The invitation; someone a time poll registered (their Yes) learns they are going, or
    waiting for a place."""
    answer = Answer(label)
    if answer is Answer.GOING:
        text = _("The time is chosen, and you said Yes to it: you are registered.")
    elif answer is Answer.WAITING:
        text = _(
            "The time is chosen, and you said Yes to it; the places are taken, so you are on "
            "the waiting list."
        )
    else:
        text = _("You are invited to a meeting.")
    registered = answer in (Answer.GOING, Answer.WAITING)
    details = card(
        found.meeting,
        answer=answer if registered else None,
        going=found.going,
        show_link=answer is Answer.GOING,
    )
    return f"{text}\n\n{details}", invitation_markup(found.meeting)


async def send_reminder(context: BotContext) -> None:
    data = _data(context)
    meeting_id, offset = int(data["meeting"]), int(data["offset"])
    found = await context.services.meetings.reminder(meeting_id)
    if found is not None:
        render = partial(_reminder, found)
        await _send_once(context, found, f"remind:{offset}", "meeting_reminder", render)


def _reminder(found: Notice) -> Rendered:
    meeting = found.meeting
    text = _("Reminder: «{title}» starts {when}.").format(
        title=meeting.title, when=when_text(meeting)
    )
    details = card(meeting, answer=Answer.GOING, going=len(found.people), show_link=True)
    return f"{text}\n\n{details}", cant_come_markup(meeting)


async def ask_feedback(context: BotContext) -> None:
    found = await context.services.meetings.feedback_request(_meeting_id(context))
    if found is not None:
        render = partial(_feedback_request, found.meeting)
        await _send_once(context, found, "feedback", "meeting_feedback", render)


def _feedback_request(meeting: MeetingView) -> Rendered:
    text = _("How was «{title}»? Rate it from 1 to 5.").format(title=meeting.title)
    buttons = [InlineKeyboardButton(str(n), callback_data=RATE(meeting.id, n)) for n in range(1, 6)]
    return text, InlineKeyboardMarkup([buttons])


async def remind_to_vote(context: BotContext) -> None:
    """Before a time poll's deadline: those who have not voted get the poll again."""
    found = await context.services.meetings.poll_reminder(_meeting_id(context))
    if found is not None:
        render = partial(_vote_reminder, found)
        await _send_once(context, found, POLL_REMIND, "meeting_poll_reminder", render)


def _vote_reminder(found: PollNotice) -> Rendered:
    meeting = found.meeting
    deadline = meeting.poll_deadline or meeting.starts_at
    text = _("You have not voted yet: voting closes {when}.").format(
        when=local_time(meeting, deadline)
    )
    poll = poll_text(meeting, found.slots, {})
    return f"{text}\n\n{poll}", markup(poll_rows(meeting, found.slots))


async def close_poll(context: BotContext) -> None:
    """At a time poll's deadline: voting ends and its organiser gets the votes, with a
    button for each time."""
    meetings = context.services.meetings
    found = await meetings.poll_closing(_meeting_id(context))
    if found is None or not await meetings.claim_notice(found.meeting.id, POLL_CLOSED):
        return
    for person in found.people:
        await tell(context.community, person, partial(_poll_closed, found))


def _poll_closed(found: PollNotice) -> Rendered:
    meeting = found.meeting
    text = _("Voting on the time of «{title}» (#{id}) is closed. Choose the time:").format(
        title=meeting.title, id=meeting.id
    )
    return f"{text}\n\n{tally_text(meeting, found.tallies)}", markup(
        fix_rows(meeting, found.tallies)
    )


async def tell_promoted(
    application: CommunityApplication,
    meeting: MeetingView,
    going: int,
    people: Sequence[PersonView],
) -> None:
    """People moved up from the waiting list learn that they now have a place."""

    def render() -> Rendered:
        text = _("A place became free: you are now registered for «{title}».").format(
            title=meeting.title
        )
        return f"{text}\n\n{card(meeting, answer=Answer.GOING, going=going, show_link=True)}", None

    for person in people:
        await tell(application, person, render)
