"""Texts of news and broadcasts that several steps share: times, audiences, delivery modes,
an announcement in a list."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.broadcasts.audiences import AudienceView
from bot.broadcasts.news import NewsItem
from bot.context import BotContext
from bot.core import regions
from bot.core.text import shorten
from bot.i18n import _
from models import AudienceKind, DeliveryMode

TIME_FORMAT = "%d.%m.%Y %H:%M"


def zone(context: BotContext) -> ZoneInfo:
    """The bot's time zone (people have none of their own yet)."""
    return ZoneInfo(context.services.settings.timezone)


def local_time(context: BotContext, moment: datetime) -> str:
    return moment.astimezone(zone(context)).strftime(TIME_FORMAT)


def audience_name(view: AudienceView, locale: str) -> str:
    audience = view.audience
    if audience.kind is AudienceKind.REGION:
        region = regions.BY_CODE.get(audience.value or "")
        name = region.name(locale) if region else audience.value
        return _("members in the region {region}").format(region=name)
    if audience.kind is AudienceKind.AREA:
        name = view.area.name(locale) if view.area else audience.value
        return _("members with the expertise «{area}»").format(area=name)
    if audience.kind is AudienceKind.STARTED:
        return _("everyone who has started the bot")
    if audience.kind is AudienceKind.GROUP:
        name = view.group_name or f"#{audience.working_group_id}"
        return _("the working group «{group}»").format(group=name)
    return _("all members")


def mode_name(mode: DeliveryMode) -> str:
    return {
        DeliveryMode.INSTANT: _("at once"),
        DeliveryMode.DIGEST: _("in a daily digest"),
        DeliveryMode.NEWS_ONLY: _("only in /news"),
    }[mode]


def summary(item: NewsItem, limit: int) -> str:
    """An announcement in /news or in a digest: its media marked, its text cut at `limit`."""
    label = {"photo": _("[photo]"), "document": _("[document]")}.get(item.media_kind or "")
    text = shorten(item.text, limit)
    return " ".join(part for part in (label, text) if part)
