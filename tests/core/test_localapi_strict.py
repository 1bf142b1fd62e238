"""The local Bot API refuses what Telegram refuses, with Telegram's descriptions (and, where
Telegram would silently ignore a mistake, refuses it saying so)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.localapi import BotApiError, FakeBotServer
from bot.localapi.schema import utf16_length

ANNA = 1
GROUP = -100
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
NO_ACTION = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)


@pytest.fixture
def server() -> FakeBotServer:
    server = FakeBotServer()
    server.add_user(ANNA, "Анна")
    server.add_group(GROUP, "Общий чат")
    return server


async def refusal(server: FakeBotServer, method: str, **params: Any) -> str:
    """The description of Telegram's 400 for this call (the call must be refused)."""
    with pytest.raises(BotApiError) as refused:
        await server.handle(method, params)
    assert refused.value.status == 400
    assert server.calls[-1].ok is False
    return refused.value.description


def keyboard(*rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"inline_keyboard": list(rows)}


def press(data: str, text: str = "Да") -> dict[str, Any]:
    return {"text": text, "callback_data": data}


async def test_message_text_limits_count_utf16_code_units(server: FakeBotServer) -> None:
    await server.handle("sendMessage", {"chat_id": ANNA, "text": "я" * 4096})
    await server.handle("sendMessage", {"chat_id": ANNA, "text": "😀" * 2048})
    assert utf16_length("😀") == 2
    too_long = "Bad Request: message is too long"
    assert await refusal(server, "sendMessage", chat_id=ANNA, text="я" * 4097) == too_long
    assert await refusal(server, "sendMessage", chat_id=ANNA, text="😀" * 2049) == too_long
    # Telegram trims the ends before counting.
    await server.handle("sendMessage", {"chat_id": ANNA, "text": "я" * 4096 + "\n "})


async def test_empty_and_blank_texts(server: FakeBotServer) -> None:
    empty = "Bad Request: message text is empty"
    assert await refusal(server, "sendMessage", chat_id=ANNA, text="") == empty
    assert await refusal(server, "sendMessage", chat_id=ANNA) == empty
    blank = "Bad Request: text must be non-empty"
    assert await refusal(server, "sendMessage", chat_id=ANNA, text=" \n ") == blank
    assert server.chat_messages(ANNA) == []


async def test_captions_over_1024_characters(server: FakeBotServer) -> None:
    too_long = "Bad Request: message caption is too long"
    for method, kind in (("sendPhoto", "photo"), ("sendDocument", "document")):
        params = {"chat_id": ANNA, kind: "file-1", "caption": "я" * 1025}
        assert await refusal(server, method, **params) == too_long
        await server.handle(method, {**params, "caption": "я" * 1024})
    source = server.user_message(ANNA, "Объявление")["message_id"]
    copy = {"chat_id": GROUP, "from_chat_id": ANNA, "message_id": source}
    assert await refusal(server, "copyMessage", **copy, caption="я" * 1025) == too_long


async def test_callback_data_is_1_to_64_bytes(server: FakeBotServer) -> None:
    await server.handle(
        "sendMessage", {"chat_id": ANNA, "text": "?", "reply_markup": keyboard([press("a" * 64)])}
    )
    invalid = "Bad Request: BUTTON_DATA_INVALID"
    for data in ("a" * 65, "я" * 33):  # 65 and 66 bytes
        markup = keyboard([press(data)])
        assert await refusal(
            server, "sendMessage", chat_id=ANNA, text="?", reply_markup=markup
        ) == (invalid)
    markup = keyboard([press("")])  # Telegram takes empty data for none
    assert await refusal(server, "sendMessage", chat_id=ANNA, text="?", reply_markup=markup) == (
        NO_ACTION
    )


async def test_inline_buttons_must_do_something(server: FakeBotServer) -> None:
    send = {"chat_id": ANNA, "text": "?"}
    for button in ({"text": "Ничего"}, {"text": "Пустая ссылка", "url": ""}):
        reply_markup = keyboard([button])
        assert await refusal(server, "sendMessage", **send, reply_markup=reply_markup) == NO_ACTION
    for button in (
        {"text": "Ссылка", "url": "https://example.org"},
        {"text": "Копия", "copy_text": {"text": "код"}},
        {"text": "Поиск", "switch_inline_query_current_chat": ""},
    ):
        await server.handle("sendMessage", {**send, "reply_markup": keyboard([button])})
    no_text = await refusal(
        server, "sendMessage", **send, reply_markup=keyboard([{"callback_data": "x"}])
    )
    assert no_text == "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
    wrong = keyboard([{"text": 5, "callback_data": "x"}])
    assert await refusal(server, "sendMessage", **send, reply_markup=wrong) == (
        'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
    )


async def test_empty_keyboards_and_rows_are_refused(server: FakeBotServer) -> None:
    send = {"chat_id": ANNA, "text": "?"}
    for markup, problem in (
        ({}, "reply_markup has no keyboard"),
        (keyboard(), "inline_keyboard has no buttons"),
        (keyboard([press("a")], []), "inline_keyboard has an empty row"),
        (keyboard([{"text": " ", "callback_data": "a"}]), "an inline keyboard button has no text"),
        ({"keyboard": [[]]}, "keyboard has an empty row"),
    ):
        description = await refusal(server, "sendMessage", **send, reply_markup=markup)
        assert description.startswith(f"Bad Request: {problem}")
        assert "(local Bot API: Telegram would" in description
    not_json = await refusal(server, "sendMessage", **send, reply_markup="{oops")
    assert not_json == "Bad Request: can't parse reply keyboard markup JSON object"
    assert await refusal(server, "sendMessage", **send, reply_markup=[1]) == (
        "Bad Request: object expected as reply markup"
    )


async def test_other_markups_pass(server: FakeBotServer) -> None:
    send = {"chat_id": ANNA, "text": "?"}
    for markup in (
        {"force_reply": True, "input_field_placeholder": "Ваш ответ", "selective": False},
        {"remove_keyboard": True},
        {"keyboard": [[{"text": "Да"}, {"text": "Нет"}]], "resize_keyboard": True},
    ):
        await server.handle("sendMessage", {**send, "reply_markup": markup})
    placeholder = {"force_reply": True, "input_field_placeholder": "я" * 65}
    assert (await refusal(server, "sendMessage", **send, reply_markup=placeholder)).startswith(
        "Bad Request: input_field_placeholder of ForceReply must be 1-64 characters, not 65"
    )


async def test_at_most_100_inline_buttons(server: FakeBotServer) -> None:
    rows = [[press(f"b{row}:{column}") for column in range(8)] for row in range(12)]
    hundred = keyboard(*rows, [press("b12:0"), press("b12:1"), press("b12:2"), press("b12:3")])
    await server.handle("sendMessage", {"chat_id": ANNA, "text": "?", "reply_markup": hundred})
    hundred["inline_keyboard"][-1].append(press("b12:4"))
    assert await refusal(server, "sendMessage", chat_id=ANNA, text="?", reply_markup=hundred) == (
        "Bad Request: reply markup is too long"
    )


async def test_edits_are_checked_like_sends(server: FakeBotServer) -> None:
    sent = await server.handle(
        "sendMessage", {"chat_id": ANNA, "text": "Карточка", "reply_markup": keyboard([press("a")])}
    )
    edit = {"chat_id": ANNA, "message_id": sent["message_id"]}
    assert await refusal(server, "editMessageText", **edit, text="я" * 5000) == (
        "Bad Request: message is too long"
    )
    same = {"text": "Карточка", "reply_markup": keyboard([press("a")])}
    assert await refusal(server, "editMessageText", **edit, **same) == NOT_MODIFIED
    unchanged = {"reply_markup": keyboard([press("a")])}
    assert await refusal(server, "editMessageReplyMarkup", **edit, **unchanged) == NOT_MODIFIED
    await server.handle("editMessageText", {**edit, "text": "Карточка"})  # the keyboard goes
    assert "reply_markup" not in server.chat_messages(ANNA)[0]
    assert await refusal(
        server, "editMessageReplyMarkup", **edit, reply_markup={"keyboard": [[{"text": "Да"}]]}
    ) == ("Bad Request: inline keyboard expected")
    assert await refusal(server, "editMessageText", chat_id=ANNA, text="?") == (
        "Bad Request: message to edit not found"
    )
    assert await refusal(server, "editMessageText", text="?") == (
        "Bad Request: message identifier is not specified"
    )


async def test_only_the_bots_own_text_can_be_edited(server: FakeBotServer) -> None:
    theirs = server.user_message(ANNA, "Привет")["message_id"]
    assert await refusal(
        server, "editMessageText", chat_id=ANNA, message_id=theirs, text="Пока"
    ) == ("Bad Request: message can't be edited")
    document = await server.handle("sendDocument", {"chat_id": ANNA, "document": "file-1"})
    assert await refusal(
        server, "editMessageText", chat_id=ANNA, message_id=document["message_id"], text="?"
    ) == ("Bad Request: there is no text in the message to edit")


async def test_callback_answers(server: FakeBotServer) -> None:
    sent = await server.handle(
        "sendMessage", {"chat_id": ANNA, "text": "?", "reply_markup": keyboard([press("a")])}
    )
    first, second = (server.callback_query(ANNA, sent, "a")["id"] for _ in range(2))
    assert await refusal(
        server, "answerCallbackQuery", callback_query_id=first, text="я" * 201
    ) == ("Bad Request: MESSAGE_TOO_LONG")
    await server.handle("answerCallbackQuery", {"callback_query_id": first, "text": "я" * 200})
    invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert await refusal(server, "answerCallbackQuery", callback_query_id=first) == invalid
    assert await refusal(server, "answerCallbackQuery", callback_query_id="999") == invalid
    assert await refusal(server, "answerCallbackQuery") == invalid
    await server.handle("answerCallbackQuery", {"callback_query_id": second, "show_alert": True})


async def test_polls(server: FakeBotServer) -> None:
    def options(count: int, text: str = "Вариант") -> list[dict[str, str]]:
        return [{"text": f"{text} {number}"} for number in range(count)]

    poll = {"chat_id": GROUP, "question": "Когда?"}
    assert await refusal(server, "sendPoll", **poll, options=[]) == (
        "Bad Request: poll must have at least one answer option"
    )
    assert await refusal(server, "sendPoll", **poll, options=options(13)) == (
        "Bad Request: poll can't have more than 12 options"
    )
    assert await refusal(server, "sendPoll", **poll, options=options(2, "я" * 100)) == (
        "Bad Request: poll options length must not exceed 100"
    )
    assert await refusal(
        server, "sendPoll", chat_id=GROUP, question="я" * 301, options=options(2)
    ) == ("Bad Request: poll question length must not exceed 300")
    await server.handle("sendPoll", {**poll, "options": options(12), "is_anonymous": False})


async def test_unknown_missing_and_wrongly_typed_parameters(server: FakeBotServer) -> None:
    unknown = await refusal(server, "sendMessage", chat_id=ANNA, text="Привет", colour="red")
    assert unknown.startswith('Bad Request: unknown parameter "colour" of sendMessage')
    two = await refusal(server, "sendMessage", chat_id=ANNA, text="?", colour=1, size=2)
    assert two.startswith('Bad Request: unknown parameters "colour", "size" of sendMessage')
    assert await refusal(server, "sendMessage", text="Привет") == "Bad Request: chat_id is empty"
    assert await refusal(server, "getChatMember", chat_id=GROUP) == (
        "Bad Request: invalid user_id specified"
    )
    assert (await refusal(server, "setMyCommands")).startswith(
        "Bad Request: commands is required for setMyCommands"
    )
    wrong = await refusal(server, "sendMessage", chat_id=[ANNA], text="Привет")
    assert wrong.startswith("Bad Request: chat_id of sendMessage must be Integer or String")
    assert await refusal(
        server, "sendMessage", chat_id=ANNA, text="?", reply_parameters={"message_id": "1"}
    ) == ('Bad Request: field "message_id" must be a Number')
    field = await refusal(
        server, "sendMessage", chat_id=ANNA, text="?", entities=[{"type": "bold", "offset": 0}]
    )
    assert field == "Bad Request: can't parse MessageEntity: Can't find field \"length\""
    extra = await refusal(
        server, "sendMessage", chat_id=ANNA, text="?", link_preview_options={"off": True}
    )
    assert extra.startswith('Bad Request: unknown field "off" of LinkPreviewOptions')


async def test_values_from_a_form_are_read_as_telegram_reads_them(server: FakeBotServer) -> None:
    """Over HTTP parameters may come form-encoded: numbers and booleans as text, objects as
    JSON; a text that looks like JSON stays a text."""
    await server.handle(
        "sendMessage",
        {"chat_id": str(ANNA), "text": "[1, 2]", "disable_notification": "true"},
    )
    assert server.chat_messages(ANNA)[-1]["text"] == "[1, 2]"
    await server.handle(
        "sendMessage",
        {
            "chat_id": str(ANNA),
            "text": "?",
            "reply_markup": '{"inline_keyboard": [[{"text": "Да", "callback_data": "y"}]]}',
        },
    )
    assert server.chat_messages(ANNA)[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Да"


async def test_replies_need_the_message_replied_to(server: FakeBotServer) -> None:
    assert await refusal(
        server, "sendMessage", chat_id=ANNA, text="?", reply_parameters={"message_id": 42}
    ) == ("Bad Request: message to be replied not found")
    reply = {"message_id": 42, "allow_sending_without_reply": True}
    await server.handle("sendMessage", {"chat_id": ANNA, "text": "?", "reply_parameters": reply})


async def test_commands_and_scopes(server: FakeBotServer) -> None:
    def commands(*pairs: tuple[str, str]) -> list[dict[str, str]]:
        return [{"command": command, "description": text} for command, text in pairs]

    assert await refusal(server, "setMyCommands", commands=commands(("c" * 33, "Слишком"))) == (
        "Bad Request: command length must not exceed 32"
    )
    assert await refusal(server, "setMyCommands", commands=commands(("help", ""))) == (
        "Bad Request: command description must be non-empty"
    )
    many = commands(*((f"c{number}", "Команда") for number in range(101)))
    assert await refusal(server, "setMyCommands", commands=many) == (
        "Bad Request: BOT_COMMANDS_TOO_MUCH"
    )
    scope = {"type": "everyone"}
    assert await refusal(server, "setMyCommands", commands=many[:2], scope=scope) == (
        "Bad Request: can't parse BotCommandScope: Unsupported type specified"
    )
    assert await refusal(server, "deleteMyCommands", scope={"type": "chat"}) == (
        "Bad Request: can't parse BotCommandScope: Can't find field \"chat_id\""
    )
    await server.handle(
        "setMyCommands", {"commands": many[:100], "scope": {"type": "chat", "chat_id": ANNA}}
    )
    assert len(server.commands[(f"chat:{ANNA}", "")]) == 100


async def test_methods_the_bot_does_not_use_are_not_checked(server: FakeBotServer) -> None:
    await server.handle("sendChatAction", {"chat_id": ANNA, "action": "typing", "colour": 1})
