"""Membership: questionnaire, review, community chat, roles, profiles and directory."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler, filters

from bot.commands import CommandCatalogue, CommandSpec, Where
from bot.i18n import N_
from handlers.membership import apply, profile, review, settings
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
    private = filters.ChatType.PRIVATE
    # The questionnaire first: while it runs, its states take the person's messages.
    application.add_handler(apply.conversation())
    for handler in review.handlers():
        application.add_handler(handler)
    application.add_handler(CommandHandler("profile", profile.show_profile, filters=private))
    application.add_handler(CommandHandler("setreviewchat", settings.set_review_chat))
    application.add_handler(CommandHandler("setcommunitychat", settings.set_community_chat))
