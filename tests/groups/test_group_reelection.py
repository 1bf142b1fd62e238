"""A sitting elected coordinator is re-elected only when a third of the group (two members at
least) asks, each with a reason, or when her term is over; she stays coordinator until
someone else is elected, and hears the reasons, not who gave them."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import Election, Person, WorkingGroup
from tests.groups.support import create_group
from tests.support.jobs import deliveries_done, run_job
from tests.support.people import member, organiser


async def _group_with_elected_anna(telegram: LocalTelegram) -> list[SimUser]:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    people = []
    for number, name in enumerate(["Анна", "Борис", "Вера", "Глеб", "Дина"], start=1):
        person = await member(telegram, number, name)
        await person.send("/join Медиа")  # the third one's joining calls an election
        people.append(person)
    await deliveries_done(telegram)
    anna = people[0]
    await anna.press("Выдвинуть себя")
    await anna.send("Буду вести группу")
    await run_job(telegram, "groups.election.1")
    boris = people[1]
    ballot = boris.last
    await boris.press("Против", ballot)
    await boris.press("За: Анна", ballot)  # changed her mind: the ballot shows the last vote
    assert boris.messages[-1].buttons == [["✅ За: Анна", "Против"]]
    for person in people:
        if person is not boris:
            await person.press("За: Анна")
    await run_job(telegram, "groups.election.1")
    assert boris.last.text.startswith("Группа «Медиа» избрала координатора: Анна.")
    note = next(m.text for m in anna.messages if m.text.startswith("Теперь вы координатор"))
    assert "/members — кто в группе и кто в чате" in note
    assert note.endswith("и отправьте там /linkchat Медиа.")  # no chat yet
    return people


async def _coordinator_name(database: Database) -> str | None:
    async with database.session() as session:
        group = (await session.exec(select(WorkingGroup))).one()
        person = await session.get(Person, group.coordinator_id) if group.coordinator_id else None
        return person.first_name if person else None


async def test_one_member_alone_cannot_force_a_reelection(
    telegram: LocalTelegram, database: Database
) -> None:
    anna, boris, vera, gleb, _dina = await _group_with_elected_anna(telegram)
    await boris.send("/elect Медиа")
    assert boris.last.text.startswith("У группы есть избранный координатор: чтобы попросить")
    await boris.send("/elect Медиа не отвечает")
    assert boris.last.text == (
        "Ваша просьба учтена. Перевыборов координатора группы «Медиа» просит 1 участник, "
        "нужно 2. Просьбы действуют 14 дней."
    )
    await boris.send("/elect Медиа не отвечает на сообщения с мая")  # a better reason
    assert "просит 1 участник" in boris.last.text  # still one request, not two
    await vera.send("/elect 1 нужен новый план работы группы")  # the group by its number
    await deliveries_done(telegram)
    assert gleb.last.text.startswith("Начались выборы координатора группы «Медиа».")
    assert gleb.last.text.endswith(
        "Пока не избран другой координатор, координатором остаётся Анна — и если никто не "
        "выдвинется."
    )
    notice = next(m.text for m in anna.messages if m.text.startswith("Начались перевыборы"))
    assert "• не отвечает на сообщения с мая" in notice and "• нужен новый план" in notice
    assert "Борис" not in notice and "Вера" not in notice
    await gleb.send("/elect Медиа хочу тоже")
    assert gleb.last.text == "В этой группе уже идут выборы."

    await run_job(telegram, "groups.election.2")  # nobody stood
    assert await _coordinator_name(database) == "Анна"


async def test_after_her_term_any_member_calls_the_election(
    telegram: LocalTelegram, database: Database
) -> None:
    _anna, boris, *_rest = await _group_with_elected_anna(telegram)
    async with database.session() as session:
        election = (await session.exec(select(Election))).one()
        election.deadline -= timedelta(days=400)  # elected over a year ago
    await boris.send("/elect Медиа")
    await deliveries_done(telegram)
    assert boris.last.text.startswith("Начались выборы координатора группы «Медиа».")
