"""Quick questions: /poll in a group chat sends a native non-anonymous poll, the answers
Telegram reports are recorded, and /pollresults summarises them."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.decisions.polls import parse_poll
from bot.i18n import _, ngettext
from handlers.kit.replies import reply


async def create_poll(update: Update, context: BotContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        await reply(update, _("Quick polls are for group chats: send /poll there."))
        return
    draft = parse_poll((message.text or "").partition(" ")[2])
    sent = await context.bot.send_poll(
        chat.id,
        draft.question,
        draft.options,
        is_anonymous=False,
        allows_multiple_answers=draft.multiple,
    )
    assert sent.poll is not None
    await context.services.decisions.polls.record_poll(
        telegram_poll_id=sent.poll.id,
        chat_id=chat.id,
        message_id=sent.message_id,
        draft=draft,
        creator_id=context.me.id,
    )


async def record_answer(update: Update, context: BotContext) -> None:
    """A person answered (or retracted their answer to) one of our polls. Someone who has
    not started the bot is counted without a name (their Telegram id only tells answers apart)."""
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return  # answered on behalf of a chat: no person to record
    name = answer.user.full_name if context.person is not None else ""
    await context.services.decisions.polls.record_answer(
        answer.poll_id, answer.user.id, name, list(answer.option_ids)
    )


async def poll_results(update: Update, context: BotContext) -> None:
    """The results of the poll replied to, or of the chat's latest poll."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    replied = message.reply_to_message
    polls = context.services.decisions.polls
    poll = await polls.find(chat.id, replied.message_id if replied else None)
    if poll is None:
        await reply(update, _("There is no poll of mine here. Start one with /poll."))
        return
    results, answered = await polls.results(poll)
    lines = [
        poll.question,
        ngettext("{n} person answered.", "{n} people answered.", answered),
    ]
    for result in results:
        names = f" — {', '.join(result.names)}" if result.names else ""
        lines.append(f"{result.text}: {result.count}{names}")
    await reply(update, "\n".join(lines))
