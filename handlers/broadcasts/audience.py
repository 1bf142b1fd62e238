"""/announce: who gets it — all members, a region, an expertise area, everyone who started
the bot, or a working group (coordinators: only the groups they coordinate). Every choice
is checked by the rules before it is kept."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.broadcasts.audiences import Audience
from bot.context import BotContext
from bot.core import expertise, regions
from bot.i18n import _
from handlers.broadcasts import buttons, timing
from handlers.broadcasts.form import AREA, AUDIENCE, GROUP, REGION, button, keep_audience
from handlers.kit.replies import pressed, reply
from models import AudienceKind


async def ask_audience(update: Update, context: BotContext, *, groups: bool) -> int:
    """The organisers' audiences; `groups`: there is a working group to choose."""
    rows = [
        [button(_("All members"), buttons.AUDIENCE(AudienceKind.MEMBERS))],
        [
            button(_("A region"), buttons.AUDIENCE(AudienceKind.REGION)),
            button(_("An expertise area"), buttons.AUDIENCE(AudienceKind.AREA)),
        ],
        [button(_("Everyone who started the bot"), buttons.AUDIENCE(AudienceKind.STARTED))],
    ]
    if groups:
        rows.append([button(_("A working group"), buttons.AUDIENCE(AudienceKind.GROUP))])
    await reply(update, _("Who gets it?"), reply_markup=InlineKeyboardMarkup(rows))
    return AUDIENCE


async def ask_group(update: Update, context: BotContext, groups: list[tuple[int, str]]) -> int:
    keyboard = InlineKeyboardMarkup(
        [[button(name, buttons.GROUP(group_id))] for group_id, name in groups]
    )
    await reply(update, _("Which working group?"), reply_markup=keyboard)
    return GROUP


async def _chosen(update: Update, context: BotContext, audience: Audience) -> int:
    """Kept if the rules allow it (a stale or forged button changes nothing), then: when?"""
    await context.services.broadcasts.audiences.check(context.me, audience)
    if update.callback_query is not None:
        await update.callback_query.answer()
    keep_audience(context, audience)
    return await timing.ask_when(update, context)


async def chose_audience(update: Update, context: BotContext) -> int:
    query = pressed(update)
    (kind,) = buttons.AUDIENCE.decode(query.data)
    if kind in (AudienceKind.MEMBERS, AudienceKind.STARTED):
        return await _chosen(update, context, Audience(kind))
    await query.answer()
    if kind is AudienceKind.GROUP:
        groups = await context.services.broadcasts.audiences.groups_for(context.me)
        return await ask_group(update, context, groups)
    if kind is AudienceKind.AREA:
        areas = await expertise.list_areas(context.services.db)
        keyboard = InlineKeyboardMarkup(
            [[button(area.name(context.locale), buttons.AREA(area.code))] for area in areas]
        )
        await reply(update, _("Choose the expertise area:"), reply_markup=keyboard)
        return AREA
    await reply(update, _("Type the name of the region (a part of it is enough)."))
    return REGION


async def typed_region(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    found = regions.search(message.text, context.locale)
    exact = [r for r in found if message.text.strip().lower() in (r.ru.lower(), r.en.lower())]
    if len(exact) == 1 or len(found) == 1:
        region = (exact or found)[0]
        return await _chosen(update, context, Audience(AudienceKind.REGION, region.code))
    if not found:
        await reply(update, _("No region matches «{text}». Try again.").format(text=message.text))
        return REGION
    keyboard = InlineKeyboardMarkup(
        [[button(region.name(context.locale), buttons.REGION(region.code))] for region in found]
    )
    await reply(update, _("Which one?"), reply_markup=keyboard)
    return REGION


async def chose_region(update: Update, context: BotContext) -> int:
    (code,) = buttons.REGION.decode(pressed(update).data)
    return await _chosen(update, context, Audience(AudienceKind.REGION, code))


async def chose_area(update: Update, context: BotContext) -> int:
    (code,) = buttons.AREA.decode(pressed(update).data)
    return await _chosen(update, context, Audience(AudienceKind.AREA, code))


async def chose_group(update: Update, context: BotContext) -> int:
    (group_id,) = buttons.GROUP.decode(pressed(update).data)
    return await _chosen(update, context, Audience(AudienceKind.GROUP, working_group_id=group_id))
