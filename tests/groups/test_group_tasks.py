"""Group tasks with an owner and a due date: the coordinator gives them out, every member of
the group sees the list, the owner marks hers done, others may not; /tasks in private."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from tests.groups.support import group_with_chat
from tests.support.people import member


async def test_owner_due_date_and_who_may_see_and_finish(telegram: LocalTelegram) -> None:
    _olga, chat, anna, boris = await group_with_chat(telegram)  # Анна coordinates, Борис a member
    vera = await member(telegram, 3, "Вера")  # in the community, not in the group
    await anna.send("/task add Сделать листовки", chat=chat)
    await anna.send("/task add Написать пост", chat=chat)
    await anna.send("/members", chat=chat)
    boris_number = next(line for line in chat.last.text.splitlines() if "Борис" in line).split()[1]

    await anna.send(f"/task owner 1 {boris_number}", chat=chat)  # Борис has no username
    assert chat.last.text == "Задача #1 поручена. Исполнитель: Борис."
    assert boris.last.text.startswith("Координатор группы «Медиа» поручил(а) вам задачу #1")
    await anna.send("/task due 1 01.01.2020", chat=chat)
    assert chat.last.text == "Срок должен быть позже сегодняшнего дня."
    await anna.send("/task due 1 31.12.2099", chat=chat)
    assert chat.last.text == "Срок задачи #1: 31.12.2099."
    await anna.send("/task owner 2 #999", chat=chat)
    assert chat.last.text == "#999 не состоит в этой группе."

    await boris.send("/task list", chat=chat)  # a member sees the list
    assert chat.last.text == (
        "2 открытые задачи.\n#1 Сделать листовки · исполнитель: Борис · срок 31.12.2099\n"
        "#2 Написать пост"
    )
    await vera.send("/task list", chat=chat)  # not in the group
    assert chat.last.text == "Это только для участников рабочей группы."
    await boris.send("/task done 2", chat=chat)  # not his
    assert chat.last.text == (
        "Отметить задачу выполненной может тот, кому она поручена, или координатор группы."
    )
    await boris.send("/tasks")
    assert boris.last.text == (
        "В ваших группах 2 открытые задачи:\n\n«Медиа»\n"
        "👉 #1 Сделать листовки · исполнитель: Борис · срок 31.12.2099\n#2 Написать пост"
    )
    await boris.send("/task done 1", chat=chat)
    assert chat.last.text == "Задача №1 выполнена."
    await anna.send("/task done 2", chat=chat)  # the coordinator may finish any
    assert chat.last.text == "Задача №2 выполнена."
    await vera.send("/tasks")
    assert vera.last.text == "У ваших групп нет открытых задач."
