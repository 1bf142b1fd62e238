"""A change of a meeting (its time, its place, its cancellation) announced to everyone invited:
a new message to each, in their language and with their answer, and their invitation (or, for
a cancelled time poll, the poll) edited to show the change; the working group chat's card too.
Both go through the outbox, queued in the transaction that takes the change off the list."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.i18n import _
from bot.meetings.outgoing import Announcement
from bot.meetings.views import MeetingView
from bot.outbox.notices import Batch
from handlers.meetings import group_card
from handlers.meetings.render import Rendered, card, invitation_markup, local_time, when_text
from models import Answer, MeetingStatus


def schedule_announcement(application: CommunityApplication, meeting_id: int, kind: str) -> None:
    """Send a queued change in a job, so a large audience does not hold up other updates."""
    name = f"meetings.announce.{meeting_id}.{kind}"
    data = {"meeting": meeting_id, "kind": kind}
    jobs.run_once(application, send_announcement, 0, name=name, data=data)


def _before(found: Announcement) -> str:
    """The time a meeting had before it moved."""
    if not found.before:
        return "—"
    return local_time(found.meeting, datetime.fromisoformat(found.before))


def _headline(found: Announcement) -> str:
    """The first line of the new message about the change."""
    meeting = found.meeting
    if found.what == "time":
        return _("The time of «{title}» has changed: {before} → {when}.").format(
            title=meeting.title, before=_before(found), when=when_text(meeting)
        )
    if found.what == "place":
        return _("The place of «{title}» has changed.").format(title=meeting.title)
    return _("«{title}» is cancelled.").format(title=meeting.title)


def change_line(found: Announcement) -> str:
    """What changed, old → new, on top of an edited invitation or card."""
    meeting = found.meeting
    if found.what == "time":
        return _("The time has changed: {before} → {now}.").format(
            before=_before(found), now=local_time(meeting, meeting.starts_at)
        )
    if found.what == "place" and found.before and meeting.place:
        return _("The place has changed: {before} → {now}.").format(
            before=found.before, now=meeting.place
        )
    if found.what == "place":
        return _("The place or the online link has changed.")
    return _("Cancelled by the organiser.")


def _details(found: Announcement, answer: Answer | None) -> Rendered:
    """The meeting as it is now for someone with this answer, and their buttons."""
    meeting = found.meeting
    going = answer is Answer.GOING
    details = card(meeting, answer=answer, going=found.going, show_link=going)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    return details, None if cancelled else invitation_markup(meeting)


def _answer(label: str) -> Answer | None:
    return Answer(label) if label else None


def _notice(found: Announcement, label: str) -> Rendered:
    details, reply_markup = _details(found, _answer(label))
    return f"{_headline(found)}\n\n{details}", reply_markup


def _edited(found: Announcement, label: str) -> Rendered:
    """An invitation (or a cancelled poll) after the change."""
    if found.before == MeetingStatus.POLLING:
        return _poll_cancelled(found.meeting), None
    details, reply_markup = _details(found, _answer(label))
    return f"{change_line(found)}\n\n{details}", reply_markup


def _poll_cancelled(meeting: MeetingView) -> str:
    text = _("The time poll for «{title}» is cancelled.").format(title=meeting.title)
    if meeting.cancel_reason:
        text += "\n" + _("Reason: {reason}").format(reason=meeting.cancel_reason)
    return text


async def send_announcement(context: BotContext) -> None:
    """The change to everyone invited (and, for a time poll, everyone who got it or voted);
    their invitations edited."""
    assert context.job is not None and isinstance(context.job.data, dict)
    meeting_id, kind = int(context.job.data["meeting"]), str(context.job.data["kind"])
    meetings = context.services.meetings
    found = await meetings.announcement(meeting_id, kind)
    if found is None:
        return
    answers = {person.id: answer for person, answer in found.recipients}

    def label(person: PersonView) -> str:
        answer = answers.get(person.id)
        return answer.value if answer else ""

    polling = found.before == MeetingStatus.POLLING
    application = context.community
    render = partial(_edited, found) if polling else partial(_notice, found)
    notice = Batch(application, kind="meeting_change", render=render, label=label)
    edits = Batch(application, kind="meeting_edit", render=partial(_edited, found), label=label)
    people = [person for person, _answer in found.recipients]

    async def queue(session: AsyncSession) -> None:
        await notice.add(session, people)
        await edits.add(session, people, edit=found.messages)

    if not await meetings.finish_announcement(meeting_id, kind, queue):
        return
    notice.start()
    edits.start()
    await group_card.refresh(application, meeting_id, change_line(found))
