"""Announcements: drafts, scheduling, publishing through the outbox (in one transaction an
announcement becomes news and its broadcast is created with every outbox row), and the
organisers' view of broadcasts with the Cancel button's rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcasts.audiences import Audience, Audiences, is_organiser
from bot.broadcasts.news import WHOLE_COMMUNITY, News
from bot.broadcasts.refusals import ALREADY_DONE, NOT_FOR_CHANNEL, NOT_SENDING
from bot.core.errors import STALE, Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.outbox.content import Draft
from bot.outbox.engine import DeliveryEngine
from bot.outbox.records import DeliveryStats
from models import Announcement, AnnouncementStatus, Person, utcnow

KIND = "announcement"
_PUBLISHABLE = [AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED]


def draft_of_announcement(announcement: Announcement) -> Draft:
    """What a stored announcement says."""
    return Draft(
        announcement.text, announcement.entities, announcement.media_kind, announcement.file_id
    )


async def _leave_draft(
    session: AsyncSession, announcement_id: int, status: AnnouncementStatus, **values: Any
) -> bool:
    """Move a draft or a scheduled announcement to `status` unless another press or job
    already did (the UPDATE itself decides, so two at once cannot both win)."""
    changed = await session.exec(
        update(Announcement)
        .where(
            col(Announcement.id) == announcement_id,
            col(Announcement.status).in_(_PUBLISHABLE),
        )
        .values(status=status, **values)
    )
    return bool(changed.rowcount == 1)


@dataclass(frozen=True)
class Published:
    """A published announcement: its broadcast is created, to be started after the commit,
    and the news channel gets the same message if the organiser chose it (`channel_id`)."""

    announcement_id: int
    broadcast_id: int
    payload: dict[str, Any]
    channel_id: int | None


@dataclass(frozen=True)
class Submitted:
    """A confirmed announcement: published now, or waiting for `scheduled_at`."""

    announcement_id: int
    scheduled_at: datetime | None
    published: Published | None


@dataclass(frozen=True)
class Scheduled:
    """An announcement waiting for its time."""

    id: int
    at: datetime
    text: str


@dataclass(frozen=True)
class BroadcastLine:
    """One broadcast of any feature in /broadcasts."""

    created_at: datetime
    kind: str
    stats: DeliveryStats


class Announcements:
    """The rules of announcements; sending itself is the delivery engine's job."""

    def __init__(
        self, db: Database, outbox: DeliveryEngine, *, audiences: Audiences, news: News
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.audiences = audiences
        self.news = news

    # ----- writing -------------------------------------------------------------------------

    async def create(
        self,
        *,
        author_id: int | None,
        draft: Draft,
        audience: Audience,
        urgent: bool = False,
        to_channel: bool = False,
        scheduled_at: datetime | None = None,
        feed_guid: str | None = None,
    ) -> int:
        """A draft (or a scheduled announcement with `scheduled_at`); its id."""
        announcement = Announcement(
            author_id=author_id,
            text=draft.text,
            entities=draft.entities,
            media_kind=draft.media_kind,
            file_id=draft.file_id,
            audience=audience.kind,
            audience_value=audience.value,
            working_group_id=audience.working_group_id,
            urgent=urgent,
            to_channel=to_channel,
            status=AnnouncementStatus.SCHEDULED if scheduled_at else AnnouncementStatus.DRAFT,
            scheduled_at=scheduled_at,
            feed_guid=feed_guid,
        )
        async with self.db.session() as session:
            session.add(announcement)
        assert announcement.id is not None
        return announcement.id

    async def submit(
        self,
        author: PersonView,
        *,
        draft: Draft,
        audience: Audience,
        urgent: bool,
        scheduled_at: datetime | None,
        to_channel: bool = False,
    ) -> Submitted:
        """The author confirmed: their right to this audience is checked again (a coordinator
        who left the group cannot send), then it is scheduled or published at once, its
        progress shown to the author. `to_channel`: also in the news channel, which only an
        announcement to the whole community may be."""
        await self.audiences.check(author, audience)
        if to_channel and audience.kind not in WHOLE_COMMUNITY:
            raise Refused(NOT_FOR_CHANNEL)
        announcement_id = await self.create(
            author_id=author.id,
            draft=draft,
            audience=audience,
            urgent=urgent,
            to_channel=to_channel,
            scheduled_at=scheduled_at,
        )
        published = None
        if scheduled_at is None:
            published = await self.publish(announcement_id, progress_chat_id=author.telegram_id)
        return Submitted(announcement_id, scheduled_at, published)

    # ----- publishing ----------------------------------------------------------------------

    async def publish(
        self, announcement_id: int, *, progress_chat_id: int | None = None
    ) -> Published | None:
        """Publish a draft or a scheduled announcement: in one transaction it becomes news and
        its broadcast with every outbox row is created. None if it was already published or
        cancelled (a job that runs twice sends nothing twice)."""
        async with self.db.session() as session:
            announcement = await session.get(Announcement, announcement_id)
        if announcement is None or announcement.status not in _PUBLISHABLE:
            return None
        reach = await self.audiences.reach(Audience.of(announcement), urgent=announcement.urgent)
        payload = draft_of_announcement(announcement).to_dict()
        async with self.db.session() as session:
            claimed = await _leave_draft(
                session, announcement_id, AnnouncementStatus.PUBLISHED, published_at=utcnow()
            )
            if not claimed:
                return None
            broadcast_id = await self.outbox.add(
                session,
                kind=KIND,
                payload={"announcement_id": announcement_id, **payload},
                recipients=reach.now,
                deferred=reach.digest,
                progress_chat_id=progress_chat_id,
            )
            await session.exec(
                update(Announcement)
                .where(col(Announcement.id) == announcement_id)
                .values(broadcast_id=broadcast_id)
            )
        channel = await self.news.channel_for(announcement.audience)
        return Published(
            announcement_id, broadcast_id, payload, channel if announcement.to_channel else None
        )

    async def publish_scheduled(self, announcement_id: int) -> Published | None:
        """Its time has come: published with the progress shown to its author."""
        async with self.db.session() as session:
            author_chat = (
                await session.exec(
                    select(Person.telegram_id)
                    .join(Announcement, col(Announcement.author_id) == col(Person.id))
                    .where(Announcement.id == announcement_id)
                )
            ).first()
        return await self.publish(announcement_id, progress_chat_id=author_chat)

    async def publish_draft(
        self, person: PersonView, announcement_id: int, *, to_channel: bool = False
    ) -> Published:
        """An organiser publishes a draft of the news feed with one press (`to_channel`: the
        press that also posts it to the news channel)."""
        await self._handled_by(person, announcement_id)
        if to_channel:
            async with self.db.session() as session:
                await session.exec(
                    update(Announcement)
                    .where(
                        col(Announcement.id) == announcement_id,
                        col(Announcement.status).in_(_PUBLISHABLE),
                    )
                    .values(to_channel=True)
                )
        published = await self.publish(announcement_id, progress_chat_id=person.telegram_id)
        if published is None:
            raise Refused(ALREADY_DONE)
        return published

    async def discard_draft(self, person: PersonView, announcement_id: int) -> None:
        """An organiser discards a draft of the news feed."""
        await self._handled_by(person, announcement_id)
        if not await self._discard(announcement_id):
            raise Refused(ALREADY_DONE)

    async def cancel_scheduled(self, person: PersonView, announcement_id: int) -> None:
        """An organiser cancels a scheduled announcement before it goes."""
        await self._handled_by(person, announcement_id)
        if not await self._discard(announcement_id):
            raise Refused(STALE)

    async def _handled_by(self, person: PersonView, announcement_id: int) -> None:
        """Drafts and scheduled announcements are the organisers' to handle."""
        async with self.db.session() as session:
            found = await session.get(Announcement, announcement_id)
        if found is None or not is_organiser(person):
            raise Refused(STALE)

    async def _discard(self, announcement_id: int) -> bool:
        """Cancel a draft or a scheduled announcement (nothing was sent)."""
        async with self.db.session() as session:
            return await _leave_draft(session, announcement_id, AnnouncementStatus.CANCELLED)

    # ----- what organisers see -------------------------------------------------------------

    async def scheduled(self) -> list[Scheduled]:
        """Announcements waiting for their time, soonest first."""
        async with self.db.session() as session:
            rows = await session.exec(
                select(Announcement)
                .where(Announcement.status == AnnouncementStatus.SCHEDULED)
                .order_by(col(Announcement.scheduled_at), col(Announcement.id))
            )
            return [
                Scheduled(row.id, row.scheduled_at, row.text)
                for row in rows
                if row.id is not None and row.scheduled_at is not None
            ]

    async def recent_broadcasts(self, limit: int = 10) -> list[BroadcastLine]:
        """The latest broadcasts of every feature with their final or current figures."""
        lines = []
        for broadcast in await self.outbox.recent(limit=limit):
            assert broadcast.id is not None
            stats = await self.outbox.stats(broadcast.id)
            lines.append(BroadcastLine(broadcast.created_at, broadcast.kind, stats))
        return lines

    async def stop(self, person: PersonView, broadcast_id: int) -> DeliveryStats:
        """The Cancel button under a progress message: for organisers, and for whoever the
        progress is shown to (a coordinator's group announcement)."""
        broadcast = await self.outbox.get(broadcast_id)
        progress_here = broadcast is not None and broadcast.progress_chat_id == person.telegram_id
        if not (is_organiser(person) or progress_here):
            raise Refused(STALE)
        stats = await self.outbox.cancel(broadcast_id) if broadcast is not None else None
        if stats is None:
            raise Refused(NOT_SENDING)
        return stats
