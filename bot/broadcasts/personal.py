"""A person's part in news and announcements, for /mydata and /deleteme (one line in
bot/personal_data.py). What the outbox sent them is `bot.outbox.personal`."""

from __future__ import annotations

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.personal import Naming, Section, plain
from bot.db import Database
from bot.i18n import N_
from models import Announcement, NewsPreference


async def _announcements(
    session: AsyncSession, person_id: int, naming: Naming
) -> list[Announcement]:
    """The announcements they wrote or that name them (every text is read: it has no
    index)."""
    return [
        row
        for row in await session.exec(select(Announcement).order_by(col(Announcement.id)))
        if row.author_id == person_id or naming.found_in([row.text, row.entities])
    ]


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """/mydata: how they want announcements, the announcements they wrote or that name
    them."""
    naming = await Naming.of(db, person_id)
    async with db.session() as session:
        announcements = await _announcements(session, person_id, naming)
        preference = await session.get(NewsPreference, person_id)
    return [
        Section(N_("How announcements reach you"), "news_preference", [
            {N_("Way"): plain(preference.mode)}
        ] if preference else []),
        Section(N_("Announcements written or naming you"), "announcement", [
            {N_("Text"): row.text, N_("Written by you"): row.author_id == person_id,
             N_("State"): plain(row.status), N_("Published"): plain(row.published_at)}
            for row in announcements
        ], headline=N_("Text")),
    ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: the choice in /settings is deleted; their name is cut out of the news.
    Announcements they wrote stay (they are the community's news), without the author's
    name."""
    naming = await Naming.of(db, person_id)
    async with db.session() as session:
        for row in await _announcements(session, person_id, naming):
            row.text, row.entities = naming.redacted(row.text), naming.redacted(row.entities)
        await session.exec(delete(NewsPreference).where(col(NewsPreference.person_id) == person_id))
