"""Membership: the questionnaire and applications, their review, roles, the chats organisers
set, profiles, the directory and the areas of expertise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.people import People
from bot.db import Database
from bot.membership.applications import Applications
from bot.membership.areas import Areas
from bot.membership.chats import ChatSettings
from bot.membership.directory import Directory
from bot.membership.drafts import Drafts
from bot.membership.ending import Hook, MembershipEnd
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
    ending: MembershipEnd

    @classmethod
    def build(
        cls,
        db: Database,
        *,
        people: People,
        chats: ChatSettings | None = None,
        ending: Sequence[Hook] = (),
    ) -> Membership:
        """`ending`: every feature's hook for a membership that ends (bot/services.py)."""
        chats = chats or ChatSettings(db)
        profiles = Profiles(db)
        end = MembershipEnd(ending)
        return cls(
            applications=Applications(db, people=people, profiles=profiles, chats=chats),
            profiles=profiles,
            directory=Directory(db),
            invites=Invites(db),
            roles=Roles(db, people=people, ending=end),
            chats=chats,
            areas=Areas(db),
            drafts=Drafts(),
            ending=end,
        )
