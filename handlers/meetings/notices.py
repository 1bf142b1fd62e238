"""Messages the bot sends about meetings on its own: invitations, the time poll, reminders,
change notices and feedback requests. Scheduled as jobs with stable names and re-created
from the database at start. Each notice is claimed in the database in the same transaction
that puts it in the broadcast outbox, so it goes out once, paced, even across a crash."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot import jobs
from bot.context import BotContext, Services
from bot.groups import GroupDirectory
from bot.i18n import _
from bot.meetings import service as meetings
from bot.meetings.service import WorkingGroups
from bot.outbox.notices import Batch, tell
from handlers.meetings.render import (
    PREFIX,
    card,
    invitation_markup,
    poll_markup,
    poll_text,
    when_text,
)
from models import Answer, Meeting, MeetingStatus, Person, utcnow

GROUPS_KEY = "meetings.groups"
REMINDERS_KEY = "meetings.reminders"
INVITE_DELAY_SECONDS = 1
Render = Callable[[], tuple[str, InlineKeyboardMarkup | None]]


def working_groups(application: Application) -> WorkingGroups:
    """The working groups (a test may put a stand-in at GROUPS_KEY)."""
    services: Services = application.services  # type: ignore[attr-defined]
    return application.bot_data.get(GROUPS_KEY) or GroupDirectory(services.db)


def invitations_kind(meeting_id: int) -> str:
    """The broadcasts of one meeting's invitations (their delivery is shown to its organiser)."""
    return f"meeting_invite:{meeting_id}"


def _batch(application: Application, kind: str, render: Render) -> Batch:
    """The same message (in each person's language) to many people, through the outbox."""
    return Batch(application, kind=kind, render=lambda _label: render())


def schedule_invitations(application: Application, meeting_id: int) -> None:
    assert application.job_queue is not None
    name = f"meetings.invite.{meeting_id}"
    jobs.run_once(application, send_invitations, INVITE_DELAY_SECONDS, name=name, data=meeting_id)


async def send_invitations(context: BotContext) -> None:
    """The invitation (or the time poll) to everyone in the audience not yet invited."""
    meeting_id = int(context.job.data)  # type: ignore[union-attr,arg-type]
    db = context.services.db
    meeting = await meetings.get(db, meeting_id)
    if meeting is None or meeting.status is MeetingStatus.CANCELLED:
        return
    people = await meetings.audience(db, meeting, working_groups(context.application))
    if meeting.status is MeetingStatus.POLLING:
        slots = await meetings.slots(db, meeting_id)
        poll = _batch(
            context.application,
            "meeting_poll",
            lambda: (poll_text(meeting, slots, {}), poll_markup(meeting, slots)),
        )
        await meetings.claim_notice(db, meeting_id, "poll", partial(poll.add, people=people))
        poll.start()
        return
    if meeting.starts_at <= utcnow():
        return
    going = await meetings.count_going(db, meeting_id)
    invitation = _batch(
        context.application, invitations_kind(meeting_id), lambda: _invitation(meeting, going)
    )
    await meetings.invite(db, meeting_id, people, invitation.add)
    invitation.start()


def _invitation(meeting: Meeting, going: int) -> tuple[str, InlineKeyboardMarkup]:
    text = _("You are invited to a meeting.") + "\n\n"
    text += card(meeting, answer=None, going=going, show_link=False)
    return text, invitation_markup(meeting)


def reminder_offsets(application: Application) -> tuple[int, ...]:
    return application.bot_data.get(REMINDERS_KEY) or meetings.reminder_offsets(None)


def schedule_meeting_jobs(application: Application, meeting: Meeting, sent: set[str]) -> None:
    """Reminders before a scheduled meeting and the feedback request at its end."""
    assert application.job_queue is not None and meeting.id is not None
    now = utcnow()
    upcoming, _dropped = meetings.reminder_plan(meeting, sent, now, reminder_offsets(application))
    for offset, due in upcoming:
        name = f"meetings.remind.{meeting.id}.{offset}"
        data = {"meeting": meeting.id, "offset": offset}
        jobs.run_once(application, send_reminder, max(due, now), name=name, data=data)
    if "feedback" not in sent:
        name = f"meetings.feedback.{meeting.id}"
        jobs.run_once(
            application, ask_feedback, max(meeting.ends_at, now), name=name, data=meeting.id
        )


def unschedule(application: Application, meeting_id: int) -> None:
    assert application.job_queue is not None
    for job in application.job_queue.jobs():
        if job.name and job.name.startswith(
            (f"meetings.remind.{meeting_id}.", f"meetings.feedback.{meeting_id}")
        ):
            job.schedule_removal()


async def plan(application: Application, meeting: Meeting) -> None:
    """(Re)create the jobs of one meeting from the database; drops overdue old reminders."""
    db = application.services.db  # type: ignore[attr-defined]
    assert meeting.id is not None
    sent = await meetings.sent_notices(db, meeting.id)
    offsets = reminder_offsets(application)
    _upcoming, dropped = meetings.reminder_plan(meeting, sent, utcnow(), offsets)
    for offset in dropped:
        await meetings.claim_notice(db, meeting.id, f"remind:{offset}")
        sent.add(f"remind:{offset}")
    if meeting.status is MeetingStatus.SCHEDULED:
        schedule_meeting_jobs(application, meeting, sent)


async def restore(context: BotContext) -> None:
    """At start: invitations not finished, reminders, feedback requests and announcements
    of changes, from the database."""
    for meeting_id, kind in await meetings.pending_announcements(context.services.db):
        _schedule_announcement(context.application, meeting_id, kind)
    for meeting in await meetings.active_meetings(context.services.db, utcnow()):
        assert meeting.id is not None
        if meeting.starts_at > utcnow():
            schedule_invitations(context.application, meeting.id)
        await plan(context.application, meeting)


async def send_reminder(context: BotContext) -> None:
    data = context.job.data  # type: ignore[union-attr]
    meeting_id, offset = int(data["meeting"]), int(data["offset"])
    db = context.services.db
    meeting = await meetings.get(db, meeting_id)
    if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
        return
    if meeting.starts_at <= utcnow():
        return
    going = await meetings.people_with(db, meeting_id, [Answer.GOING])

    def render() -> tuple[str, InlineKeyboardMarkup | None]:
        text = _("Reminder: «{title}» starts {when}.").format(
            title=meeting.title, when=when_text(meeting)
        )
        details = card(meeting, answer=Answer.GOING, going=len(going), show_link=True)
        return f"{text}\n\n{details}", None

    reminder = _batch(context.application, "meeting_reminder", render)
    queue = partial(reminder.add, people=going)
    await meetings.claim_notice(db, meeting_id, f"remind:{offset}", queue)
    reminder.start()


async def ask_feedback(context: BotContext) -> None:
    meeting_id = int(context.job.data)  # type: ignore[union-attr,arg-type]
    db = context.services.db
    meeting = await meetings.get(db, meeting_id)
    if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
        return
    if meeting.ends_at > utcnow():
        return
    going = await meetings.people_with(db, meeting_id, [Answer.GOING])

    def render() -> tuple[str, InlineKeyboardMarkup | None]:
        text = _("How was «{title}»? Rate it from 1 to 5.").format(title=meeting.title)
        buttons = [
            InlineKeyboardButton(str(n), callback_data=f"{PREFIX}r:{meeting_id}:{n}")
            for n in range(1, 6)
        ]
        return text, InlineKeyboardMarkup([buttons])

    request = _batch(context.application, "meeting_feedback", render)
    await meetings.claim_notice(db, meeting_id, "feedback", partial(request.add, people=going))
    request.start()


def _headline(meeting: Meeting, what: str) -> str:
    if what == "time":
        return _("The time of «{title}» has changed: now {when}.").format(
            title=meeting.title, when=when_text(meeting)
        )
    if what == "place":
        return _("The place of «{title}» has changed.").format(title=meeting.title)
    return _("«{title}» is cancelled.").format(title=meeting.title)


async def announce(application: Application, meeting_id: int, what: str) -> int:
    """Queue the announcement of a change (time, place, cancel) and send it in a job, so a
    large audience does not hold up other updates; returns how many will be told. Queued in
    the database: a restart before it is done sends it again."""
    db = application.services.db  # type: ignore[attr-defined]
    kind = await meetings.queue_announcement(db, meeting_id, what)
    _schedule_announcement(application, meeting_id, kind)
    return len(await meetings.recipients_of_changes(db, meeting_id))


def _schedule_announcement(application: Application, meeting_id: int, kind: str) -> None:
    assert application.job_queue is not None
    name = f"meetings.announce.{meeting_id}.{kind}"
    data = {"meeting": meeting_id, "kind": kind}
    jobs.run_once(application, send_announcement, 0, name=name, data=data)


async def send_announcement(context: BotContext) -> None:
    """The change to everyone who answered (and, for a time poll, everyone who voted)."""
    data = context.job.data  # type: ignore[union-attr]
    meeting_id, kind = int(data["meeting"]), str(data["kind"])
    db = context.services.db
    meeting = await meetings.get(db, meeting_id)
    if meeting is None:
        return
    what = kind.split(":")[1]
    going = await meetings.count_going(db, meeting_id)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    recipients = await meetings.recipients_of_changes(db, meeting_id)
    answers = {person.id: answer for person, answer in recipients}

    def render(label: str) -> tuple[str, InlineKeyboardMarkup | None]:
        answer = Answer(label) if label else None
        details = card(meeting, answer=answer, going=going, show_link=answer is Answer.GOING)
        reply_markup = None if cancelled else invitation_markup(meeting)
        return f"{_headline(meeting, what)}\n\n{details}", reply_markup

    def label(person: Person) -> str:
        answer = answers.get(person.id)
        return answer.value if answer else ""

    notice = Batch(context.application, kind="meeting_change", render=render, label=label)
    people = [person for person, _answer in recipients]
    await meetings.finish_announcement(db, meeting_id, kind, partial(notice.add, people=people))
    notice.start()


async def tell_promoted(context: BotContext, meeting: Meeting, people: Sequence[Person]) -> None:
    """People moved up from the waiting list learn that they now have a place."""
    assert meeting.id is not None
    going = await meetings.count_going(context.services.db, meeting.id)

    def render() -> tuple[str, InlineKeyboardMarkup | None]:
        text = _("A place became free: you are now registered for «{title}».").format(
            title=meeting.title
        )
        return f"{text}\n\n{card(meeting, answer=Answer.GOING, going=going, show_link=True)}", None

    for person in people:
        await tell(context.application, person, render)
