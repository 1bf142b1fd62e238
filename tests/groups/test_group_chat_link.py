"""The group chat's link reaches everyone in the group: those who joined before the chat was
linked get it when it is linked, newcomers when they join, and /mygroups shows it; one link
per chat, made once."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from tests.groups.support import create_group
from tests.support.jobs import deliveries_done
from tests.support.limits import sent_texts
from tests.support.people import member, organiser


def _links(telegram: LocalTelegram, person_id: int) -> list[str]:
    """The notices that the group's chat was linked, with its link."""
    return [text for text in sent_texts(telegram, person_id) if text.startswith("У группы")]


async def test_members_who_joined_before_the_chat_was_linked_get_its_link(
    telegram: LocalTelegram,
) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис")
    vera = await member(telegram, 3, "Вера")  # in the community, not in the group
    await anna.send("/join Медиа")
    await boris.send("/join Медиа")
    assert "t.me" not in boris.last.text  # no chat yet: no link
    await olga.send("/appoint Медиа @anna")
    chat = telegram.group(-100, "Чат Медиа")
    await anna.send("/linkchat Медиа", chat=chat)  # the coordinator links it
    assert chat.last.text == (
        "Теперь это чат группы «Медиа».\nОтправляю ссылку на него 2 участникам группы."
    )
    await deliveries_done(telegram)
    (to_boris,) = _links(telegram, boris.id)
    assert to_boris.startswith("У группы «Медиа» теперь есть чат.\nЧат группы: https://t.me/+")
    assert len(_links(telegram, anna.id)) == 1 and _links(telegram, vera.id) == []
    link = to_boris.split("Чат группы: ")[1].split(" ")[0]

    gleb = await member(telegram, 4, "Глеб")  # joins after the link: the same link, at once
    await gleb.send("/join Медиа")
    assert link in gleb.last.text
    await boris.send("/mygroups")
    assert link in boris.last.text
    await anna.send("/linkchat Медиа", chat=chat)  # again, by mistake: nobody told twice
    await deliveries_done(telegram)
    assert len(_links(telegram, boris.id)) == 1
    assert len(telegram.server.calls_to("createChatInviteLink")) == 1
