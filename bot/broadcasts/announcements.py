"""Announcements and news: drafts, audiences, scheduling, publishing through the delivery
engine, members' delivery preferences, the news list and the daily digest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, func, select

from bot.core import state
from bot.db import Database
from bot.outbox.content import Draft
from bot.outbox.engine import DeliveryEngine
from bot.outbox.records import Recipient
from models import (
    Announcement,
    AnnouncementStatus,
    AudienceKind,
    Delivery,
    DeliveryMode,
    DeliveryState,
    ExpertiseArea,
    NewsPreference,
    Person,
    PersonExpertise,
    PersonStatus,
    Role,
    utcnow,
)

KIND = "announcement"
ADMITTED = [role for role in Role if role.at_least(Role.MEMBER)]
_PUBLISHABLE = [AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED]
GroupMembers = Callable[[int], Awaitable[list[int]]]


def draft_of_announcement(announcement: Announcement) -> Draft:
    """What a stored announcement says."""
    return Draft(
        announcement.text, announcement.entities, announcement.media_kind, announcement.file_id
    )


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    value: str | None = None  # region or expertise area code
    working_group_id: int | None = None


class Announcements:
    """The rules of announcements; sending itself is the delivery engine's job."""

    def __init__(
        self, db: Database, engine: DeliveryEngine, *, group_members: GroupMembers | None = None
    ) -> None:
        self.db = db
        self.engine = engine
        self.group_members = group_members  # set by the working groups feature when it lands

    # ----- audiences -----------------------------------------------------------------------

    async def _people(self, audience: Audience) -> list[tuple[int, int, DeliveryMode | None]]:
        """(person id, chat id, preference) of everyone reachable in the audience."""
        statement = (
            select(Person.id, Person.telegram_id, NewsPreference.mode)
            .outerjoin(NewsPreference, col(NewsPreference.person_id) == col(Person.id))
            .where(Person.status == PersonStatus.ACTIVE)
        )
        if audience.kind is not AudienceKind.STARTED:
            statement = statement.where(col(Person.role).in_(ADMITTED))
        if audience.kind is AudienceKind.REGION:
            statement = statement.where(Person.region == audience.value)
        elif audience.kind is AudienceKind.AREA:
            statement = (
                statement.join(PersonExpertise, col(PersonExpertise.person_id) == col(Person.id))
                .join(ExpertiseArea, col(ExpertiseArea.id) == col(PersonExpertise.area_id))
                .where(ExpertiseArea.code == audience.value)
            )
        elif audience.kind is AudienceKind.GROUP:
            if self.group_members is None or audience.working_group_id is None:
                return []
            ids = await self.group_members(audience.working_group_id)
            statement = statement.where(col(Person.id).in_(ids))
        async with self.db.session() as session:
            rows = await session.exec(statement.order_by(col(Person.id)))
            return [(int(pid or 0), int(chat), mode) for pid, chat, mode in rows]

    async def count(self, audience: Audience) -> int:
        return len(await self._people(audience))

    async def _recipients(
        self, audience: Audience, urgent: bool
    ) -> tuple[list[Recipient], list[Recipient]]:
        """Who gets it now, and who in their daily digest; 'only in /news' gets nothing."""
        now: list[Recipient] = []
        digest: list[Recipient] = []
        for person_id, chat_id, mode in await self._people(audience):
            recipient = Recipient(person_id, chat_id)
            if urgent or mode in (None, DeliveryMode.INSTANT):
                now.append(recipient)
            elif mode is DeliveryMode.DIGEST:
                digest.append(recipient)
        return now, digest

    # ----- announcements -------------------------------------------------------------------

    async def create(
        self,
        *,
        author_id: int | None,
        draft: Draft,
        audience: Audience,
        urgent: bool = False,
        scheduled_at: datetime | None = None,
        feed_guid: str | None = None,
    ) -> Announcement:
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
            status=AnnouncementStatus.SCHEDULED if scheduled_at else AnnouncementStatus.DRAFT,
            scheduled_at=scheduled_at,
            feed_guid=feed_guid,
        )
        async with self.db.session() as session:
            session.add(announcement)
        return announcement

    async def get(self, announcement_id: int) -> Announcement | None:
        async with self.db.session() as session:
            return await session.get(Announcement, announcement_id)

    async def publish(
        self, announcement_id: int, *, progress_chat_id: int | None = None
    ) -> int | None:
        """Publish a draft or a scheduled announcement: in one transaction it becomes news and
        its broadcast with every outbox row is created. Returns the broadcast id, or None if it
        was already published or cancelled (a job that runs twice sends nothing twice)."""
        announcement = await self.get(announcement_id)
        if announcement is None or announcement.status not in _PUBLISHABLE:
            return None
        audience = Audience(
            announcement.audience, announcement.audience_value, announcement.working_group_id
        )
        now, digest = await self._recipients(audience, announcement.urgent)
        async with self.db.session() as session:
            claimed = await session.exec(
                update(Announcement)
                .where(
                    col(Announcement.id) == announcement_id,
                    col(Announcement.status).in_(_PUBLISHABLE),
                )
                .values(status=AnnouncementStatus.PUBLISHED, published_at=utcnow())
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            broadcast_id = await self.engine.add(
                session,
                kind=KIND,
                payload={
                    "announcement_id": announcement_id,
                    **draft_of_announcement(announcement).to_dict(),
                },
                recipients=now,
                deferred=digest,
                progress_chat_id=progress_chat_id,
            )
            await session.exec(
                update(Announcement)
                .where(col(Announcement.id) == announcement_id)
                .values(broadcast_id=broadcast_id)
            )
            return broadcast_id

    async def discard(self, announcement_id: int) -> bool:
        """Cancel a draft or a scheduled announcement (nothing was sent)."""
        async with self.db.session() as session:
            changed = await session.exec(
                update(Announcement)
                .where(
                    col(Announcement.id) == announcement_id,
                    col(Announcement.status).in_(_PUBLISHABLE),
                )
                .values(status=AnnouncementStatus.CANCELLED)
            )
            return bool(changed.rowcount == 1)  # type: ignore[attr-defined]

    async def author_chat_id(self, announcement_id: int) -> int | None:
        """Where the author sees the progress of a scheduled announcement."""
        async with self.db.session() as session:
            return (
                await session.exec(
                    select(Person.telegram_id)
                    .join(Announcement, col(Announcement.author_id) == col(Person.id))
                    .where(Announcement.id == announcement_id)
                )
            ).first()

    async def scheduled(self) -> list[Announcement]:
        async with self.db.session() as session:
            rows = await session.exec(
                select(Announcement).where(Announcement.status == AnnouncementStatus.SCHEDULED)
            )
            return list(rows)

    async def feed_drafts(self, items: list[tuple[str, str]]) -> list[Announcement]:
        """Drafts for the feed items (guid, text) not seen before, for all members."""
        guids = [guid[:255] for guid, _text in items]
        async with self.db.session() as session:
            seen = set(
                await session.exec(
                    select(Announcement.feed_guid).where(col(Announcement.feed_guid).in_(guids))
                )
            )
            drafts = []
            for guid, text in items:
                if guid[:255] not in seen:
                    seen.add(guid[:255])
                    drafts.append(Announcement(text=text, feed_guid=guid[:255]))
            session.add_all(drafts)
        return drafts

    # ----- news ----------------------------------------------------------------------------

    async def news_page(
        self, *, role: Role, page: int, size: int = 5
    ) -> tuple[list[Announcement], int]:
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
            return list(rows), total

    async def news_channel(self) -> int | None:
        value = await state.load(self.db, "broadcasts", "news_channel")
        return int(value) if value is not None else None

    async def set_news_channel(self, chat_id: int | None) -> None:
        await state.save(self.db, "broadcasts", "news_channel", chat_id)

    # ----- preferences ---------------------------------------------------------------------

    async def preference(self, person_id: int) -> DeliveryMode:
        async with self.db.session() as session:
            row = await session.get(NewsPreference, person_id)
            return row.mode if row else DeliveryMode.INSTANT

    async def set_preference(self, person_id: int, mode: DeliveryMode) -> None:
        async with self.db.session() as session:
            row = await session.get(NewsPreference, person_id)
            if row is None:
                session.add(NewsPreference(person_id=person_id, mode=mode))
            else:
                row.mode = mode

    # ----- the daily digest ----------------------------------------------------------------

    async def digests(self) -> dict[int, tuple[int, list[tuple[int, Announcement]]]]:
        """Waiting digest items by person: chat id and (delivery id, announcement) pairs."""
        statement = (
            select(Delivery, Announcement)
            .join(Announcement, col(Announcement.broadcast_id) == col(Delivery.broadcast_id))
            .where(Delivery.state == DeliveryState.DIGEST)
            .order_by(col(Delivery.person_id), col(Delivery.id))
        )
        waiting: dict[int, tuple[int, list[tuple[int, Announcement]]]] = {}
        async with self.db.session() as session:
            for delivery, announcement in await session.exec(statement):
                entry = waiting.setdefault(delivery.person_id, (delivery.chat_id, []))
                entry[1].append((delivery.id or 0, announcement))
        return waiting

    async def mark_digest(self, delivery_ids: list[int], state_: DeliveryState) -> list[int]:
        """Claim (SENDING) or settle digest rows; returns the ids that changed."""
        wanted_from = (
            [DeliveryState.DIGEST] if state_ is DeliveryState.SENDING else [DeliveryState.SENDING]
        )
        async with self.db.session() as session:
            rows = list(
                await session.exec(
                    select(Delivery).where(
                        col(Delivery.id).in_(delivery_ids), col(Delivery.state).in_(wanted_from)
                    )
                )
            )
            for row in rows:
                row.state = state_
                row.updated_at = utcnow()
            return [row.id or 0 for row in rows]
