"""Membership: questionnaire, review, community chat, roles, profiles and directory.

Order matters: the questionnaire comes first (while it runs, its states take the person's
messages), then the review with its dialogue, then the plain commands and buttons. The
commands are declared in the order /help lists them.

`apply_keyboard` (the Apply button under the welcome) is for /start (handlers.core.start).
"""

from __future__ import annotations

from functools import partial

from telegram.ext import ChatJoinRequestHandler, filters

from bot.commands.catalogue import Where
from bot.i18n import N_
from handlers.kit.setup import Setup
from handlers.membership import (
    apply,
    areas,
    contact,
    directory,
    draft,
    invite,
    mydata,
    profile,
    review,
    roles,
    settings,
)
from handlers.membership.apply import apply_keyboard
from handlers.membership.buttons import AREA, AREA_PAGE, DELETE, TEXT_PAGE, TOGGLE_AREA
from models import Role

__all__ = ["apply_keyboard", "register"]


def register(setup: Setup) -> None:
    private = filters.ChatType.PRIVATE
    organiser, member = Role.ORGANISER, Role.MEMBER
    setup.add(apply.conversation(setup))
    draft.schedule_sweep(setup)  # abandoned questionnaire drafts are dropped daily
    review.register(setup)
    command = partial(setup.command, filters=private)  # the private commands
    command("profile", profile.show_profile, N_("your profile"))
    for name, callback, description in (
        ("setreviewchat", settings.set_review_chat, N_("make this chat receive applications")),
        ("setcommunitychat", settings.set_community_chat, N_("make this chat the community chat")),
    ):
        setup.command(name, callback, description, role=organiser, where=Where.GROUP)
    for name, callback, description in (
        ("setrole", roles.set_role, N_("change a person's role")),
        ("promote", roles.promote, N_("raise a person's role one step")),
        ("demote", roles.demote, N_("lower a person's role one step")),
        ("revoke", roles.revoke, N_("revoke a membership")),
    ):
        setup.command(name, callback, description, role=organiser, where=Where.ANYWHERE)
    # Group 0 for the community chat; working groups answer their chats' requests in group 1.
    setup.add(ChatJoinRequestHandler(roles.join_request))
    peers = N_("find peers by expertise, region or name")
    command("directory", directory.directory, peers, role=member)
    setup.button(AREA, directory.area_first_page, role=member)
    setup.button(AREA_PAGE, directory.area_page, role=member)
    setup.button(TEXT_PAGE, directory.text_page, role=member)
    setup.add(contact.conversation(setup))  # Write via the bot, with a short message
    command("invite", invite.invite, N_("your personal link to invite a colleague"), role=member)
    command("mydata", mydata.my_data, N_("everything the bot keeps about you"))
    command("deleteme", mydata.delete_me, N_("delete your data (withdraw consent)"))
    command("forget", mydata.delete_me, N_("the same as /deleteme"), in_menu=False)
    setup.button(DELETE, mydata.confirm_delete)
    command("areas", areas.manage_areas, N_("manage the areas of expertise"), role=organiser)
    setup.button(TOGGLE_AREA, areas.toggle_area, role=organiser)
