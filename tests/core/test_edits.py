"""Edited messages trigger nothing: every handler of the application refuses an edit (and a
channel post), dialogues go on as if the edit had not happened, a group announcement is not
sent twice; in a private chat an edited text gets a short note that edits do not count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.localapi import LocalTelegram
from tests.groups.support import group_with_chat
from tests.support.community import last_broadcast
from tests.support.edits import edit
from tests.support.jobs import deliveries_done
from tests.support.people import member, organiser

NOTE = (
    "Правки уже отправленных сообщений не учитываются: бот видит сообщение таким, каким его "
    "отправили."
)
# The handlers that may see an edited message, and why:
ALLOWED = {
    "handlers.core.middleware.drop_repeated",  # every update, to drop a repeated one
    "handlers.core.middleware.identify",  # every update: the person and their language
    "handlers.core.fallback.edited",  # the note above, in private chats
}

ANNA = {"id": 1, "is_bot": False, "first_name": "Анна", "language_code": "ru"}
PRIVATE = {"id": 1, "type": "private", "first_name": "Анна"}
GROUP = {"id": -100, "type": "supergroup", "title": "Чат"}
CHANNEL = {"id": -1001, "type": "channel", "title": "Новости"}
DOCUMENT = {"file_id": "d1", "file_unique_id": "u1", "file_name": "a.pdf"}
CONTACT = {"phone_number": "+79001234567", "first_name": "Анна", "user_id": 1}
LOCATION = {"latitude": 55.75, "longitude": 37.62, "live_period": 900}


def _walk(handlers: list[BaseHandler[Any, Any, Any]]) -> Iterator[BaseHandler[Any, Any, Any]]:
    """Every handler, those inside dialogues too (entry points, states, fallbacks)."""
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            steps = [step for state in handler.states.values() for step in state]
            yield from _walk([*handler.entry_points, *steps, *handler.fallbacks])
        else:
            yield handler


def _name(handler: BaseHandler[Any, Any, Any]) -> str:
    callback = handler.callback
    return f"{callback.__module__}.{callback.__qualname__}"


def _message(chat: dict[str, Any], text: str | None = None, **extra: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"message_id": 7, "date": 1, "edit_date": 2, "chat": chat}
    message["from" if chat["type"] != "channel" else "sender_chat"] = (
        ANNA if chat["type"] != "channel" else CHANNEL
    )
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    message.update(extra)
    return message


def _samples(commands: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Edits of every kind a handler could take, and channel posts (not a person's message)."""
    texts = ["Анна Петрова", "12.12.2030 18:00", "7"]
    for command in sorted(commands):
        texts += [f"/{command}", f"/{command} 1", f"/{command} Медиа", f"/{command} ref_abc12"]
        texts.append(f"/{command}@community_test_bot")
    for text in texts:
        yield "edited_message", _message(PRIVATE, text)
        yield "edited_message", _message(GROUP, text)
        yield "edited_message", _message(GROUP, text, sender_chat=GROUP)  # an anonymous admin
        yield "channel_post", _message(CHANNEL, text)
        yield "edited_channel_post", _message(CHANNEL, text)
    for chat in (PRIVATE, GROUP):
        yield "edited_message", _message(chat, document=DOCUMENT, caption="Афиша")
        yield "edited_message", _message(chat, photo=[{**DOCUMENT, "width": 1, "height": 1}])
        yield "edited_message", _message(chat, contact=CONTACT)
        yield "edited_message", _message(chat, location=LOCATION)


async def test_no_handler_takes_an_edited_message(telegram: LocalTelegram) -> None:
    application = telegram.application
    handlers = list(_walk([h for group in application.handlers.values() for h in group]))
    commands = {c for h in handlers if isinstance(h, CommandHandler) for c in h.commands}
    assert len(handlers) > 150 and len(commands) > 50  # the walk reached the dialogues
    takes = set()
    for number, (kind, message) in enumerate(_samples(commands), start=1):
        update = Update.de_json({"update_id": number, kind: message}, application.bot)
        for handler in handlers:
            if handler.check_update(update) not in (None, False) and _name(handler) not in ALLOWED:
                takes.add(f"{type(handler).__name__} {_name(handler)}: {kind}")
    assert not takes, "\n".join(sorted(takes))


async def test_editing_a_sent_group_announcement_sends_nothing_again(
    telegram: LocalTelegram,
) -> None:
    _olga, chat, anna, boris = await group_with_chat(telegram)
    sent = await anna.send("/announce_group Встреча в пятницу", chat=chat)
    await boris.send("Приду!", chat=chat)  # the chat goes on meanwhile
    await deliveries_done(telegram)
    answers = len(chat.messages)
    await edit(telegram, sent, text="/announce_group Встреча в субботу")
    await edit(telegram, sent, text="/announce_group Встреча в субботу!")  # edited twice
    await deliveries_done(telegram)
    header = "От координатора группы «Медиа»:\n\n"
    assert boris.texts.count(header + "Встреча в пятницу") == 1
    assert not any("субботу" in text for text in boris.texts)
    assert len(chat.messages) == answers  # no "Sending to 1 member" again, and no note
    outbox = telegram.application.services.outbox
    assert len(await outbox.recent(kind="group_announce")) == 1


async def test_an_edited_answer_does_not_answer_the_next_question(
    telegram: LocalTelegram,
) -> None:
    anna = telegram.user(1, "Анна")
    boris = telegram.user(2, "Борис")
    await anna.send("/apply")
    await boris.send("/apply")
    name = await anna.send("Анна Петрова")
    assert anna.last.text.startswith("Какую организацию")
    await boris.send("Борис Иванов")
    await edit(telegram, name, text="Анна Сидорова")  # not the answer to "where do you work"
    assert anna.last.text == NOTE
    quoted = telegram.server.calls_to("sendMessage")[-1].params["reply_parameters"]
    assert quoted["message_id"] == name["message"]["message_id"]  # which message it was
    await anna.send("АНО «Забота», координатор")
    assert anna.last.text.startswith("В каком регионе")
    await boris.send("Фонд «Рядом»")
    assert boris.last.text.startswith("В каком регионе")
    assert NOTE not in boris.texts
    await anna.send("твер")
    await anna.press("Тверская область")
    assert "Анна Сидорова" not in anna.last.text


async def test_the_questionnaire_keeps_the_first_version_of_an_edited_answer(
    telegram: LocalTelegram,
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    first = await anna.send("Анна Петрова")
    await edit(telegram, first, text="Анна Сидорова")
    await anna.send("АНО «Забота», координатор")
    await anna.send("твер")
    await anna.press("Тверская область")
    await anna.send("Курсы, сертификат")
    await anna.press("Пропустить")
    await anna.send("7")
    await anna.press("Работа с детьми")
    await anna.press("Готово")
    await anna.press("Да, разделяю")
    await anna.send("Помогать коллегам")
    await anna.press("Только через бота")
    await anna.press("Даю согласие")
    summary = anna.last.text
    assert summary.startswith("Проверьте ваши ответы:")
    assert "Анна Петрова" in summary and "Сидорова" not in summary
    assert "АНО «Забота», координатор" in summary


async def test_editing_the_announcement_while_composing_changes_nothing(
    telegram: LocalTelegram,
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    await olga.send("/announce")
    text = await olga.send("Собрание в пятницу")
    assert olga.last.text == "Кому отправить?"
    await edit(telegram, text, text="Собрание в субботу")
    assert olga.last.text == NOTE  # no second preview, no "use the buttons"
    await olga.press("Все участники", olga.last_with_buttons())
    await olga.press("Отправить сейчас")
    await olga.press("Подтвердить")
    await last_broadcast(telegram)
    assert anna.last.text == "Собрание в пятницу"
    assert not any("субботу" in message for message in anna.texts)


async def test_a_note_for_edits_in_private_and_silence_elsewhere(telegram: LocalTelegram) -> None:
    _olga, chat, anna, boris = await group_with_chat(telegram)
    sent = await anna.send("/help")
    helps = len(anna.messages)
    await edit(telegram, sent, text="/start")
    assert len(anna.messages) == helps + 1 and anna.last.text == NOTE
    photo = await anna.send_file(b"jpeg", kind="photo", caption="Афиша")
    await edit(telegram, photo, caption="Афиша встречи")
    assert anna.last.text == NOTE and len(anna.messages) == helps + 3  # "no file expected"
    location = await anna.send_file(b"x")  # anything, then a live location moving
    before = len(anna.messages)
    await edit(telegram, location, location=LOCATION)
    assert len(anna.messages) == before
    in_group = await boris.send("Всем привет", chat=chat)
    seen = len(chat.messages)
    await edit(telegram, in_group, text="Всем привет!")
    await edit(telegram, await boris.send("/members", chat=chat), text="/members Медиа")
    assert len(chat.messages) == seen + 1  # the refusal of the first /members only
    assert NOTE not in boris.texts


async def test_english_note(telegram: LocalTelegram) -> None:
    bob = telegram.user(2, "Bob", language_code="en")
    sent = await bob.send("hello")
    await edit(telegram, sent, text="hello!")
    assert bob.last.text == (
        "Edits to messages already sent are not taken into account: "
        "the bot sees each message as it was first sent."
    )
