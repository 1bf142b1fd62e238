"""Working groups within Telegram's limits: a ballot of nine long statements, lists of groups
with long purposes, long member lists, typed texts at their limits; names without the
characters that reorder what people read."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.groups.votes import STATEMENT_LIMIT
from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from models import Candidate, GroupMembership, Person, Role, WorkingGroup
from tests.groups.support import create_group, linked_chat
from tests.support.jobs import deliveries_done, run_job
from tests.support.limits import EMOJI, beyond_limits, sent_texts, utf16
from tests.support.people import member, organiser

NAMES = ["Анна", "Борис", "Вера", "Глеб", "Дина", "Егор", "Жанна", "Зоя", "Игорь", "Кира"]
LONG_NAME = EMOJI * 64  # Telegram allows 64 characters each for the first and the last name


async def _members(telegram: LocalTelegram, count: int) -> list[SimUser]:
    """Медиа with `count` members; the last one has the longest names Telegram allows."""
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    people = []
    for number in range(count - 1):
        person = await member(telegram, number + 1, NAMES[number])
        await person.send("/join Медиа")
        people.append(person)
    longest = telegram.user(count, LONG_NAME, last_name=LONG_NAME)
    await longest.send("/start")
    await telegram.application.services.people.set_role(  # type: ignore[attr-defined]
        actor=None, telegram_id=count, role=Role.MEMBER
    )
    await longest.send("/join Медиа")
    await deliveries_done(telegram)
    return [*people, longest]


async def _statements(database: Database) -> dict[int, str]:
    async with database.session() as session:
        return {row.person_id: row.statement for row in await session.exec(select(Candidate))}


async def test_a_ballot_of_nine_long_statements(
    telegram: LocalTelegram, database: Database
) -> None:
    people = await _members(telegram, 10)
    anna, boris, vera = people[:3]
    voter, longest = people[8], people[9]
    outsider = await member(telegram, 50, "Чужой")
    # Three begin at once, in their own order; Борис's first statement is one code unit over.
    await anna.press("Выдвинуть себя")
    await boris.press("Выдвинуть себя")
    await anna.send("я" * STATEMENT_LIMIT)
    await vera.press("Выдвинуть себя")
    await boris.send(EMOJI * (STATEMENT_LIMIT // 2) + "!")
    assert boris.last.text.startswith("Заявление — от 1 до 500 символов; у вас 501.")
    await vera.send("\u202e" + "в" * STATEMENT_LIMIT + "\u202c")  # the controls do not count
    await boris.send(EMOJI * (STATEMENT_LIMIT // 2))
    for person in [*people[3:8], longest]:  # the others got no button: they joined later
        await person.press_data("wg:n:1", person.last)
        await person.send(f"{person.id} " + "з" * (STATEMENT_LIMIT - 3))
    statements = await _statements(database)
    assert len(statements) == 9 and "в" * STATEMENT_LIMIT in statements.values()
    assert EMOJI * (STATEMENT_LIMIT // 2) in statements.values()

    await run_job(telegram, "groups.election.1")
    for person in people:
        ballot = person.last
        assert ballot.text.startswith("Выборы координатора группы «Медиа»")
        assert "…" in ballot.text and utf16(ballot.text) <= 4096
        assert ballot.buttons[-1] == ["Все заявления полностью"]
        assert len(ballot.buttons) == 10
    # One votes for the longest name while another reads the statements in full.
    before = len(sent_texts(telegram, vera.id))
    await voter.press(LONG_NAME[:10], voter.last)
    await vera.press("Все заявления полностью", vera.last)
    parts = sent_texts(telegram, vera.id)[before:]
    assert len(parts) == 2
    assert all(statement in "\n".join(parts) for statement in statements.values())
    assert voter.last_answer is not None and voter.last_answer.startswith("Ваш голос: ")
    assert utf16(voter.last_answer) <= 200
    await outsider.press_data("wg:st:1", vera.last)
    assert outsider.last_answer == "Это только для участников рабочей группы."
    assert beyond_limits(telegram) == []


async def test_long_lists_of_groups_are_pages(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    for number in range(12):
        await create_group(olga, f"Группа {number:02d}", "ц" * 1000)
    anna = await member(telegram, 1, "Анна")
    await anna.send("/groups")
    first = anna.last
    assert first.text.startswith("Рабочие группы:\nСтраница 1 из 4.")
    assert first.buttons[-1] == ["›"] and len(first.buttons) == 4  # three groups, then ›
    for number in range(3):
        await anna.press(f"Группа {number:02d}", first)  # the join buttons of this page
    await anna.send("/groups")
    await anna.press("›", anna.last)
    assert "«Группа 03»" in anna.last.text and anna.last.buttons[-1] == ["‹", "›"]
    await anna.send("/mygroups")
    assert anna.last.text.startswith("Ваши рабочие группы:\n\n«Группа 00»")
    assert anna.last.text.count("«Группа 0") == 3
    assert beyond_limits(telegram) == []


async def _join_directly(database: Database, group_name: str, numbers: range) -> None:
    """Members with the longest names who joined the group (and its chat), written as rows:
    seventy-eight /join commands would wait minutes for the chat's own rate limit."""
    async with database.session() as session:
        group = (
            await session.exec(select(WorkingGroup).where(WorkingGroup.name == group_name))
        ).one()
        for number in numbers:
            person = Person(
                telegram_id=number, first_name=LONG_NAME, last_name=LONG_NAME, role=Role.MEMBER
            )
            session.add(person)
            await session.flush()
            assert group.id is not None and person.id is not None
            session.add(GroupMembership(group_id=group.id, person_id=person.id, in_chat=True))


async def test_a_long_member_list_goes_privately_in_parts(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    chat = await linked_chat(telegram, olga, "Медиа", -100)
    anna = await member(telegram, 1, "Анна", username="anna")
    await anna.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    telegram.server.set_member(-100, 1, "administrator")
    await _join_directly(database, "Медиа", range(2, 80))
    before = len(sent_texts(telegram, anna.id))
    await anna.send("/members", chat=chat)
    assert SimChat(telegram, -100).last.text.endswith("Полный список — в личном чате со мной.")
    parts = sent_texts(telegram, anna.id)[before:]
    assert len(parts) > 1 and "\n".join(parts).count(LONG_NAME + " " + LONG_NAME) == 78
    await anna.send("/remove @nobody " + "п" * 501, chat=chat)
    assert chat.last.text == "Слишком длинно (501 симв.); предел — 500."
    assert beyond_limits(telegram) == []
