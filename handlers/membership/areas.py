"""/areas: organisers manage the list of areas of expertise."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.i18n import _, current_locale
from handlers.kit.replies import reply
from handlers.membership.buttons import TOGGLE_AREA


async def _list(context: BotContext) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if area.active else "🚫 ") + area.name(current_locale()),
                callback_data=TOGGLE_AREA(area.id),
            )
        ]
        for area in await context.services.membership.areas.everything()
    ]
    text = _(
        "Areas of expertise. A button hides or shows an area (hidden areas stay on profiles). "
        "To add one: /areas add Название по-русски | Name in English"
    )
    return text, InlineKeyboardMarkup(rows)


async def manage_areas(update: Update, context: BotContext) -> None:
    """/areas: the list with buttons; /areas add RU | EN: a new area."""
    args = context.args or []
    if args and args[0].lower() == "add":
        names = [part.strip() for part in " ".join(args[1:]).split("|")]
        if len(names) != 2 or not all(names) or any(len(name) > 100 for name in names):
            await reply(update, _("Usage: /areas add Название по-русски | Name in English"))
            return
        area = await context.services.membership.areas.add(
            name_ru=names[0], name_en=names[1], actor_id=context.me.id
        )
        await reply(update, _("Added: {name}.").format(name=area.name(current_locale())))
    text, keyboard = await _list(context)
    await reply(update, text, reply_markup=keyboard)


async def toggle_area(update: Update, context: BotContext) -> None:
    """Hide a shown area, or show a hidden one."""
    query = update.callback_query
    assert query is not None
    (area_id,) = TOGGLE_AREA.decode(query.data)
    await context.services.membership.areas.toggle(area_id, actor_id=context.me.id)
    await query.answer()
    text, keyboard = await _list(context)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=keyboard)
