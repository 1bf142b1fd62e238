"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import filters

from bot.commands.catalogue import CommandCatalogue, Where
from bot.context import BotContext
from bot.i18n import N_, _, ngettext
from handlers.kit.replies import reply, role_name
from handlers.kit.setup import Setup
from handlers.membership import apply_keyboard
from models import Role


async def start(update: Update, context: BotContext) -> None:
    """Welcome: what the community is and what the bot does."""
    person = context.me
    text = "\n\n".join(
        [
            _("Hello, {name}!").format(name=person.first_name or person.display_name),
            _(
                "This is the bot of the community of organisers and coordinators of volunteer "
                "social services for older people and children. Together we share news and "
                "contacts, consult and teach each other, agree an action plan by consensus, "
                "work in working groups, hold meetings and welcome new members."
            ),
            _(
                "Here you can apply for membership, follow the news, take part in decisions, "
                "join working groups, ask peers for advice and sign up for meetings."
            ),
            _("Send /help for the commands, /language to change the language."),
        ]
    )
    # Newcomers are offered the questionnaire; members see the welcome alone.
    keyboard = None if person.role.at_least(Role.MEMBER) else apply_keyboard()
    await reply(update, text, reply_markup=keyboard)


def help_text(catalogue: CommandCatalogue, role: Role, members: int, *, in_group: bool) -> str:
    specs = catalogue.for_groups(role) if in_group else catalogue.for_private(role)
    lines = [
        _("Your role: {role}.").format(role=role_name(role)),
        ngettext("The community has {n} member.", "The community has {n} members.", members),
        "",
    ]
    lines.append(_("Commands in this chat:") if in_group else _("Commands:"))
    lines += [f"/{spec.name} — {CommandCatalogue.describe(spec)}" for spec in specs]
    return "\n".join(lines)


async def show_help(update: Update, context: BotContext) -> None:
    """The commands this person may use here, by their role."""
    chat = update.effective_chat
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    members = await context.services.people.count_members()
    text = help_text(context.services.commands, context.me.role, members, in_group=in_group)
    await reply(update, text)


def register(setup: Setup) -> None:
    # Invitation links (/start ref_<code>) open the membership questionnaire instead.
    not_invitation = ~filters.Regex(r"^/start ref_")
    setup.command("start", start, N_("welcome and what the bot does"), filters=not_invitation)
    setup.command("help", show_help, N_("the commands you can use"), where=Where.ANYWHERE)
