"""The community chat (join requests), /setrole and /revoke."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import AuditEntry, Role
from tests.support.membership import approved, member_in_community, submitted
from tests.support.people import organiser


async def test_join_requests_of_a_member_and_of_a_stranger(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    community = telegram.group(-500, "Сообщество")
    other_chat = telegram.group(-600, "Рабочая группа")
    await olga.send("/setcommunitychat", chat=community)
    assert community.last.text == (
        "Теперь это чат сообщества. Участников, подавших запрос на вступление, бот "
        "принимает; остальным предлагает подать заявку."
    )
    not_admin = telegram.group(-700, "Без прав")
    telegram.server.set_member(-700, telegram.server.bot_user["id"], "member")
    await olga.send("/setcommunitychat", chat=not_admin)
    assert "Сделайте бота администратором" in not_admin.last.text
    await olga.send("/setcommunitychat", chat=community)
    anna = telegram.user(1, "Анна")
    await approved(anna, olga)
    assert "Вступайте в чат сообщества: https://t.me/+fake1" in anna.last.text
    assert telegram.server.invite_links[0]["creates_join_request"] is True
    await anna.request_join(community)
    assert telegram.server.members[(-500, anna.id)] == "member"
    stranger = telegram.user(2, "Stranger", language_code="en")
    await stranger.request_join(community)
    assert telegram.server.members[(-500, stranger.id)] == "left"
    assert stranger.last.text == (
        "The community chat is for members. To become one, fill in the questionnaire: "
        "https://t.me/community_test_bot?start=apply"
    )
    await stranger.send("/start apply")
    assert stranger.last.buttons == [["Apply for membership"]]
    # Another chat's requests are left alone (working groups decide them).
    await stranger.request_join(other_chat)
    assert (-600, stranger.id) not in telegram.server.members
    assert not telegram.server.calls_to("declineChatJoinRequest")[1:]


async def test_revoke_removes_from_the_community_chat(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna, community = await member_in_community(telegram, olga)
    await olga.send("/revoke @anna")
    assert olga.last.text == "Как использовать: /revoke @username причина."
    await olga.send("/revoke @nobody нарушение")
    assert olga.last.text.startswith("Никто из известных боту не подходит под @nobody.")
    await olga.send("/revoke @Anna нарушение правил")
    assert olga.last.text == "Анна больше не участник."
    assert telegram.server.members[(-500, anna.id)] == "left"
    assert anna.last.text.endswith("Причина: нарушение правил")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    assert (await people.get(anna.id)).role is Role.APPLICANT
    await olga.send("/revoke @anna снова")
    assert olga.last.text == "Анна не участник."
    await anna.request_join(community)
    assert telegram.server.members[(-500, anna.id)] == "left"
    async with database.session() as session:
        entries = list(await session.exec(select(AuditEntry)))
    revocation = next(entry for entry in entries if entry.action == "membership.revoke")
    assert revocation.details == {"reason": "нарушение правил"}


async def test_setrole_by_organisers_only(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна", username="anna")
    await approved(anna, olga)
    await olga.send("/setrole @anna координатор")
    assert olga.last.text == "Анна теперь: координатор."
    assert anna.last.text == "Ваша роль в сообществе теперь: координатор."
    people = telegram.application.services.people  # type: ignore[attr-defined]
    assert (await people.get(anna.id)).role is Role.COORDINATOR
    await anna.send(f"/setrole {olga.id} member")
    assert anna.last.text.startswith("Это доступно роли «организатор» и выше")
    assert (await people.get(olga.id)).role is Role.ORGANISER
    await olga.send("/setrole @anna king")
    assert olga.last.text.startswith("Как использовать: /setrole @username роль")
    await olga.send(f"/setrole {olga.id} member")
    assert olga.last.text == "Нельзя менять собственную роль."
    await olga.send("/setrole 1 member")
    assert (await people.get(anna.id)).role is Role.MEMBER
    async with database.session() as session:
        changes = [e for e in await session.exec(select(AuditEntry)) if e.action == "role.change"]
    assert [(e.details["old"], e.details["new"]) for e in changes][-2:] == [
        ("member", "coordinator"),
        ("coordinator", "member"),
    ]


async def test_promote_and_demote_step_by_step(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна", username="anna")
    await anna.send("/promote @olga")
    assert anna.last.text.startswith("Это доступно роли «организатор»")
    await olga.send("/promote @anna")
    assert olga.last.text == "Анна ещё не участник: заявки решаются при рассмотрении."
    await approved(anna, olga)
    await olga.send("/demote @anna")
    assert olga.last.text == "Анна — участник; прекратить членство можно командой /revoke."
    for expected in ("координатор", "организатор"):
        await olga.send("/promote @anna")
        assert olga.last.text == f"Анна теперь: {expected}."
    await olga.send("/promote @anna")
    assert olga.last.text == "Анна уже организатор."
    await olga.send("/demote @anna")
    assert olga.last.text == "Анна теперь: координатор."
    assert anna.last.text == "Ваша роль в сообществе теперь: координатор."
    await olga.send("/promote")
    assert olga.last.text == "Формат: /promote @имя_пользователя."
    async with database.session() as session:
        changes = [e for e in await session.exec(select(AuditEntry)) if e.action == "role.change"]
    assert [entry.details["new"] for entry in changes][-3:] == [
        "coordinator", "organiser", "coordinator"
    ]  # fmt: skip


async def test_forget_is_deleteme(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/forget")
    assert anna.last.buttons == (await _deleteme_buttons(telegram))


async def _deleteme_buttons(telegram: LocalTelegram) -> list[list[str]]:
    bob = telegram.user(2, "Борис")
    await bob.send("/deleteme")
    return bob.last.buttons


async def test_setrole_does_not_make_a_member_of_someone_who_never_applied(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    petr = await organiser(telegram, 101)
    anna = telegram.user(1, "Анна", username="anna")
    boris = telegram.user(2, "Борис", username="boris")
    await anna.send("/start")
    await submitted(boris)  # Борис applies; Анна never did
    boris_card = petr.last
    await olga.send("/setrole @anna member")
    assert olga.last.text.startswith("Анна — не участник: для членства нужны анкета")
    assert "/invite" in olga.last.text and "/apply" in olga.last.text
    await olga.send("/setrole @anna организатор")  # nor any other role
    assert olga.last.text.startswith("Анна — не участник")
    await olga.send("/setrole @boris участник")
    assert olga.last.text.startswith("Борис — заявка уже подана: решите её при рассмотрении")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    assert (await people.get(anna.id)).role is Role.APPLICANT
    assert (await people.get(boris.id)).role is Role.APPLICANT
    assert anna.last.text != "Ваша роль в сообществе теперь: участник."
    await petr.press("Одобрить", boris_card)  # the review admits him
    await olga.send("/setrole @boris координатор")  # now a member's role may change
    assert olga.last.text == "Борис теперь: координатор."
    async with database.session() as session:
        changes = [e for e in await session.exec(select(AuditEntry)) if e.action == "role.change"]
    assert [(e.details["old"], e.details["new"]) for e in changes][1:] == [  # after Пётр's
        ("applicant", "member"),
        ("member", "coordinator"),
    ]
