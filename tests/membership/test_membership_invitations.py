"""Invitation links: the newcomer is greeted with who invited them, and the member who
invited hears when that person applies and when they are admitted (not when rejected)."""

from __future__ import annotations

import re

from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from tests.support.membership import answer_until_summary, make_member
from tests.support.people import organiser


async def _link_code(member: SimUser) -> str:
    await member.send("/invite")
    found = re.search(r"\?start=(ref_[A-Za-z0-9_-]+)", member.last.text)
    assert found is not None
    return found.group(1)


async def test_invited_newcomers_are_greeted_and_their_inviters_told(
    telegram: LocalTelegram,
) -> None:
    olga = await organiser(telegram)
    vera = await make_member(telegram, 3, "Вера Смирнова", language="en")
    gleb = await make_member(telegram, 4, "Глеб Орлов")
    vera_code, gleb_code = await _link_code(vera), await _link_code(gleb)
    assert "you will hear when they apply and when they are admitted" in vera.last.text

    anna = telegram.user(1, "Анна")
    boris = telegram.user(2, "Борис")
    await anna.send(f"/start {vera_code}")
    assert anna.messages[-3].text == "Вас пригласили в сообщество. Пригласил(а): Вера Смирнова."
    assert anna.last.text == "Как вас зовут (полностью)?"
    await boris.send(f"/start {gleb_code}")
    assert boris.messages[-3].text.endswith("Пригласил(а): Глеб Орлов.")
    stranger = telegram.user(5, "Дима")
    await stranger.send("/start ref_forged")  # a forged code: no inviter named
    assert stranger.messages[-3].text.startswith("Эта ссылка-приглашение недействительна")
    await gleb.send(f"/start {vera_code}")  # a member opening a link does not apply again
    assert gleb.last.text == "Вы уже участник сообщества."

    told_vera, told_gleb = len(vera.messages), len(gleb.messages)
    await answer_until_summary(anna)
    await answer_until_summary(boris)
    await anna.press("Отправить заявку")
    anna_card = olga.last
    assert "Вера" in anna_card.text  # recommended by her
    assert vera.last.text == ("The person you invited has applied for membership: Анна Петрова.")
    await boris.press("Отправить заявку")
    boris_card = olga.last
    assert gleb.last.text == "Приглашённый вами человек подал заявку на вступление: Анна Петрова."

    await olga.press("Отклонить", boris_card)
    await olga.send("Нет опыта в нашей области")
    await olga.press("Одобрить", anna_card)
    assert (
        vera.last.text == "The person you invited is now a member of the community: Анна Петрова."
    )
    assert len(vera.messages) == told_vera + 2  # applied, admitted
    assert len(gleb.messages) == told_gleb + 1  # applied; a rejection is not theirs to hear
    await olga.press_data("mb:rv:ap:1", anna_card)  # pressed again: nobody is told twice
    assert len(vera.messages) == told_vera + 2
    await answer_until_summary(stranger)
    await stranger.press("Отправить заявку")
    assert olga.last.text.startswith("Заявка №3")
