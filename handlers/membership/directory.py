"""/directory: members find peers by area of expertise, region or name; contacts are shown
only as each person allowed, otherwise the bot passes a request on (`contact`)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.errors import STALE, Refused
from bot.core.text import MESSAGE, clean, fit, length
from bot.i18n import _, current_locale, ngettext
from bot.membership.directory import DirectoryPage
from handlers.kit.replies import reply
from handlers.membership.buttons import AREA, AREA_PAGE, CONTACT, TEXT_PAGE
from handlers.membership.render import area_names, consulting_text, region_name

QUERY = "mb_directory"  # the text searched for, to turn its pages

Turn = Callable[[int], str]  # the data of the button that shows a page


async def directory(update: Update, context: BotContext) -> None:
    """/directory: area buttons; /directory <text>: members by region or name."""
    assert context.user_data is not None
    membership = context.services.membership
    text = clean(" ".join(context.args or []))[:64]
    if text:
        context.user_data[QUERY] = text
        page = await membership.directory.by_text(text, current_locale())
        await _show(update, context, page, TEXT_PAGE, edit=False)
        return
    rows = [
        [InlineKeyboardButton(area.name(current_locale()), callback_data=AREA(area.code))]
        for area in await membership.areas.offered()
    ]
    await reply(
        update,
        _(
            "Find peers by area of expertise with the buttons, or by region or name: "
            "/directory Тверская, /directory Ivanova."
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _render(context: BotContext, page: DirectoryPage) -> str:
    if page.total == 0:
        return _("Nobody found.")
    names = await area_names(context.services.membership.areas)
    records = await context.services.consultations.records.consulting(
        [entry.person_id for entry in page.entries]
    )
    head = "\n".join(
        [
            ngettext("{n} member found.", "{n} members found.", page.total),
            _("Page {page} of {pages}.").format(page=page.page + 1, pages=page.pages),
        ]
    )
    entries = []
    for entry in page.entries:
        areas = ", ".join(names.get(code, code) for code in entry.area_codes) or "—"
        contact = entry.contact or _("via the bot")
        entries.append(
            f"\n• {entry.full_name} — {entry.organisation}\n"
            f"  {region_name(entry.region)}; {areas}\n"
            f"  {_('Contact')}: {contact}\n"
            + textwrap.indent(consulting_text(records[entry.person_id]), "  ")
        )
    # Recommendations make an entry grow: the longest entries of the page give way.
    return "\n".join([head, *fit(entries, MESSAGE - length(head) - 1)])


def _keyboard(page: DirectoryPage, turn: Turn, me: int) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(
                _("Write to {name} via the bot").format(name=entry.full_name[:40]),
                callback_data=CONTACT(entry.person_id),
            )
        ]
        for entry in page.entries
        if entry.contact is None and entry.person_id != me
    ]
    turns = []
    if page.page > 0:
        turns.append(InlineKeyboardButton("◀", callback_data=turn(page.page - 1)))
    if page.page + 1 < page.pages:
        turns.append(InlineKeyboardButton("▶", callback_data=turn(page.page + 1)))
    if turns:
        rows.append(turns)
    return InlineKeyboardMarkup(rows) if rows else None  # no buttons: no keyboard


async def _show(
    update: Update, context: BotContext, page: DirectoryPage, turn: Turn, *, edit: bool
) -> None:
    text, keyboard = await _render(context, page), _keyboard(page, turn, context.me.id)
    query = update.callback_query
    if query is not None:
        await query.answer()
    if edit and query is not None:
        await query.edit_message_text(text, reply_markup=keyboard)
    else:
        await reply(update, text, reply_markup=keyboard)


async def area_first_page(update: Update, context: BotContext) -> None:
    """An area button: its first page, as a new message."""
    assert update.callback_query is not None
    (code,) = AREA.decode(update.callback_query.data)
    page = await context.services.membership.directory.by_area(code)
    await _show(update, context, page, partial(AREA_PAGE, code), edit=False)


async def area_page(update: Update, context: BotContext) -> None:
    """◀ ▶ under an area's members: that page, in place."""
    assert update.callback_query is not None
    code, number = AREA_PAGE.decode(update.callback_query.data)
    page = await context.services.membership.directory.by_area(code, number)
    await _show(update, context, page, partial(AREA_PAGE, code), edit=True)


async def text_page(update: Update, context: BotContext) -> None:
    """◀ ▶ under a search's results: that page, in place (the text searched for is kept)."""
    assert update.callback_query is not None and context.user_data is not None
    (number,) = TEXT_PAGE.decode(update.callback_query.data)
    text = context.user_data.get(QUERY)
    if not text:
        raise Refused(STALE)
    directory = context.services.membership.directory
    page = await directory.by_text(text, current_locale(), number)
    await _show(update, context, page, TEXT_PAGE, edit=True)
