"""Helpers for the working-group tests: a group, its chat, anonymous admins, chat members."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from tests.support.jobs import deliveries_done
from tests.support.people import member, organiser

ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's GroupAnonymousBot


async def create_group(olga: SimUser, name: str, purpose: str = "Цель группы") -> None:
    await olga.send("/newgroup")
    await olga.send(name)
    await olga.send(purpose)
    assert olga.last.text.startswith("Группа создана"), olga.last.text


async def linked_chat(telegram: LocalTelegram, olga: SimUser, group: str, chat_id: int) -> SimChat:
    chat = telegram.group(chat_id, f"Чат {group}")
    await olga.send(f"/linkchat {group}", chat=chat)
    assert chat.last.text.startswith("Теперь это чат группы"), chat.last.text
    await deliveries_done(telegram)  # the chat's link, to those already in the group
    return chat


async def send_anonymously(telegram: LocalTelegram, chat: SimChat, text: str) -> None:
    """An anonymous admin: the message comes from GroupAnonymousBot on behalf of the chat."""
    server = telegram.server
    server.users.setdefault(
        ANONYMOUS_ADMIN_ID,
        {
            "id": ANONYMOUS_ADMIN_ID,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        },
    )
    message = server.user_message(
        ANONYMOUS_ADMIN_ID,
        text,
        chat_id=chat.chat_id,
        extra={"sender_chat": server.chats[chat.chat_id]},
    )
    await telegram.deliver({"message": message})


async def chat_member_update(
    telegram: LocalTelegram, chat: SimChat, user_id: int, old: str, new: str
) -> None:
    """Telegram's chat_member update: someone joined or left a chat where the bot is admin."""
    server = telegram.server
    user = server.users[user_id]
    server.set_member(chat.chat_id, user_id, new)
    await telegram.deliver(
        {
            "chat_member": {
                "chat": server.chats[chat.chat_id],
                "from": user,
                "date": 0,
                "old_chat_member": {"status": old, "user": user},
                "new_chat_member": {"status": new, "user": user},
            }
        }
    )


async def group_with_chat(telegram: LocalTelegram) -> tuple[SimUser, SimChat, SimUser, SimUser]:
    """Ольга's group «Медиа» with its chat -100: Анна (@anna) its coordinator and an admin of
    the chat, Борис a member; the notices of joining already delivered."""
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    chat = await linked_chat(telegram, olga, "Медиа", -100)
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис")
    for person in (anna, boris):
        await person.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    telegram.server.set_member(-100, 1, "administrator")
    telegram.server.set_member(-100, 2, "member")
    await deliveries_done(telegram)
    return olga, chat, anna, boris
