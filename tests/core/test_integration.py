"""Features working together: working groups with meetings and decisions, and membership
ending (revoked or erased) taking a person out of their groups."""

from __future__ import annotations

from bot.db import Database
from bot.localapi import LocalTelegram
from tests.groups.support import create_group
from tests.support.jobs import run_jobs
from tests.support.meetings import moscow, text_of
from tests.support.people import member, organiser


async def _group_with_coordinator(telegram: LocalTelegram) -> tuple[int, list[object]]:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис")
    await member(telegram, 3, "Вера")  # a member who stays out of the group
    await create_group(olga, "Медиа")
    for person in (anna, boris):
        await person.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    return 1, [olga, anna, boris]


async def test_group_coordinator_invites_only_the_group_to_a_meeting(
    telegram: LocalTelegram, database: Database
) -> None:
    _group_id, (_olga, anna, boris) = await _group_with_coordinator(telegram)
    await anna.send("/newmeeting")
    for answer in ["Планёрка", "Итоги месяца", text_of(moscow(days=5)), "60", "-",
                   "https://meet.example.org/media", "-", "-"]:  # fmt: skip
        await anna.send(answer)
    assert anna.last.buttons == [["Рабочая группа: Медиа"]]  # not "all members"
    await anna.press("Рабочая группа: Медиа")
    await run_jobs(telegram, "meetings.invite")
    assert boris.last.text.startswith("Приглашаем вас на встречу.")
    vera_texts = telegram.server.chat_messages(3)
    assert not any("Приглашаем" in message.get("text", "") for message in vera_texts)


async def test_revoked_member_leaves_their_groups(
    telegram: LocalTelegram, database: Database
) -> None:
    group_id, (olga, _anna, _boris) = await _group_with_coordinator(telegram)
    groups = telegram.application.services.groups
    anna = await telegram.application.services.people.get(1)
    assert anna is not None
    assert [group.name for group in await groups.groups_of(anna.id)] == ["Медиа"]
    await olga.send("/revoke @anna нарушение правил")
    assert await groups.groups_of(anna.id) == []
    group = await groups.group(group_id)
    assert group is not None and group.coordinator_id is None and group.size == 1
