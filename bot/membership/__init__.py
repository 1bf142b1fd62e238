"""Membership: the questionnaire and applications, their review, roles, the chats organisers
set, profiles, the directory and the areas of expertise."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.people import People
from bot.db import Database
from bot.membership.applications import Applications
from bot.membership.areas import Areas
from bot.membership.chats import ChatSettings
from bot.membership.directory import Directory
from bot.membership.drafts import Drafts
from bot.membership.invites import Invites
from bot.membership.profiles import Profiles
from bot.membership.roles import Roles


@dataclass(frozen=True)
class Membership:
    """The membership services, built once (`context.services.membership`)."""

    applications: Applications
    profiles: Profiles
    directory: Directory
    invites: Invites
    roles: Roles
    chats: ChatSettings
    areas: Areas
    drafts: Drafts

    @classmethod
    def build(cls, db: Database, *, people: People) -> Membership:
        chats = ChatSettings(db)
        profiles = Profiles(db)
        return cls(
            applications=Applications(db, people=people, profiles=profiles, chats=chats),
            profiles=profiles,
            directory=Directory(db),
            invites=Invites(db),
            roles=Roles(db, people=people),
            chats=chats,
            areas=Areas(db),
            drafts=Drafts(),
        )
