"""/news, /settings (how announcements arrive), /setnewschannel, the news feed's drafts and
the daily digest."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.broadcasts import feed
from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.context import BotContext
from bot.i18n import N_, _, ngettext, resolve_locale, use_locale
from bot.outbox import notices, sender
from handlers.broadcasts import publish
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from models import Announcement, DeliveryMode, DeliveryState, PersonStatus, Role

logger = logging.getLogger(__name__)
PAGE_SIZE = 5
DIGEST_TIME = time(19, 0)
MAX_TEXT = 4096


def _mode_name(mode: DeliveryMode) -> str:
    return {
        DeliveryMode.INSTANT: _("at once"),
        DeliveryMode.DIGEST: _("in a daily digest"),
        DeliveryMode.NEWS_ONLY: _("only in /news"),
    }[mode]


def _summary(announcement: Announcement, limit: int) -> str:
    label = {"photo": _("[photo]"), "document": _("[document]")}.get(announcement.media_kind or "")
    text = announcement.text if len(announcement.text) <= limit else announcement.text[:limit] + "…"
    return " ".join(part for part in (label, text) if part)


# ----- /news ----------------------------------------------------------------------------------


async def _render_news(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    items, total = await context.application.services.announcements.news_page(
        role=context.me.role, page=page, size=PAGE_SIZE
    )
    if not items:
        return _("No news yet."), None
    zone = ZoneInfo(context.services.settings.timezone)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    lines = [_("News, page {page} of {pages}:").format(page=page + 1, pages=pages)]
    for item in items:
        assert item.published_at is not None
        lines.append(
            f"\n{item.published_at.astimezone(zone):%d.%m.%Y %H:%M}\n{_summary(item, 600)}"
        )
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(_("‹ Newer"), callback_data=f"bc:news:{page - 1}"))
    if page + 1 < pages:
        row.append(InlineKeyboardButton(_("Older ›"), callback_data=f"bc:news:{page + 1}"))
    return "\n".join(lines)[:MAX_TEXT], InlineKeyboardMarkup([row]) if row else None


async def show_news(update: Update, context: BotContext) -> None:
    """The latest news, newest first."""
    text, markup = await _render_news(context, 0)
    await reply(update, text, reply_markup=markup)


async def turn_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix("bc:news:")
    if not raw.isdigit() or int(raw) > 10_000:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    await query.answer()
    text, markup = await _render_news(context, int(raw))
    await query.edit_message_text(text, reply_markup=markup)


# ----- /settings ------------------------------------------------------------------------------


def _settings_keyboard(current: DeliveryMode) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("✓ " if mode is current else "") + _mode_name(mode),
                    callback_data=f"bc:pref:{mode.value}",
                )
            ]
            for mode in DeliveryMode
        ]
    )


def _settings_text(current: DeliveryMode) -> str:
    return "\n".join(
        [
            _("How do you want to get announcements? Now: {mode}.").format(
                mode=_mode_name(current)
            ),
            _("Urgent announcements always come at once."),
        ]
    )


async def show_settings(update: Update, context: BotContext) -> None:
    """The delivery preference with buttons to change it."""
    current = await context.application.services.announcements.preference(context.me.id)
    await reply(update, _settings_text(current), reply_markup=_settings_keyboard(current))


async def choose_mode(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix("bc:pref:")
    if raw not in {mode.value for mode in DeliveryMode}:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    mode = DeliveryMode(raw)
    await context.application.services.announcements.set_preference(context.me.id, mode)
    await query.answer(_("Saved."))
    await query.edit_message_text(_settings_text(mode), reply_markup=_settings_keyboard(mode))


# ----- /setnewschannel ------------------------------------------------------------------------


@require_role(Role.ORGANISER)
async def set_news_channel(update: Update, context: BotContext) -> None:
    """/setnewschannel <chat id or @name> | off: where every announcement is also posted."""
    announcements = context.application.services.announcements
    argument = (context.args or [""])[0].strip()
    if argument.lower() in ("off", "-"):
        await announcements.set_news_channel(None)
        await reply(update, _("News are no longer posted to a channel."))
        return
    if not argument:
        await reply(
            update,
            _(
                "Send /setnewschannel followed by the channel's id (e.g. -1001234567890) or "
                "@name; the bot must be an administrator there. /setnewschannel off stops it."
            ),
        )
        return
    target: int | str = int(argument) if argument.lstrip("-").isdigit() else argument
    if isinstance(target, str) and not target.startswith("@"):
        await reply(update, _("That is neither a chat id nor an @name."))
        return
    try:
        chat = await context.bot.get_chat(target)
        member = await context.bot.get_chat_member(chat.id, context.bot.id)
    except TelegramError:
        await reply(update, _("I cannot see that chat. Add the bot there as an administrator."))
        return
    if member.status not in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
        await reply(update, _("The bot must be an administrator of that channel."))
        return
    await announcements.set_news_channel(chat.id)
    name = chat.title or chat.username or str(chat.id)
    await reply(update, _("News will also be posted to {chat}.").format(chat=name))


# ----- the news feed --------------------------------------------------------------------------


async def read_feed(context: BotContext) -> None:
    """New feed items become drafts; organisers get each with a Publish button."""
    url = context.services.settings.news_feed_url
    if not url:
        return
    try:
        items = await feed.fetch(url)
    except feed.FeedError as error:
        logger.warning("news feed not read: %s", error)
        return
    drafts = await context.application.services.announcements.feed_drafts(
        [(item.guid, item.as_text()) for item in reversed(items[:10])]
    )
    if not drafts:
        return
    organisers = await context.services.people.with_role_at_least(Role.ORGANISER)
    default = context.services.settings.default_locale
    for organiser in organisers:
        with use_locale(resolve_locale(organiser.language, None, default)):
            for draft in drafts:
                markup = InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                _("Publish to all members"), callback_data=f"bc:pub:{draft.id}"
                            ),
                            InlineKeyboardButton(_("Discard"), callback_data=f"bc:drop:{draft.id}"),
                        ]
                    ]
                )
                text = _("From the news feed:") + "\n\n" + draft.text
                try:
                    await context.bot.send_message(
                        organiser.telegram_id, text[:MAX_TEXT], reply_markup=markup
                    )
                except TelegramError as error:
                    logger.info("feed draft not shown to person %s: %s", organiser.id, error)


async def feed_draft_button(update: Update, context: BotContext) -> None:
    """Publish or discard a feed draft with one press (organisers; the id is re-checked)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if context.person is None or not context.person.role.at_least(Role.ORGANISER):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    action, _sep, raw = query.data.removeprefix("bc:").partition(":")
    announcements = context.application.services.announcements
    draft = await announcements.get(int(raw)) if raw.isdigit() else None
    if draft is None or draft.id is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    if action == "pub":
        done = await publish(context.application, draft.id, progress_chat_id=context.me.telegram_id)
        answer = _("Published.") if done else _("It was already published or discarded.")
    else:
        answer = (
            _("Discarded.")
            if await announcements.discard(draft.id)
            else _("It was already published or discarded.")
        )
    await query.answer(answer)
    with suppress(TelegramError):  # already without buttons (pressed twice)
        await query.edit_message_reply_markup(None)


# ----- the daily digest -----------------------------------------------------------------------


def _digest_text(items: list[Announcement]) -> str:
    head = ngettext(
        "Your daily digest: {n} announcement.", "Your daily digest: {n} announcements.", len(items)
    )
    body = "\n\n— — —\n\n".join(_summary(item, 800) for item in items)
    return f"{head}\n\n{body}"[:MAX_TEXT]


async def send_digests(context: BotContext) -> None:
    """One message per person with everything their digest collected since the last one."""
    announcements = context.application.services.announcements
    default = context.services.settings.default_locale
    bot = context.bot
    for chat_id, items in (await announcements.digests()).values():
        claimed = await announcements.mark_digest([d for d, _item in items], DeliveryState.SENDING)
        if not claimed:
            continue
        person = await context.services.people.get(chat_id)
        with use_locale(resolve_locale(person.language if person else None, None, default)):
            text = _digest_text([item for d, item in items if d in claimed])
        await sender.pace(bot, chat_id)
        outcome = DeliveryState.SENT
        try:
            await sender.send_payload(bot, chat_id, notices.text_payload(text), paced=True)
        except Forbidden:
            outcome = DeliveryState.BLOCKED
            await context.services.people.set_status(chat_id, PersonStatus.UNREACHABLE)
        except TelegramError as error:
            logger.info("digest to a person failed: %s", error)
            outcome = DeliveryState.FAILED
        await announcements.mark_digest(claimed, outcome)


def register(setup: Setup) -> None:
    application = setup.application
    services = application.services  # type: ignore[attr-defined]
    catalogue: CommandCatalogue = services.commands
    catalogue.add(CommandSpec("news", N_("the latest news")))
    catalogue.add(CommandSpec("settings", N_("how announcements reach you")))
    catalogue.add(
        CommandSpec(
            "setnewschannel",
            N_("the channel where news are also posted"),
            min_role=Role.ORGANISER,
        )
    )
    application.add_handler(CommandHandler("news", show_news))
    application.add_handler(CommandHandler("settings", show_settings))
    application.add_handler(CommandHandler("setnewschannel", set_news_channel))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=r"^bc:news:"))
    application.add_handler(CallbackQueryHandler(choose_mode, pattern=r"^bc:pref:"))
    application.add_handler(CallbackQueryHandler(feed_draft_button, pattern=r"^bc:(pub|drop):"))
    assert application.job_queue is not None
    zone = ZoneInfo(services.settings.timezone)
    application.job_queue.run_daily(
        send_digests, DIGEST_TIME.replace(tzinfo=zone), name="broadcasts.digest"
    )
    if services.settings.news_feed_url:
        application.job_queue.run_repeating(
            read_feed, services.settings.news_feed_interval, first=10, name="broadcasts.feed"
        )
