"""Membership: questionnaire, review, community chat, roles, profiles and directory."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    CommandHandler,
    filters,
)

from bot.commands import CommandCatalogue, CommandSpec, Where
from bot.i18n import N_
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


def register(application: Application) -> None:
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    catalogue.add(CommandSpec("apply", N_("apply for membership")))
    catalogue.add(CommandSpec("profile", N_("your profile"), min_role=Role.APPLICANT))
    catalogue.add(
        CommandSpec(
            "setreviewchat",
            N_("make this chat receive applications"),
            min_role=Role.ORGANISER,
            where=Where.GROUP,
        )
    )
    catalogue.add(
        CommandSpec(
            "setcommunitychat",
            N_("make this chat the community chat"),
            min_role=Role.ORGANISER,
            where=Where.GROUP,
        )
    )
    catalogue.add(
        CommandSpec(
            "setrole",
            N_("change a person's role"),
            min_role=Role.ORGANISER,
            where=Where.ANYWHERE,
        )
    )
    catalogue.add(
        CommandSpec(
            "revoke",
            N_("revoke a membership"),
            min_role=Role.ORGANISER,
            where=Where.ANYWHERE,
        )
    )
    catalogue.add(
        CommandSpec("directory", N_("find peers by expertise, region or name"), Role.MEMBER)
    )
    catalogue.add(
        CommandSpec("invite", N_("your personal link to invite a colleague"), Role.MEMBER)
    )
    catalogue.add(CommandSpec("mydata", N_("everything the bot keeps about you")))
    catalogue.add(CommandSpec("deleteme", N_("delete your data (withdraw consent)")))
    catalogue.add(
        CommandSpec("areas", N_("manage the areas of expertise"), min_role=Role.ORGANISER)
    )
    private = filters.ChatType.PRIVATE
    # The questionnaire first: while it runs, its states take the person's messages.
    application.add_handler(apply.conversation())
    for handler in review.handlers():
        application.add_handler(handler)
    application.add_handler(CommandHandler("profile", profile.show_profile, filters=private))
    application.add_handler(CommandHandler("setreviewchat", settings.set_review_chat))
    application.add_handler(CommandHandler("setcommunitychat", settings.set_community_chat))
    application.add_handler(CommandHandler("setrole", roles.set_role))
    application.add_handler(CommandHandler("revoke", roles.revoke))
    # Group 0 for the community chat; working groups answer their chats' requests in group 1.
    application.add_handler(ChatJoinRequestHandler(roles.join_request), group=0)
    application.add_handler(CommandHandler("directory", directory.directory, filters=private))
    application.add_handler(
        CallbackQueryHandler(
            directory.turn_page,
            pattern=f"^({directory.MENU}|{directory.BY_AREA}|{directory.BY_TEXT})",
        )
    )
    application.add_handler(
        CallbackQueryHandler(directory.ask_contact, pattern=f"^{directory.CONTACT}")
    )
    application.add_handler(CommandHandler("mydata", mydata.my_data, filters=private))
    application.add_handler(CommandHandler("deleteme", mydata.delete_me, filters=private))
    application.add_handler(
        CallbackQueryHandler(mydata.confirm_delete, pattern=f"^({mydata.CONFIRM}|{mydata.KEEP})$")
    )
    application.add_handler(CommandHandler("areas", areas.manage_areas, filters=private))
    application.add_handler(CallbackQueryHandler(areas.toggle_area, pattern=f"^{areas.TOGGLE}"))
    application.add_handler(CommandHandler("invite", invite.invite, filters=private))
