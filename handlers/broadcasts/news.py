"""/news, page by page, and /setnewschannel: the public channel where announcements to the
whole community are also posted when their organiser chooses it."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.context import BotContext
from bot.core.text import MESSAGE, fit, length
from bot.i18n import _
from handlers.broadcasts import buttons
from handlers.broadcasts.form import button
from handlers.broadcasts.texts import local_time, summary
from handlers.kit.replies import pressed, reply


async def _render_news(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    news = await context.services.broadcasts.news.page(role=context.me.role, page=page)
    if not news.items:
        return _("No news yet."), None
    head = _("News, page {page} of {pages}:").format(page=page + 1, pages=news.pages)
    items = []
    for item in news.items:
        assert item.published_at is not None
        items.append(f"\n{local_time(context, item.published_at)}\n{summary(item, 600)}")
    row = []
    if page > 0:
        row.append(button(_("‹ Newer"), buttons.NEWS_PAGE(page - 1)))
    if page + 1 < news.pages:
        row.append(button(_("Older ›"), buttons.NEWS_PAGE(page + 1)))
    text = "\n".join([head, *fit(items, MESSAGE - length(head) - 1)])
    return text, InlineKeyboardMarkup([row]) if row else None


async def show_news(update: Update, context: BotContext) -> None:
    """The latest news, newest first."""
    text, markup = await _render_news(context, 0)
    await reply(update, text, reply_markup=markup)


async def turn_page(update: Update, context: BotContext) -> None:
    query = pressed(update)
    (page,) = buttons.NEWS_PAGE.decode(query.data)
    await query.answer()
    text, markup = await _render_news(context, page)
    await query.edit_message_text(text, reply_markup=markup)


async def set_news_channel(update: Update, context: BotContext) -> None:
    """/setnewschannel <chat id or @name> | off: the public channel where an announcement to
    the whole community is also posted when its organiser chooses it."""
    news = context.services.broadcasts.news
    argument = (context.args or [""])[0].strip()
    if argument.lower() in ("off", "-"):
        await news.set_channel(None)
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
    await news.set_channel(chat.id)
    name = chat.title or chat.username or str(chat.id)
    await reply(
        update,
        _(
            "Announcements to the whole community can now also be posted to {chat}: choose it "
            "when you confirm one."
        ).format(chat=name),
    )
