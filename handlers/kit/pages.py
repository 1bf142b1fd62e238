"""Lists that grow, within Telegram's limits: one page at a time under ‹ › buttons, whose
data each feature builds with its own codec (`turn(page)`), and long texts in parts.

    page = pages.page(lines, number, header=_("The action plan:"))
    text = pages.page_text(_("The action plan:"), page)
    markup = pages.markup(page, lambda n: PLAN_PAGE(group, n), rows=[...])
    await pages.show(update, text, markup, edit=update.callback_query is not None)

The pure rules (lengths, packing, shortening) are `bot.core.text`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.core import text as limits
from bot.core.text import Page
from bot.i18n import _
from handlers.kit.replies import reply

Turn = Callable[[int], str]
"""The callback data of the button that shows page n (from 0)."""

PAGE_LINE_ROOM = 40  # "Page 12 of 30." in any language, with its line end
PER_PAGE = 10  # blocks on a page at most: a button each stays far below Telegram's 100


def page(
    blocks: Sequence[str],
    number: int,
    *,
    header: str = "",
    per_page: int = PER_PAGE,
    separator: str = "\n",
) -> Page:
    """Page `number` of the blocks, with room left for the header and the page line."""
    room = limits.MESSAGE - limits.length(header) - PAGE_LINE_ROOM - limits.length(separator)
    return limits.paginate(blocks, number, room, per_page=per_page, separator=separator)


def heading(header: str, shown: Page) -> str:
    """The header, and "Page n of m." under it when there are several."""
    if shown.count == 1:
        return header
    line = _("Page {page} of {pages}.").format(page=shown.number + 1, pages=shown.count)
    return f"{header}\n{line}" if header else line


def page_text(header: str, shown: Page, separator: str = "\n") -> str:
    """The heading, then the page's blocks."""
    top = heading(header, shown)
    return separator.join([top, *shown.blocks] if top else shown.blocks)


def turns(shown: Page, turn: Turn) -> list[InlineKeyboardButton]:
    """‹ to the page before, › to the page after (none on a list of one page)."""
    row = []
    if shown.number > 0:
        row.append(InlineKeyboardButton("‹", callback_data=turn(shown.number - 1)))
    if shown.number + 1 < shown.count:
        row.append(InlineKeyboardButton("›", callback_data=turn(shown.number + 1)))
    return row


def markup(
    shown: Page, turn: Turn, rows: Sequence[list[InlineKeyboardButton]] = ()
) -> InlineKeyboardMarkup | None:
    """The page's own buttons, then the row that turns pages; None when there are none."""
    keyboard = [list(row) for row in rows if row]
    if row := turns(shown, turn):
        keyboard.append(row)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


async def show(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None, *, edit: bool
) -> None:
    """A page: in place of the one whose button was pressed (`edit`), else as a reply."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    if not edit or query is None:
        await reply(update, text, reply_markup=keyboard)
        return
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:  # the same page again: nothing to change
        if "not modified" not in str(error):
            raise


async def send_parts(
    bot: Bot, chat_id: int, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> Message:
    """A text that may be too long for one message, in parts cut at line ends; the buttons
    under the last part, which is returned."""
    parts = limits.split(text)
    for part in parts[:-1]:
        await bot.send_message(chat_id, part)
    return await bot.send_message(chat_id, parts[-1], reply_markup=reply_markup)
