"""The weekly digest of each working group, sent privately to its members.

A digest is made of sections; each source gives one section for a group and a period, or
None when it has nothing to say: new members, tasks done, the group's decisions (closed and
opened since the last digest) and its meetings ahead, from the services of those features.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial

from bot.context import BotContext
from bot.core import state
from bot.core.text import fit_lines
from bot.decisions.service import group_decisions_since
from bot.i18n import N_, _
from bot.meetings.views import when_text
from bot.outbox.notices import Batch, Rendered
from bot.services import Services
from models import MeetingStatus, Proposal, ProposalState, utcnow

DIGEST_PERIOD = timedelta(days=7)
DIGEST_STATE = "groups"
DIGEST_JOB = "groups.digest"
DIGEST_TIME = time(10, 0)  # in the community's time zone (the bot's default tzinfo)
MONDAY = 1  # PTB counts days of the week from Sunday = 0


@dataclass(frozen=True)
class DigestSection:
    """A titled list; the title is a message id (N_) translated for each reader."""

    title: str
    items: list[str]


DigestSource = Callable[[Services, int, datetime], Awaitable[DigestSection | None]]


async def new_members(services: Services, group_id: int, since: datetime) -> DigestSection | None:
    joined = await services.groups.new_members_since(group_id, since)
    return DigestSection(N_("New members:"), [p.display_name for p in joined]) if joined else None


async def tasks_done(services: Services, group_id: int, since: datetime) -> DigestSection | None:
    done = await services.groups.tasks.done_since(group_id, since)
    return DigestSection(N_("Tasks done:"), [task.title for task in done]) if done else None


Pick = Callable[[list[Proposal], list[Proposal]], list[Proposal]]


def decisions_source(title: str, pick: Pick) -> DigestSource:
    """A section of the group's decisions since the last digest: `pick` chooses among the
    closed and the opened ones."""

    async def source(services: Services, group_id: int, since: datetime) -> DigestSection | None:
        closed, opened = await group_decisions_since(services.db, group_id, since)
        chosen = pick(closed, opened)
        items = [f"#{proposal.id} «{proposal.title}»" for proposal in chosen]
        return DigestSection(title, items) if items else None

    return source


decisions_accepted = decisions_source(
    N_("Decisions accepted:"),
    lambda closed, _opened: [p for p in closed if p.state is ProposalState.ACCEPTED],
)
decisions_not_accepted = decisions_source(
    N_("Decisions closed without acceptance:"),
    lambda closed, _opened: [p for p in closed if p.state is not ProposalState.ACCEPTED],
)
decisions_opened = decisions_source(
    N_("Decisions opened (your stance: /pending):"), lambda _closed, opened: opened
)


async def upcoming_meetings(
    services: Services, group_id: int, since: datetime
) -> DigestSection | None:
    """The group's meetings ahead, with the command that opens each."""
    ahead = await services.meetings.upcoming_of_group(group_id)
    items = [
        f"«{meeting.title}», {when_text(meeting)} — /meeting {meeting.id}"
        if meeting.status is MeetingStatus.SCHEDULED
        else f"«{meeting.title}» — /meeting {meeting.id}"
        for meeting in ahead
    ]
    return DigestSection(N_("Upcoming meetings:"), items) if items else None


# The sections of every digest, in this order (a source with nothing to say gives None).
DIGEST_SOURCES: tuple[DigestSource, ...] = (
    new_members,
    tasks_done,
    decisions_accepted,
    decisions_not_accepted,
    decisions_opened,
    upcoming_meetings,
)


def render_digest(group_name: str, sections: list[DigestSection]) -> str:
    """The digest as one message: on a busy week the longest items are shortened."""
    lines = [_("The week in «{group}»").format(group=group_name)]
    items: list[int] = []
    for section in sections:
        lines += ["", _(section.title)]
        items += range(len(lines), len(lines) + len(section.items))
        lines += [f"• {item}" for item in section.items]
    return fit_lines(lines, items)


def _digest_message(group_name: str, sections: list[DigestSection], _label: str) -> Rendered:
    return render_digest(group_name, sections), None


async def weekly_digest(context: BotContext) -> None:
    """Each group's week since its last digest, to its members; quiet groups get nothing.

    A group's digest is queued in the outbox in the same transaction that records its time:
    a run cut short by a crash leaves each group either sent (and resumed by the outbox) or
    not, and the next digest of a group not sent covers its whole time since the last one."""
    services = context.services
    now = utcnow()
    done_at = await state.load_all(services.db, DIGEST_STATE)
    for group in await services.groups.list_groups():
        key = f"digest_at:{group.id}"
        stored = done_at.get(key)
        since = now - DIGEST_PERIOD if stored is None else datetime.fromisoformat(stored)
        found = [await source(services, group.id, since) for source in DIGEST_SOURCES]
        sections = [section for section in found if section is not None]
        batch = Batch(
            context.community,
            kind="group_digest",
            render=partial(_digest_message, group.name, sections),
        )
        members = await services.groups.members(group.id) if sections else []
        async with services.db.session() as session:
            await batch.add(session, members)
            await state.save_in(session, services.db, DIGEST_STATE, key, now.isoformat())
        batch.start()
