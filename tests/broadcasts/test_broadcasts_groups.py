"""/announce to working groups: coordinators to their own groups only (checked again at
Confirm), organisers to any group."""

from __future__ import annotations

from bot.localapi import LocalTelegram, SimUser
from tests.support.community import announce, last_broadcast, member, organiser, received, send_text


async def _group_with(telegram: LocalTelegram, name: str, *people: SimUser) -> int:
    """A working group whose members are `people`; the first one coordinates it."""
    groups = telegram.application.services.groups
    directory = telegram.application.services.people
    group = await groups.create(actor_id=None, name=name, purpose="—")
    for person in people:
        view = await directory.get(person.id)
        await groups.membership.join(group=group.id, person_id=view.id)
    first = await directory.get(people[0].id)
    await groups.appoint(actor_id=None, group=group.id, member=first.id)
    return group.id


async def test_a_coordinator_announces_to_their_own_group_only(telegram) -> None:
    boss = await organiser(telegram)
    kira = await member(telegram, 1, "Кира")
    lev = await member(telegram, 2, "Лев")
    outsider = await member(telegram, 3, "Марк")
    await _group_with(telegram, "Наставники", kira, lev)
    other = await _group_with(telegram, "Волонтёры", outsider)

    await kira.send("/announce")
    await send_text(kira, "Встреча группы")
    assert kira.last.text == "Какой рабочей группе?" and kira.last.buttons == [["Наставники"]]
    await kira.press_data(f"bc:grp:{other}", kira.last)  # a group she does not coordinate
    assert kira.last_answer == "Эта кнопка больше не действует."
    await kira.press_data("bc:aud:members", kira.last)  # organisers' audiences are not hers
    assert kira.last_answer == "Эта кнопка больше не действует."
    await kira.press("Наставники")
    await kira.press("Отправить сейчас")
    assert "участники рабочей группы «Наставники» (2)" in kira.last.text
    await kira.press("Подтвердить")
    assert (await last_broadcast(telegram)).sent == 2
    assert received(telegram, lev.id, "Встреча группы") == 1
    assert received(telegram, outsider.id, "Встреча группы") == 0
    assert received(telegram, boss.id, "Встреча группы") == 0
    await lev.send("/news")
    assert lev.last.text == "Новостей пока нет."  # a group's own news stays in the group


async def test_a_member_who_coordinates_nothing_cannot_announce(telegram) -> None:
    lev = await member(telegram, 2, "Лев")
    await lev.send("/announce")
    assert lev.last.text.startswith("Объявления отправляют организаторы")
    await send_text(lev, "Попытка")
    assert await telegram.application.services.outbox.recent() == []


async def test_an_organiser_can_choose_any_working_group(telegram) -> None:
    boss = await organiser(telegram)
    kira = await member(telegram, 1, "Кира")
    await member(telegram, 3, "Марк")
    await _group_with(telegram, "Наставники", kira)
    await announce(boss, "Наставникам", "Рабочая группа")
    await boss.press("Наставники")
    await boss.press("Отправить сейчас")
    await boss.press("Подтвердить")
    assert (await last_broadcast(telegram)).sent == 1
    assert kira.last.text == "Наставникам"


async def test_a_coordinator_who_lost_the_group_cannot_confirm(telegram) -> None:
    kira = await member(telegram, 1, "Кира")
    group_id = await _group_with(telegram, "Наставники", kira)
    await kira.send("/announce")
    await send_text(kira, "Поздно")
    await kira.press("Наставники")
    await kira.press("Отправить сейчас")
    await telegram.application.services.groups.membership.leave(
        group_id=group_id,
        person_id=(await telegram.application.services.people.get(kira.id)).id,
    )
    await kira.press("Подтвердить")
    assert kira.last_answer == "Эта кнопка больше не действует."
    assert await telegram.application.services.outbox.recent() == []
