"""Messages the bot sends about meetings on its own: invitations, the time poll, reminders,
change notices and feedback requests. Scheduled as jobs with stable names (after the update
that asked for them commits) and re-created from the database at start. Each notice is
claimed in the database in the same transaction that puts it in the broadcast outbox
(`bot.meetings.notices`), so it goes out once, paced, even across a crash."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.i18n import _
from bot.meetings.rules import invitations_kind
from bot.meetings.views import Invitation, JobPlan, MeetingView, Notice
from bot.outbox.notices import Batch, tell
from handlers.meetings.buttons import RATE
from handlers.meetings.render import (
    Rendered,
    card,
    invitation_markup,
    markup,
    poll_rows,
    poll_text,
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


def unschedule(application: CommunityApplication, meeting_id: int) -> None:
    """A meeting moved or cancelled: its reminders and feedback request go."""
    assert application.job_queue is not None
    for job in application.job_queue.jobs():
        if job.name and job.name.startswith(
            (f"meetings.remind.{meeting_id}.", f"meetings.feedback.{meeting_id}")
        ):
            job.schedule_removal()


def schedule_announcement(application: CommunityApplication, meeting_id: int, kind: str) -> None:
    """Send a queued change in a job, so a large audience does not hold up other updates."""
    name = f"meetings.announce.{meeting_id}.{kind}"
    data = {"meeting": meeting_id, "kind": kind}
    jobs.run_once(application, send_announcement, 0, name=name, data=data)


async def restore(context: BotContext) -> None:
    """At start: invitations not finished, reminders, feedback requests and announcements
    of changes, from the database."""
    found = await context.services.meetings.restore()
    for meeting_id, kind in found.announcements:
        schedule_announcement(context.community, meeting_id, kind)
    for plan in found.plans:
        schedule(context.community, plan)


# ----- the jobs -----------------------------------------------------------------------------


async def _send_once(
    context: BotContext, found: Notice | Invitation, notice: str, kind: str, render: Render
) -> None:
    """The message to the notice's people through the outbox, unless it went out already
    (claimed in the transaction that queues it)."""
    batch = _batch(context.community, kind, render)
    queue = partial(batch.add, people=found.people)
    await context.services.meetings.claim_notice(found.meeting.id, notice, queue)
    batch.start()


async def send_invitations(context: BotContext) -> None:
    """The invitation (or the time poll) to everyone in the audience not yet invited."""
    meeting_id = _meeting_id(context)
    meetings = context.services.meetings
    found = await meetings.invitation(meeting_id)
    if found is None:
        return
    if found.meeting.status is MeetingStatus.POLLING:
        await _send_once(context, found, "poll", "meeting_poll", partial(_poll, found))
        return
    invitation = _batch(
        context.community, invitations_kind(meeting_id), partial(_invitation, found)
    )
    await meetings.invite(meeting_id, found.people, invitation.add)
    invitation.start()


def _poll(found: Invitation) -> Rendered:
    return poll_text(found.meeting, found.slots, {}), markup(poll_rows(found.meeting, found.slots))


def _invitation(found: Invitation) -> Rendered:
    text = _("You are invited to a meeting.") + "\n\n"
    text += card(found.meeting, answer=None, going=found.going, show_link=False)
    return text, invitation_markup(found.meeting)


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
    return f"{text}\n\n{details}", None


async def ask_feedback(context: BotContext) -> None:
    found = await context.services.meetings.feedback_request(_meeting_id(context))
    if found is not None:
        render = partial(_feedback_request, found.meeting)
        await _send_once(context, found, "feedback", "meeting_feedback", render)


def _feedback_request(meeting: MeetingView) -> Rendered:
    text = _("How was «{title}»? Rate it from 1 to 5.").format(title=meeting.title)
    buttons = [InlineKeyboardButton(str(n), callback_data=RATE(meeting.id, n)) for n in range(1, 6)]
    return text, InlineKeyboardMarkup([buttons])


def _headline(meeting: MeetingView, what: str) -> str:
    if what == "time":
        return _("The time of «{title}» has changed: now {when}.").format(
            title=meeting.title, when=when_text(meeting)
        )
    if what == "place":
        return _("The place of «{title}» has changed.").format(title=meeting.title)
    return _("«{title}» is cancelled.").format(title=meeting.title)


async def send_announcement(context: BotContext) -> None:
    """The change to everyone who answered (and, for a time poll, everyone who voted)."""
    data = _data(context)
    meeting_id, kind = int(data["meeting"]), str(data["kind"])
    meetings = context.services.meetings
    found = await meetings.announcement(meeting_id)
    if found is None:
        return
    meeting, what = found.meeting, kind.split(":")[1]
    answers = {person.id: answer for person, answer in found.recipients}

    def render(label: str) -> Rendered:
        answer = Answer(label) if label else None
        details = card(meeting, answer=answer, going=found.going, show_link=answer is Answer.GOING)
        cancelled = meeting.status is MeetingStatus.CANCELLED
        reply_markup = None if cancelled else invitation_markup(meeting)
        return f"{_headline(meeting, what)}\n\n{details}", reply_markup

    def label(person: PersonView) -> str:
        answer = answers.get(person.id)
        return answer.value if answer else ""

    notice = Batch(context.community, kind="meeting_change", render=render, label=label)
    people = [person for person, _answer in found.recipients]
    await meetings.finish_announcement(meeting_id, kind, partial(notice.add, people=people))
    notice.start()


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
