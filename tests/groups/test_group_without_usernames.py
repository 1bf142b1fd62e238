"""People without a Telegram username can be named in /remove and /appoint by the number
/members shows beside them."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from tests.groups.support import create_group, group_with_chat
from tests.support.jobs import deliveries_done
from tests.support.people import member


async def test_a_member_without_username_is_removed_and_appointed_by_number(
    telegram: LocalTelegram,
) -> None:
    olga, chat, anna, boris = await group_with_chat(telegram)  # Борис has no username
    gleb = await member(telegram, 3, "Глеб")  # nor has Глеб
    await gleb.send("/join Медиа")
    await anna.send("/members", chat=chat)
    listing = chat.last.text
    boris_number = next(line for line in listing.splitlines() if "Борис" in line).split()[1]
    gleb_number = next(line for line in listing.splitlines() if "Глеб" in line).split()[1]
    assert boris_number.startswith("#") and gleb_number.startswith("#")

    await anna.send("/remove Борис спам", chat=chat)  # a name is not a way to point at him
    assert chat.last.text.startswith("Отправьте /remove, @имя участника или его номер")
    await anna.send("/remove #999 спам", chat=chat)
    assert chat.last.text == "#999 не состоит в этой группе."
    await boris.send(f"/remove {gleb_number} спам", chat=chat)  # not the coordinator
    assert "Глеб" not in chat.last.text
    await anna.send(f"/remove {gleb_number} не участвует в работе", chat=chat)
    assert chat.last.text == "Глеб исключён(а) из группы."
    assert gleb.last.text == "Вас исключили из группы «Медиа». Причина: не участвует в работе"

    await create_group(olga, "Дети")  # the organiser appoints Борис by number, no @ needed
    await boris.send("/join Дети")
    await deliveries_done(telegram)
    await olga.send(f"/appoint Дети {boris_number.removeprefix('#')}")
    assert olga.last.text == "Борис теперь исполняет обязанности координатора группы «Дети»."
