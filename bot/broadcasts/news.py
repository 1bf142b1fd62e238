"""News: published announcements as a list, the public channel where announcements to the
whole community may also be posted (when the organiser chooses it), and the drafts that the
news feed's new items become."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select

from bot.core import state
from bot.db import Database
from models import Announcement, AnnouncementStatus, AudienceKind, Role

PAGE_SIZE = 5
MAX_PAGE = 10_000
GUID_LENGTH = 255  # Announcement.feed_guid
WHOLE_COMMUNITY = (AudienceKind.MEMBERS, AudienceKind.STARTED)
"""The audiences whose announcements may also go to the public news channel: never those
to a region, an area or a working group."""


@dataclass(frozen=True)
class NewsItem:
    """One announcement as news (and as a line of the daily digest)."""

    id: int
    published_at: datetime | None
    text: str
    media_kind: str | None

    @classmethod
    def of(cls, announcement: Announcement) -> NewsItem:
        assert announcement.id is not None
        return cls(
            announcement.id, announcement.published_at, announcement.text, announcement.media_kind
        )


@dataclass(frozen=True)
class NewsPage:
    items: list[NewsItem]
    page: int  # from 0
    pages: int


class News:
    """What members read in /news, and where else the news goes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(self, *, role: Role, page: int, size: int = PAGE_SIZE) -> NewsPage:
        """Published announcements, newest first; applicants see only those for everyone,
        and announcements to one working group are not news for the whole community."""
        where = [
            Announcement.status == AnnouncementStatus.PUBLISHED,
            Announcement.audience != AudienceKind.GROUP,  # a group's own news stays in the group
        ]
        if not role.at_least(Role.MEMBER):
            where.append(Announcement.audience == AudienceKind.STARTED)
        async with self.db.session() as session:
            total = int(
                (
                    await session.exec(select(func.count()).select_from(Announcement).where(*where))
                ).one()
            )
            rows = await session.exec(
                select(Announcement)
                .where(*where)
                .order_by(col(Announcement.published_at).desc(), col(Announcement.id).desc())
                .offset(page * size)
                .limit(size)
            )
            items = [NewsItem.of(row) for row in rows]
        return NewsPage(items, page, (total + size - 1) // size)

    async def channel(self) -> int | None:
        """The public news channel, if one is set."""
        value = await state.load(self.db, "broadcasts", "news_channel")
        return int(value) if value is not None else None

    async def channel_for(self, audience: AudienceKind) -> int | None:
        """The channel an announcement to `audience` may also be posted to: a channel is set
        and the announcement is for the whole community."""
        return await self.channel() if audience in WHOLE_COMMUNITY else None

    async def set_channel(self, chat_id: int | None) -> None:
        await state.save(self.db, "broadcasts", "news_channel", chat_id)

    async def feed_drafts(self, items: list[tuple[str, str]]) -> list[NewsItem]:
        """Drafts for the feed items (guid, text) not seen before, for all members."""
        guids = [guid[:GUID_LENGTH] for guid, _text in items]
        async with self.db.session() as session:
            seen = set(
                await session.exec(
                    select(Announcement.feed_guid).where(col(Announcement.feed_guid).in_(guids))
                )
            )
            drafts = []
            for guid, text in items:
                if guid[:GUID_LENGTH] not in seen:
                    seen.add(guid[:GUID_LENGTH])
                    drafts.append(Announcement(text=text, feed_guid=guid[:GUID_LENGTH]))
            session.add_all(drafts)
        return [NewsItem.of(draft) for draft in drafts]
