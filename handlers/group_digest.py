"""The weekly digest of each working group, sent privately to its members.

A digest is made of sections; each source gives one section for a group and a period, or
None when it has nothing to say. New members and tasks done are here; decisions and meetings
add their own source to DIGEST_SOURCES when those features land.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from telegram.ext import Application

from bot import groups, state
from bot.context import BotContext, Services
from bot.i18n import N_, _
from bot.people import PersonView
from handlers.group_common import Rendered, send_privately
from models import utcnow

DIGEST_PERIOD = timedelta(days=7)
DIGEST_TIME = time(10, 0)  # in the community's time zone (the bot's default tzinfo)
MONDAY = 1  # PTB counts days of the week from Sunday = 0


@dataclass(frozen=True)
class DigestSection:
    """A titled list; the title is a message id (N_) translated for each reader."""

    title: str
    items: list[str]


DigestSource = Callable[[Services, int, datetime], Awaitable[DigestSection | None]]


async def new_members(services: Services, group_id: int, since: datetime) -> DigestSection | None:
    joined = await groups.new_members_since(services.db, group_id, since)
    return DigestSection(N_("New members:"), [p.display_name for p in joined]) if joined else None


async def tasks_done(services: Services, group_id: int, since: datetime) -> DigestSection | None:
    done = await groups.tasks_done_since(services.db, group_id, since)
    return DigestSection(N_("Tasks done:"), [task.title for task in done]) if done else None


DIGEST_SOURCES: list[DigestSource] = [new_members, tasks_done]


def render_digest(group_name: str, sections: list[DigestSection]) -> str:
    lines = [_("The week in «{group}»").format(group=group_name)]
    for section in sections:
        lines += ["", _(section.title)] + [f"• {item}" for item in section.items]
    return "\n".join(lines)


def _renderer(group_name: str, sections: list[DigestSection]) -> Callable[[PersonView], Rendered]:
    return lambda person: (render_digest(group_name, sections), None)


async def weekly_digest(context: BotContext) -> None:
    """Each group's week since the last digest, to its members; quiet groups get nothing."""
    services = context.services
    now = utcnow()
    stored = await state.load(services.db, "groups", "digest_at")
    since = now - DIGEST_PERIOD if stored is None else datetime.fromisoformat(stored)
    for group in await groups.list_groups(services.db):
        found = [await source(services, group.id, since) for source in DIGEST_SOURCES]
        sections = [section for section in found if section is not None]
        if not sections:
            continue
        await send_privately(
            context.bot,
            services,
            await groups.members(services.db, group.id),
            _renderer(group.name, sections),
        )
    await state.save(services.db, "groups", "digest_at", now.isoformat())


def register(application: Application) -> None:
    assert application.job_queue is not None
    application.job_queue.run_daily(
        weekly_digest, DIGEST_TIME, days=(MONDAY,), name="groups.digest"
    )
