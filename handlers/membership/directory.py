"""/directory: members find peers by area of expertise, region or name; contacts are shown
only as each person allowed, otherwise the bot passes a request on."""

from __future__ import annotations

import textwrap

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import consultation_records, profiles
from bot.context import BotContext
from bot.core import expertise, regions
from bot.i18n import _, current_locale, ngettext, use_locale
from bot.profiles import DirectoryPage
from handlers.kit.replies import reply, require_role
from handlers.membership.notify import locale_of_chat, send
from handlers.membership.render import area_names, consulting_text, region_name
from models import Role

MENU = "mb:d:m:"  # mb:d:m:<area code>: the first page, as a new message
BY_AREA = "mb:d:a:"  # mb:d:a:<area code>:<page>: another page, in place
BY_TEXT = "mb:d:t:"  # mb:d:t:<page>, the text kept in user_data
CONTACT = "mb:d:c:"  # mb:d:c:<person id>
QUERY = "mb_directory"


@require_role(Role.MEMBER)
async def directory(update: Update, context: BotContext) -> None:
    """/directory: area buttons; /directory <text>: members by region or name."""
    assert context.user_data is not None
    text = " ".join(context.args or []).strip()[:64]
    if text:
        context.user_data[QUERY] = text
        await _show(update, context, await _text_page(context, text, 0), BY_TEXT, edit=False)
        return
    areas = await expertise.list_areas(context.services.db)
    rows = [
        [InlineKeyboardButton(area.name(current_locale()), callback_data=f"{MENU}{area.code}")]
        for area in areas
    ]
    await reply(
        update,
        _(
            "Find peers by area of expertise with the buttons, or by region or name: "
            "/directory Тверская, /directory Ivanova."
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _text_page(context: BotContext, text: str, page: int) -> DirectoryPage:
    codes = [region.code for region in regions.search(text, current_locale())]
    return await profiles.search(context.services.db, regions=codes, text=text, page=page)


async def _render(context: BotContext, page: DirectoryPage) -> str:
    if page.total == 0:
        return _("Nobody found.")
    names = await area_names(context.services.db)
    records = await consultation_records.consulting(
        context.services.db, [entry.person_id for entry in page.entries]
    )
    lines = [
        ngettext("{n} member found.", "{n} members found.", page.total),
        _("Page {page} of {pages}.").format(page=page.page + 1, pages=page.pages),
    ]
    for entry in page.entries:
        areas = ", ".join(names.get(code, code) for code in entry.area_codes) or "—"
        contact = entry.contact or _("via the bot")
        lines.append(
            f"\n• {entry.full_name} — {entry.organisation}\n"
            f"  {region_name(entry.region)}; {areas}\n"
            f"  {_('Contact')}: {contact}\n"
            + textwrap.indent(consulting_text(records[entry.person_id]), "  ")
        )
    return "\n".join(lines)


def _keyboard(page: DirectoryPage, prefix: str, me: int) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _("Write to {name} via the bot").format(name=entry.full_name[:40]),
                callback_data=f"{CONTACT}{entry.person_id}",
            )
        ]
        for entry in page.entries
        if entry.contact is None and entry.person_id != me
    ]
    turns = []
    if page.page > 0:
        turns.append(InlineKeyboardButton("◀", callback_data=f"{prefix}{page.page - 1}"))
    if page.page + 1 < page.pages:
        turns.append(InlineKeyboardButton("▶", callback_data=f"{prefix}{page.page + 1}"))
    if turns:
        rows.append(turns)
    return InlineKeyboardMarkup(rows)


async def _show(
    update: Update, context: BotContext, page: DirectoryPage, prefix: str, *, edit: bool
) -> None:
    text, keyboard = await _render(context, page), _keyboard(page, prefix, context.me.id)
    query = update.callback_query
    if edit and query is not None:
        await query.edit_message_text(text, reply_markup=keyboard)
    else:
        await reply(update, text, reply_markup=keyboard)


@require_role(Role.MEMBER)
async def turn_page(update: Update, context: BotContext) -> None:
    """An area button or ◀ ▶: the page again, checked against the database."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    if query.data.startswith((MENU, BY_AREA)):
        first = query.data.startswith(MENU)
        tail = query.data.removeprefix(MENU) + ":0" if first else query.data.removeprefix(BY_AREA)
        code, _sep, number = tail.rpartition(":")
        known = {area.code for area in await expertise.list_areas(context.services.db)}
        if code not in known or not number.isdigit():
            await query.answer(_("This button is no longer active."), show_alert=True)
            return
        await query.answer()
        page = await profiles.search(context.services.db, area=code, page=int(number))
        await _show(update, context, page, f"{BY_AREA}{code}:", edit=not first)
        return
    number = query.data.removeprefix(BY_TEXT)
    text = context.user_data.get(QUERY)
    if not number.isdigit() or not text:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    await query.answer()
    page = await _text_page(context, text, int(number))
    await _show(update, context, page, BY_TEXT, edit=True)


@require_role(Role.MEMBER)
async def ask_contact(update: Update, context: BotContext) -> None:
    """ "Write via the bot": the peer gets the asker's name and a link to write back."""
    query = update.callback_query
    assert query is not None and query.data is not None
    person_id = query.data.removeprefix(CONTACT)
    peer = (
        await profiles.member_contact(context.services.db, int(person_id))
        if person_id.isdigit()
        else None
    )
    if peer is None or peer.id == context.me.id:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    asker = context.me
    mention = f"@{asker.username}" if asker.username else f"tg://user?id={asker.telegram_id}"
    with use_locale(await locale_of_chat(context, peer.telegram_id)):
        text = _(
            "{name} found you in the community directory and would like to get in touch: {link}"
        ).format(name=asker.display_name, link=mention)
    sent = await send(context, peer.telegram_id, text)
    if sent is None:
        await query.answer(_("This member cannot be reached now."), show_alert=True)
        return
    await query.answer(_("Your request has been passed on."), show_alert=True)
