"""Coordinator elections: nominations, votes, change of vote, tie and run-off, a single
candidate, deadlines across a restart, forged buttons."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from models import AuditEntry, Person, PersonStatus, WorkingGroup
from tests.groups.support import create_group, linked_chat
from tests.support.harness import BotHarness
from tests.support.jobs import deliveries_done, run_job, wait_for_job
from tests.support.people import member, organiser

DEADLINE = "groups.election.1"


async def _group_with_members(
    telegram: LocalTelegram, count: int, *, chat_id: int | None = None
) -> list[SimUser]:
    """Медиа with `count` members (the third one's joining makes the bot call an election)."""
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    if chat_id is not None:
        await linked_chat(telegram, olga, "Медиа", chat_id)
    names = ["Анна", "Борис", "Вера", "Глеб", "Дина"]
    people = []
    for number in range(count):
        person = await member(telegram, number + 1, names[number], username=f"user{number + 1}")
        await person.send("/join Медиа")
        people.append(person)
    await deliveries_done(telegram)
    return people


async def _nominate(person: SimUser, statement: str) -> None:
    await person.press("Выдвинуть себя")
    assert person.last.text.startswith("Напишите короткое заявление")
    await person.send(statement)
    assert person.last.text.startswith("Вы кандидат в группе «Медиа».")


async def _coordinator(database: Database) -> int | None:
    """The Telegram id of the group's coordinator."""
    async with database.session() as session:
        group = (await session.exec(select(WorkingGroup))).one()
        if group.coordinator_id is None:
            return None
        person = await session.get(Person, group.coordinator_id)
        assert person is not None
        return person.telegram_id


async def test_full_election_with_change_of_vote_tie_and_runoff(
    telegram: LocalTelegram, database: Database
) -> None:
    anna, boris, vera, gleb = await _group_with_members(telegram, 4, chat_id=-100)
    chat = SimChat(telegram, -100)
    outsider = await member(telegram, 9, "Чужой")
    # Вера was the third member: the group has no coordinator, so the bot called an election.
    assert chat.last.text.startswith("Начались выборы координатора группы «Медиа».")
    assert anna.last.text.startswith("Начались выборы координатора группы «Медиа».")

    await outsider.send("/elect Медиа")
    assert outsider.last.text == "Это только для участников рабочей группы."
    await anna.send("/elect")
    assert anna.last.text.startswith("Какая группа?")
    await boris.send("/elect Медиа")
    assert boris.last.text == "В этой группе уже идут выборы."

    await anna.press("Выдвинуть себя")
    await anna.send("x" * 501)
    assert anna.last.text.startswith("Заявление — от 1 до 500 символов; у вас 501.")
    await anna.send("Буду вести соцсети")
    assert anna.last.text.startswith("Вы кандидат в группе «Медиа».")
    await _nominate(boris, "Знаю прессу")
    await outsider.press_data("wg:n:1", anna.last)
    assert outsider.last_answer == "Это только для участников рабочей группы."

    await run_job(telegram, DEADLINE)
    ballot = vera.last
    assert ballot.text.startswith(
        "Выборы координатора группы «Медиа»\n\n• Анна: Буду вести соцсети"
    )
    assert ballot.buttons == [["Анна"], ["Борис"]]
    assert chat.last.text.startswith("Голосование за координатора группы «Медиа» открыто")
    await anna.press("Анна")
    assert anna.last_answer.startswith("Ваш голос: Анна. Его можно изменить до")
    await boris.press("Борис")
    await vera.press("Борис")
    await vera.press("Анна")  # changed her mind
    assert vera.last_answer.startswith("Ваш голос: Анна.")
    await gleb.press("Борис")
    await outsider.press_data("wg:v:1:1:1", ballot)
    assert outsider.last_answer == "Это только для участников рабочей группы."
    await gleb.press_data("wg:v:1:1:77", ballot)
    assert gleb.last_answer == "Эта кнопка больше не действует."

    await run_job(telegram, DEADLINE)  # 2:2: a run-off
    assert chat.last.text.startswith("Второй тур в группе «Медиа» между кандидатами Анна, Борис")
    runoff = gleb.last
    assert runoff.text.startswith("Выборы координатора группы «Медиа» — второй тур")
    await gleb.press_data("wg:v:1:1:2", ballot)  # the first round's button
    assert gleb.last_answer == "Этот этап выборов уже закончился."
    await anna.press("Анна", runoff)
    await boris.press("Борис", runoff)
    await vera.press("Борис", runoff)
    await run_job(telegram, DEADLINE)
    assert (
        chat.last.text == "Группа «Медиа» избрала координатора: Борис. Голоса: Анна: 1, Борис: 2."
    )
    assert await _coordinator(database) == 2
    note = next(m.text for m in boris.messages if m.text.startswith("Теперь вы координатор"))
    assert note.endswith("Эти команды работают у координатора, который администратор чата.")
    assert telegram.application.job_queue.get_jobs_by_name(DEADLINE) == ()  # type: ignore[union-attr]
    await anna.send("/groups")
    assert "координатор: Борис" in anna.last.text
    async with database.session() as session:
        actions = [entry.action for entry in await session.exec(select(AuditEntry))]
    assert "group.coordinator_elected" in actions


async def test_single_candidate_needs_a_majority_for(
    telegram: LocalTelegram, database: Database
) -> None:
    anna, boris, vera = await _group_with_members(telegram, 3)  # the bot calls an election
    await _nominate(anna, "Готова")
    await run_job(telegram, DEADLINE)
    assert boris.last.buttons == [["За: Анна", "Против"]]
    await boris.press("За: Анна")
    await vera.press("Против")
    await run_job(telegram, DEADLINE)
    # No chat linked: the result goes to every member privately.
    assert boris.last.text.startswith("Единственный кандидат в группе «Медиа» не получил")
    assert "за: 1, против: 1" in boris.last.text
    assert await _coordinator(database) is None

    await boris.send("/elect Медиа")
    await deliveries_done(telegram)
    await _nominate(anna, "Готова снова")
    await run_job(telegram, "groups.election.2")
    await anna.press("За: Анна")
    await boris.press("За: Анна")
    await vera.press("Против")
    await run_job(telegram, "groups.election.2")
    assert vera.last.text.startswith("Группа «Медиа» избрала координатора: Анна.")
    assert await _coordinator(database) == 1


async def test_elected_coordinator_replaces_the_acting_one(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna, boris = await _group_with_members(telegram, 2)
    chat = await linked_chat(telegram, olga, "Медиа", -100)
    await olga.send("/appoint Медиа @user1")
    await boris.send("/elect Медиа")  # re-election by a member
    await deliveries_done(telegram)
    await _nominate(boris, "Предлагаю себя")
    await run_job(telegram, DEADLINE)
    await anna.press("За: Борис")
    # The bot was removed from the chat: the result reaches the members privately.
    telegram.server.fail(403, "Forbidden: bot was kicked from the supergroup chat", chat_id=-100)
    await run_job(telegram, DEADLINE)
    assert await _coordinator(database) == 2
    assert set(anna.texts[-2:]) == {
        "Группа «Медиа» избрала координатора: Борис. Голоса: Борис: 1.",
        "Вы больше не координатор группы «Медиа». Спасибо за работу!",
    }
    assert not chat.last.text.startswith("Группа «Медиа» избрала")


async def test_no_candidates_and_no_votes(telegram: LocalTelegram) -> None:
    anna, boris = await _group_with_members(telegram, 2)
    await anna.send("/elect Медиа")
    await deliveries_done(telegram)
    await run_job(telegram, DEADLINE)
    assert boris.last.text.startswith("На выборах в группе «Медиа» никто не выдвинулся")
    await anna.send("/elect Медиа")
    await deliveries_done(telegram)
    await _nominate(anna, "Я")
    await _nominate(boris, "И я")
    await run_job(telegram, "groups.election.2")
    await run_job(telegram, "groups.election.2")
    assert anna.last.text.startswith("На выборах в группе «Медиа» никто не проголосовал")


async def test_deadlines_survive_a_restart(harness: BotHarness, database: Database) -> None:
    telegram = harness.telegram
    assert telegram is not None
    anna, boris = await _group_with_members(telegram, 2)
    await anna.send("/elect Медиа")
    await deliveries_done(telegram)
    await anna.press("Выдвинуть себя")
    await harness.restart()
    await anna.send("Моё заявление")  # the nomination dialogue survived too
    assert anna.last.text.startswith("Вы кандидат в группе «Медиа».")
    await wait_for_job(telegram, DEADLINE)
    await run_job(telegram, DEADLINE)
    await boris.press("За: Анна")
    await harness.restart()
    await wait_for_job(telegram, DEADLINE)
    job = telegram.application.job_queue.get_jobs_by_name(DEADLINE)[0]  # type: ignore[union-attr]
    assert job.data == {"election": 1, "status": "voting", "round": 1}
    await run_job(telegram, DEADLINE)
    assert boris.last.text.startswith("Группа «Медиа» избрала координатора: Анна.")
    await job.run(telegram.application)  # the same deadline again changes nothing
    assert boris.last.text.startswith("Группа «Медиа» избрала координатора: Анна.")
    assert await _coordinator(database) == 1


async def test_coordinator_leaving_makes_the_bot_call_an_election(
    telegram: LocalTelegram,
) -> None:
    olga = await organiser(telegram)
    anna, boris = await _group_with_members(telegram, 2)
    await olga.send("/appoint Медиа @user1")
    await anna.send("/leave Медиа")
    await anna.press("Да, выйти")
    await deliveries_done(telegram)
    assert boris.last.text.startswith("Начались выборы координатора группы «Медиа».")
    await wait_for_job(telegram, DEADLINE)


async def test_english_ballot_and_blocked_member(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    anna = await member(telegram, 1, "Anna", language="en")
    boris = await member(telegram, 2, "Борис")
    for person in (anna, boris):
        await person.send("/join Медиа")
    telegram.server.block(2)
    await anna.send("/elect Медиа")
    await deliveries_done(telegram)
    assert anna.last.text.startswith("The election of the coordinator of «Медиа» has started.")
    assert anna.last.buttons == [["Nominate myself"]]
    await anna.press("Nominate myself")
    await anna.send("I will do it")
    await run_job(telegram, DEADLINE)
    assert anna.last.buttons == [["For Anna", "Against"]]
    person = await telegram.application.services.people.get(2)  # type: ignore[attr-defined]
    assert person is not None and person.status is PersonStatus.UNREACHABLE


async def test_candidate_who_leaves_the_group_is_out_of_the_race(
    telegram: LocalTelegram, database: Database
) -> None:
    anna, boris, vera = await _group_with_members(telegram, 3)
    await boris.press("Выдвинуть себя")
    await boris.press("Выдвинуть себя")  # pressed again: the dialogue starts afresh
    await boris.send("Я")
    await _nominate(anna, "И я")
    await run_job(telegram, DEADLINE)
    await anna.press("Анна")
    await boris.press("Борис")
    await vera.press("Борис")
    await boris.send("/leave Медиа")
    await boris.press("Да, выйти")
    await run_job(telegram, DEADLINE)
    assert anna.last.text == "Группа «Медиа» избрала координатора: Анна. Голоса: Анна: 1."
    assert await _coordinator(database) == 1
