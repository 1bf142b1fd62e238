"""/audit: the latest admin actions, for organisers."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.core import audit
from bot.i18n import N_, _
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import Role


async def show_audit(update: Update, context: BotContext) -> None:
    """The last 20 admin actions, newest first."""
    lines = await audit.recent(context.services.db)
    if not lines:
        await reply(update, _("The audit log is empty."))
        return
    zone = context.bot.defaults.tzinfo if context.bot.defaults else None
    rendered = [_("Latest admin actions:")]
    for line in lines:
        details = ", ".join(f"{key}={value}" for key, value in sorted(line.details.items()))
        rendered.append(
            f"{line.at.astimezone(zone):%d.%m.%Y %H:%M} {line.action}: "
            f"{line.actor or _('the bot')} → {line.target or '—'}"
            + (f" ({details})" if details else "")
        )
    await reply(update, "\n".join(rendered))


def register(setup: Setup) -> None:
    setup.command("audit", show_audit, N_("the latest admin actions"), role=Role.ORGANISER)
