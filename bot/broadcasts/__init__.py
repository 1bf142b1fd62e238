"""News and broadcasts: announcements to audiences (now, at a time, urgent), the news list
and channel, the drafts of the news feed, members' delivery preferences and the digest."""

from __future__ import annotations

from dataclasses import dataclass

from bot.broadcasts.announcements import Announcements
from bot.broadcasts.audiences import Audiences, WorkingGroups
from bot.broadcasts.digest import Digest
from bot.broadcasts.news import News
from bot.broadcasts.preferences import Preferences
from bot.db import Database
from bot.outbox.engine import DeliveryEngine


@dataclass(frozen=True)
class Broadcasts:
    """The services of the feature, built once by `build`."""

    audiences: Audiences
    announcements: Announcements
    news: News
    preferences: Preferences
    digest: Digest

    @classmethod
    def build(cls, db: Database, outbox: DeliveryEngine, *, groups: WorkingGroups) -> Broadcasts:
        audiences = Audiences(db, groups=groups)
        news = News(db)
        return cls(
            audiences=audiences,
            announcements=Announcements(db, outbox, audiences=audiences, news=news),
            news=news,
            preferences=Preferences(db),
            digest=Digest(db),
        )
