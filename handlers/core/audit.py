"""/audit: the latest admin actions, for organisers, page by page."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.core import audit
from bot.core.callbacks import PAGE, Callbacks
from bot.core.text import shorten
from bot.i18n import N_, _
from handlers.kit import pages
from handlers.kit.replies import pressed, reply
from handlers.kit.setup import Setup
from models import Role

SHOWN = 100  # the newest entries that can be browsed
DETAIL_SHOWN = 200  # a long value (a reason) is cut to this in the list

BUTTONS = Callbacks("au")
AUDIT_PAGE = BUTTONS.action("p", PAGE)


def line_text(line: audit.AuditLine, context: BotContext) -> str:
    zone = context.bot.defaults.tzinfo if context.bot.defaults else None
    details = ", ".join(
        f"{key}={shorten(str(value), DETAIL_SHOWN)}" for key, value in sorted(line.details.items())
    )
    return (
        f"{line.at.astimezone(zone):%d.%m.%Y %H:%M} {line.action}: "
        f"{line.actor or _('the bot')} → {line.target or '—'}"
        + (f" ({details})" if details else "")
    )


async def _show(update: Update, context: BotContext, number: int, *, edit: bool) -> None:
    lines = await audit.recent(context.services.db, limit=SHOWN)
    if not lines:
        await reply(update, _("The audit log is empty."))
        return
    header = _("Latest admin actions:")
    shown = pages.page([line_text(line, context) for line in lines], number, header=header)
    markup = pages.markup(shown, AUDIT_PAGE)
    await pages.show(update, pages.page_text(header, shown), markup, edit=edit)


async def show_audit(update: Update, context: BotContext) -> None:
    """The newest admin actions first."""
    await _show(update, context, 0, edit=False)


async def turn_page(update: Update, context: BotContext) -> None:
    """‹ › under the list: that page, in place."""
    (number,) = AUDIT_PAGE.decode(pressed(update).data)
    await _show(update, context, number, edit=True)


def register(setup: Setup) -> None:
    setup.command("audit", show_audit, N_("the latest admin actions"), role=Role.ORGANISER)
    setup.button(AUDIT_PAGE, turn_page, role=Role.ORGANISER)
