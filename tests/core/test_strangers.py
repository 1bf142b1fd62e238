"""Nothing is stored about people until they start the bot: a group message, a button in a
group, a poll answer, an inline query or a join request of someone who never opened the bot
leaves no trace of them beyond what the action needs, and they are asked to start it."""

from __future__ import annotations

from sqlalchemy import select as sql_select
from sqlmodel import SQLModel, select

from bot.db import Database
from bot.localapi import LocalTelegram, SimUser
from models import Person, PersonStatus, PollVote
from tests.support.people import answer_poll, member, organiser

START = "Сначала запустите бота: откройте https://t.me/community_test_bot?start=welcome"


async def blocks_the_bot(telegram: LocalTelegram, user: SimUser) -> None:
    bot = telegram.server.bot_user
    change = {
        "chat": telegram.server.chats[user.id],
        "from": user.user,
        "date": 0,
        "old_chat_member": {"status": "member", "user": bot},
        "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
    }
    telegram.server.blocked_by.add(user.id)
    await telegram.deliver({"my_chat_member": change})


async def every_value(database: Database) -> str:
    """Every row of every table, as text (new tables are covered by themselves)."""
    rows = []
    async with database.session() as session:
        connection = await session.connection()
        for table in SQLModel.metadata.sorted_tables:
            rows += [str(tuple(row)) for row in await connection.execute(sql_select(table))]
    return "\n".join(rows)


async def person_of(database: Database, telegram_id: int) -> Person | None:
    async with database.session() as session:
        statement = select(Person).where(Person.telegram_id == telegram_id)
        return (await session.exec(statement)).first()


async def test_a_stranger_leaves_no_profile_until_starting_the_bot(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    community = telegram.group(-500, "Сообщество")
    await olga.send("/setcommunitychat", chat=community)
    sergey = telegram.user(50, "Сергей", last_name="Стужин", username="sergey_s")

    await sergey.send("Всем привет!", chat=community)  # a group message: nothing to answer
    await anna.send("/poll Когда встречаемся? | В понедельник | Во вторник", chat=community)
    poll_message = community.messages[-1]
    poll_id = poll_message.raw["poll"]["id"]
    await answer_poll(telegram, sergey, poll_id, [1])
    await answer_poll(telegram, anna, poll_id, [1])
    inline = await telegram.deliver(
        {"inline_query": {"id": "q50", "from": sergey.user, "query": "план", "offset": ""}}
    )
    assert telegram.server.inline_answers[inline["inline_query"]["id"]]["results"] == []
    assert await person_of(database, sergey.id) is None

    await sergey.send("/help", chat=community)
    assert community.last.text.startswith(START)
    await sergey.send("/plan@community_test_bot", chat=community)
    assert community.last.text.startswith(START)
    await anna.send("/language", chat=community)
    await sergey.press("English", community.last)  # a button under a group message
    answer = telegram.server.callback_answers[sergey.last_callback_id or ""]
    assert answer["url"] == "https://t.me/community_test_bot?start=welcome"
    assert answer["text"].startswith(START)
    await sergey.request_join(community)
    assert sergey.last.text.startswith("Чат сообщества — для участников.")
    await blocks_the_bot(telegram, sergey)  # from the bot's profile, never having started it
    telegram.server.blocked_by.clear()

    assert await person_of(database, sergey.id) is None
    stored = await every_value(database)
    assert not any(trace in stored for trace in ("Сергей", "Стужин", "sergey"))
    async with database.session() as session:
        votes = {vote.telegram_user_id: vote for vote in await session.exec(select(PollVote))}
    assert votes[sergey.id].name == "" and votes[sergey.id].option_ids == [1]  # a count only
    await anna.send("/pollresults", chat=community, reply_to=poll_message)
    assert community.last.text == (
        "Когда встречаемся?\nОтветили 2 человека.\nВ понедельник: 0\nВо вторник: 2 — Анна"
    )

    # The link opens the bot with /start welcome: now he is someone the bot knows.
    await sergey.send("/start welcome")
    assert sergey.last.text.startswith("Здравствуйте, Сергей!")
    person = await person_of(database, sergey.id)
    assert person is not None and person.username == "sergey_s"
    await answer_poll(telegram, sergey, poll_id, [0])
    await sergey.send("/help", chat=community)
    assert community.last.text.startswith("Ваша роль: кандидат.")
    await anna.send("/pollresults", chat=community, reply_to=poll_message)
    assert "В понедельник: 1 — Сергей Стужин" in community.last.text


async def test_a_group_message_does_not_make_a_blocked_member_reachable(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Анна")
    community = telegram.group(-500, "Сообщество")
    await telegram.application.services.people.set_status(  # type: ignore[attr-defined]
        anna.id, PersonStatus.UNREACHABLE
    )
    await anna.send("Привет", chat=community)
    person = await person_of(database, anna.id)
    assert person is not None and person.status is PersonStatus.UNREACHABLE
    await anna.send("/start")  # her private chat again: she has unblocked the bot
    person = await person_of(database, anna.id)
    assert person is not None and person.status is PersonStatus.ACTIVE
