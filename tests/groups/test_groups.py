"""Working groups: creating, listing, joining and leaving, chats and their join requests."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import AuditEntry, GroupMembership, WorkingGroup
from tests.groups.support import create_group, linked_chat, send_anonymously
from tests.support.harness import BotHarness
from tests.support.people import member, organiser


async def _actions(database: Database) -> list[str]:
    async with database.session() as session:
        return [entry.action for entry in await session.exec(select(AuditEntry))]


async def test_organiser_creates_group_with_bad_input_asked_again(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    await olga.send("/newgroup")
    assert olga.last.text.startswith("Название новой рабочей группы")
    await olga.send("x" * 101)
    assert olga.last.text == "Название — от 1 до 100 символов. Название?"
    await olga.send("Медиа")
    await olga.send("y" * 1001)
    assert olga.last.text == "Цель — от 1 до 1000 символов. Цель?"
    await olga.send("Соцсети и пресса")
    assert olga.last.text.startswith("Группа создана:\n«Медиа» — Соцсети и пресса\n0 участников")
    await olga.send("/newgroup")
    await olga.send("медиа")
    await olga.send("Другая цель")
    assert olga.last.text == "Рабочая группа с таким названием уже есть. Другое название?"
    await olga.send("/cancel")
    assert olga.last.text == "Отменено, ничего не изменилось."
    async with database.session() as session:
        assert len(list(await session.exec(select(WorkingGroup)))) == 1
    assert "group.create" in await _actions(database)


async def test_members_cannot_manage_groups_and_applicants_cannot_list(
    telegram: LocalTelegram,
) -> None:
    anna = await member(telegram, 1, "Анна")
    await anna.send("/newgroup")
    assert anna.last.text.startswith("Это доступно роли «организатор»")
    await anna.send("Медиа")  # not inside a dialogue
    assert "/help" in anna.last.text
    for command in ("/archivegroup 1", "/appoint 1 @anna", "/editgroup 1"):
        await anna.send(command)
        assert anna.last.text.startswith("Это доступно роли «организатор»")
    newcomer = telegram.user(2, "Пётр")
    await newcomer.send("/groups")
    assert newcomer.last.text.startswith("Это доступно роли «участник»")


async def test_edit_and_archive_group(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    await create_group(olga, "Обучение")
    await olga.send("/editgroup Медиа")
    assert olga.last.text == "Новое название группы «Медиа»? Отправьте -, чтобы оставить."
    await olga.send("Обучение")  # taken: asked once the purpose is in
    await olga.send("-")
    assert olga.last.text == "Рабочая группа с таким названием уже есть. Другое название?"
    await olga.send("Медиа и пресса")
    await olga.send("-")
    assert olga.last.text.startswith("Группа изменена:\n«Медиа и пресса» — Цель группы")
    await olga.send("/archivegroup Обучение")
    assert olga.last.text == "Группа «Обучение» в архиве."
    await olga.send("/archivegroup Обучение")
    assert olga.last.text.startswith("Отправьте /archivegroup и название")
    anna = await member(telegram, 1, "Анна")
    await anna.send("/groups")
    assert "Обучение" not in anna.last.text
    assert "Медиа и пресса" in anna.last.text
    actions = await _actions(database)
    assert "group.edit" in actions and "group.archive" in actions


async def test_group_creation_and_leaving_survive_restart(
    harness: BotHarness, database: Database
) -> None:
    telegram = harness.telegram
    assert telegram is not None
    olga = await organiser(telegram)
    await olga.send("/newgroup")
    await olga.send("Медиа")
    await harness.restart()
    await olga.send("Соцсети")
    assert olga.last.text.startswith("Группа создана:\n«Медиа» — Соцсети")
    anna = await member(telegram, 1, "Анна")
    await anna.send("/join Медиа")
    await anna.send("/leave Медиа")
    await harness.restart()  # the confirmation buttons carry ids, checked again
    await anna.press("Да, выйти")
    assert anna.last.text == "Вы вышли из группы «Медиа»."


async def test_join_by_button_and_command_leave_with_confirmation(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа", "Соцсети")
    await create_group(olga, "Обучение", "Школа волонтёров")
    anna = await member(telegram, 1, "Анна")
    await anna.send("/groups")
    assert anna.last.text.startswith("Рабочие группы:\n\n«Медиа» — Соцсети\n0 участников")
    assert anna.last.buttons == [["Вступить в «Медиа»"], ["Вступить в «Обучение»"]]
    await anna.press("Вступить в «Медиа»")
    assert anna.last.text == "Вы вступили в группу «Медиа»."
    await anna.send("/join обучение")
    assert anna.last.text == "Вы вступили в группу «Обучение»."
    await anna.send("/join Медиа")
    assert anna.last.text == "Вы уже состоите в этой рабочей группе."
    await anna.send("/join Космос")
    assert anna.last.text.startswith("Такой рабочей группы нет.")
    await anna.send("/groups")
    assert "1 участник, координатора пока нет" in anna.last.text
    assert anna.last.buttons == []
    await anna.send("/mygroups")
    assert anna.last.text.startswith("Ваши рабочие группы:\n\n«Медиа»")

    await anna.send("/leave Медиа")
    assert anna.last.text == "Выйти из группы «Медиа»? Вас также удалят из её чата."
    await anna.press("Нет, остаться")
    assert anna.last.text == "Вы остаётесь в группе."
    await anna.send("/leave")
    assert anna.last.buttons == [["Медиа"], ["Обучение"]]
    await anna.press("Медиа")
    await anna.press("Да, выйти")
    assert anna.last.text == "Вы вышли из группы «Медиа»."
    await anna.send("/leave Медиа")
    assert anna.last.text == "Вы не состоите в группе «Медиа»."
    async with database.session() as session:
        rows = list(await session.exec(select(GroupMembership)))
    assert len(rows) == 1


async def test_forged_and_stale_group_buttons(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    anna = await member(telegram, 1, "Анна")
    await anna.send("/groups")
    await anna.press_data("wg:j:999", anna.last)
    assert anna.last_answer == "Такой рабочей группы нет. Список — /groups."
    await anna.press_data("wg:l:1", anna.last)  # leaving a group she is not in
    assert anna.last_answer == "Это только для участников рабочей группы."
    await anna.press_data("wg:zz", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    async with database.session() as session:
        assert list(await session.exec(select(GroupMembership))) == []


async def test_linkchat_needs_rights_and_bot_admin(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    anna = await member(telegram, 1, "Анна")
    chat = telegram.group(-100, "Чат медиа")
    await anna.send("/linkchat Медиа", chat=chat)
    assert chat.last.text == "Привязать чат может только организатор или координатор группы."
    await send_anonymously(telegram, chat, "/linkchat Медиа")
    assert chat.last.text.startswith("Я не знаю, кто пишет анонимно")
    telegram.server.set_member(-100, telegram.server.bot_user["id"], "member")
    await olga.send("/linkchat Медиа", chat=chat)
    assert chat.last.text.startswith("Я не администратор этого чата.")
    telegram.server.set_member(-100, telegram.server.bot_user["id"], "administrator")
    await olga.send("/linkchat Космос", chat=chat)
    assert chat.last.text == "Отправьте /linkchat и название или номер группы."
    await olga.send("/linkchat Медиа", chat=chat)
    assert chat.last.text == "Теперь это чат группы «Медиа»."
    await create_group(olga, "Обучение")
    await olga.send("/linkchat Обучение", chat=chat)
    assert chat.last.text == "Этот чат уже привязан к другой рабочей группе."
    await olga.send("/linkchat Медиа")
    assert olga.last.text == "Отправьте /linkchat в том групповом чате, который хотите привязать."


async def test_join_gives_invite_link_and_requests_are_checked(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    chat = await linked_chat(telegram, olga, "Медиа", -100)
    anna = await member(telegram, 1, "Анна")
    boris = await member(telegram, 2, "Борис")
    await anna.send("/join Медиа")
    assert anna.last.text.startswith(
        "Вы вступили в группу «Медиа».\nЧат группы: https://t.me/+fake1"
    )
    link = telegram.server.invite_links[-1]
    assert link["creates_join_request"] and link["chat_id"] == -100
    await anna.request_join(chat)
    assert telegram.server.members[(-100, 1)] == "member"
    await boris.request_join(chat)
    assert telegram.server.members[(-100, 2)] == "left"
    assert len(telegram.server.calls_to("declineChatJoinRequest")) == 1

    other = telegram.group(-200, "Общий чат сообщества")
    await boris.request_join(other)  # not a group's chat: left to other features
    assert telegram.server.calls_to("approveChatJoinRequest")[-1].params["chat_id"] == -100
    assert len(telegram.server.calls_to("declineChatJoinRequest")) == 1

    telegram.server.fail(
        400, "Bad Request: HIDE_REQUESTER_MISSING", method="approveChatJoinRequest"
    )
    await anna.request_join(chat)  # answered already: logged, nothing said in the chat
    assert chat.messages[-1].text == "Теперь это чат группы «Медиа»."

    await anna.send("/leave Медиа")
    await anna.press("Да, выйти")
    assert telegram.server.members[(-100, 1)] == "left"
    assert telegram.server.calls_to("banChatMember")[-1].params["user_id"] == 1
    await anna.request_join(chat)
    assert telegram.server.members[(-100, 1)] == "left"


async def test_join_when_chat_link_cannot_be_made(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    telegram.server.fail(
        400, "Bad Request: not enough rights", method="createChatInviteLink", times=2
    )
    await linked_chat(telegram, olga, "Медиа", -100)  # no link made when it was linked
    anna = await member(telegram, 1, "Анна")
    await anna.send("/join Медиа")  # nor now
    assert anna.last.text == (
        "Вы вступили в группу «Медиа».\nСсылка на чат сейчас недоступна; спросите координатора."
    )
    boris = await member(telegram, 2, "Борис")
    await boris.send("/join Медиа")  # the rights are back: the link is made, and kept
    assert "https://t.me/+" in boris.last.text
    await anna.send("/mygroups")
    assert "https://t.me/+" in anna.last.text


async def test_appoint_acting_coordinator(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    await create_group(olga, "Медиа")
    anna = await member(telegram, 1, "Анна", username="anna")
    await member(telegram, 2, "Борис", username="boris")
    await olga.send("/appoint Медиа @anna")
    assert olga.last.text == "@anna не состоит в группе «Медиа»."
    await anna.send("/join Медиа")
    await olga.send("/appoint 1")
    assert olga.last.text.startswith("Отправьте /appoint")
    await olga.send("/appoint 1 @anna")
    assert olga.last.text == "Анна теперь исполняет обязанности координатора группы «Медиа»."
    await anna.send("/mygroups")
    assert "и. о. координатора: Анна" in anna.last.text
    await olga.send("/appoint 1 @anna")
    assert olga.last.text == "У этой группы уже есть координатор."
    assert "group.appoint" in await _actions(database)
