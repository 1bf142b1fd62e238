"""/areas: organisers manage the list of areas of expertise."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import areas
from bot.context import BotContext
from bot.core import expertise
from bot.i18n import _, current_locale
from handlers.kit.replies import reply, require_role
from models import Role

TOGGLE = "mb:ar:"  # mb:ar:<area id>


async def _list(context: BotContext) -> tuple[str, InlineKeyboardMarkup]:
    everything = await expertise.list_areas(context.services.db, include_hidden=True)
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if area.active else "🚫 ") + area.name(current_locale()),
                callback_data=f"{TOGGLE}{area.id}",
            )
        ]
        for area in everything
    ]
    text = _(
        "Areas of expertise. A button hides or shows an area (hidden areas stay on profiles). "
        "To add one: /areas add Название по-русски | Name in English"
    )
    return text, InlineKeyboardMarkup(rows)


@require_role(Role.ORGANISER)
async def manage_areas(update: Update, context: BotContext) -> None:
    """/areas: the list with buttons; /areas add RU | EN: a new area."""
    args = context.args or []
    if args and args[0].lower() == "add":
        names = [part.strip() for part in " ".join(args[1:]).split("|")]
        if len(names) != 2 or not all(names) or any(len(name) > 100 for name in names):
            await reply(update, _("Usage: /areas add Название по-русски | Name in English"))
            return
        area = await areas.add(
            context.services.db, name_ru=names[0], name_en=names[1], actor_id=context.me.id
        )
        await reply(update, _("Added: {name}.").format(name=area.name(current_locale())))
    text, keyboard = await _list(context)
    await reply(update, text, reply_markup=keyboard)


@require_role(Role.ORGANISER)
async def toggle_area(update: Update, context: BotContext) -> None:
    """Hide a shown area, or show a hidden one."""
    query = update.callback_query
    assert query is not None and query.data is not None
    area_id = query.data.removeprefix(TOGGLE)
    everything = await expertise.list_areas(context.services.db, include_hidden=True)
    area = next((area for area in everything if str(area.id) == area_id), None)
    if area is None or area.id is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    await areas.set_active(
        context.services.db, area.id, active=not area.active, actor_id=context.me.id
    )
    await query.answer()
    text, keyboard = await _list(context)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=keyboard)
