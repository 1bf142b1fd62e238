"""Membership: questionnaire, review, community chat, roles, profiles and directory."""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    CommandHandler,
    filters,
)

from bot.commands.catalogue import CommandCatalogue, CommandSpec, Where
from bot.i18n import N_
from handlers.kit.setup import Setup
from handlers.membership import (
    apply,
    areas,
    directory,
    invite,
    mydata,
    profile,
    review,
    roles,
    settings,
)
from models import Role


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    organiser = Role.ORGANISER
    catalogue.add(
        CommandSpec("apply", N_("apply for membership")),
        CommandSpec("profile", N_("your profile"), min_role=Role.APPLICANT),
        CommandSpec(
            "setreviewchat", N_("make this chat receive applications"), organiser, Where.GROUP
        ),
        CommandSpec(
            "setcommunitychat", N_("make this chat the community chat"), organiser, Where.GROUP
        ),
        CommandSpec("setrole", N_("change a person's role"), organiser, Where.ANYWHERE),
        CommandSpec("promote", N_("raise a person's role one step"), organiser, Where.ANYWHERE),
        CommandSpec("demote", N_("lower a person's role one step"), organiser, Where.ANYWHERE),
        CommandSpec("revoke", N_("revoke a membership"), organiser, Where.ANYWHERE),
        CommandSpec("directory", N_("find peers by expertise, region or name"), Role.MEMBER),
        CommandSpec("invite", N_("your personal link to invite a colleague"), Role.MEMBER),
        CommandSpec("mydata", N_("everything the bot keeps about you")),
        CommandSpec("deleteme", N_("delete your data (withdraw consent)")),
        CommandSpec("forget", N_("the same as /deleteme"), in_menu=False),
        CommandSpec("areas", N_("manage the areas of expertise"), min_role=organiser),
    )
    private = filters.ChatType.PRIVATE
    # The questionnaire first: while it runs, its states take the person's messages.
    application.add_handler(apply.conversation())
    application.add_handlers(review.handlers())
    application.add_handlers(
        [
            CommandHandler("profile", profile.show_profile, filters=private),
            CommandHandler("setreviewchat", settings.set_review_chat),
            CommandHandler("setcommunitychat", settings.set_community_chat),
            CommandHandler("setrole", roles.set_role),
            CommandHandler("promote", roles.promote),
            CommandHandler("demote", roles.demote),
            CommandHandler("revoke", roles.revoke),
            # Group 0 for the community chat; working groups answer their chats' requests in
            # group 1.
            ChatJoinRequestHandler(roles.join_request),
            CommandHandler("directory", directory.directory, filters=private),
            CallbackQueryHandler(
                directory.turn_page,
                pattern=f"^({directory.MENU}|{directory.BY_AREA}|{directory.BY_TEXT})",
            ),
            CallbackQueryHandler(directory.ask_contact, pattern=f"^{directory.CONTACT}"),
            CommandHandler("mydata", mydata.my_data, filters=private),
            CommandHandler(("deleteme", "forget"), mydata.delete_me, filters=private),
            CallbackQueryHandler(
                mydata.confirm_delete, pattern=f"^({mydata.CONFIRM}|{mydata.KEEP})$"
            ),
            CommandHandler("areas", areas.manage_areas, filters=private),
            CallbackQueryHandler(areas.toggle_area, pattern=f"^{areas.TOGGLE}"),
            CommandHandler("invite", invite.invite, filters=private),
        ]
    )
