"""Reviewing applications: cards, approve, reject with a reason, questions, one decision
per application, refusals for non-organisers, errors of Telegram."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from bot.core.errors import Refused
from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import ApplicationStatus, AuditEntry, Role, utcnow
from tests.support.harness import BotHarness
from tests.support.membership import (
    answer_until_summary,
    approved,
    review_chat,
    status_of,
    submitted,
)
from tests.support.people import organiser


async def test_cards_go_to_organisers_privately_and_approval_makes_a_member(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    bob = telegram.user(2, "Bob", language_code="en")
    await submitted(bob, english=True)
    card = olga.last
    assert card.text.startswith("Заявка №1")
    assert "ФИО: Bob Smith" in card.text and "Регион: Тверская область" in card.text
    assert card.buttons == [["Одобрить", "Отклонить"], ["Задать вопрос"]]
    await olga.press("Одобрить", card)
    assert olga.last_answer == "Одобрено."
    assert olga.messages[-1].text.endswith("✅ Одобрил(а): Ольга.")
    assert olga.messages[-1].buttons == []
    assert bob.last.text.startswith("Congratulations! Your application is approved")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    assert (await people.get(2)).role is Role.MEMBER
    menu = telegram.server.commands[("chat:2", "")]
    assert {"command": "profile", "description": "your profile"} in menu
    async with database.session() as session:
        actions = [entry.action for entry in await session.exec(select(AuditEntry))]
    assert "application.approved" in actions and "role.change" in actions


async def test_reject_with_a_reason_in_the_review_chat(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    chat = await review_chat(telegram, olga)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    card = chat.last
    assert card.text.startswith("Заявка №1")
    await olga.press("Отклонить", card)
    assert chat.last.text.startswith("Напишите причину отклонения заявки №1")
    prompt = telegram.server.calls_to("sendMessage")[-1].params
    assert prompt["reply_markup"]["force_reply"] is True
    await olga.send("x" * 1001, chat=chat)
    assert chat.last.text.startswith("Напишите от 1 до 1000 символов")
    await olga.send("Нет подтверждения квалификации", chat=chat)
    assert chat.last.text == "Отклонено; кандидату сообщена причина."
    assert "❌ Отклонил(а): Ольга. Причина: Нет подтверждения квалификации" in card.text
    assert anna.last.text.startswith("К сожалению, ваша заявка не одобрена.")
    assert "Нет подтверждения квалификации" in anna.last.text
    assert await status_of(database) is ApplicationStatus.REJECTED
    await anna.send("/apply")  # a rejected applicant may apply again, from her answers
    assert anna.last.text.startswith("Проверьте ваши ответы:")


async def test_two_organisers_cannot_both_decide(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    petr = await organiser(telegram, 101)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    olga_card, petr_card = olga.last, petr.last
    await olga.press("Одобрить", olga_card)
    await petr.press_data("mb:rv:rj:1", petr_card)
    assert petr.last_answer == "Решение уже принято: одобрил(а) Ольга."
    await petr.press_data("mb:rv:ap:1", petr_card)
    assert petr.last_answer == "Решение уже принято: одобрил(а) Ольга."
    assert petr.messages[-1].text.endswith("✅ Одобрил(а): Ольга.")  # his card shows it too
    assert await status_of(database) is ApplicationStatus.APPROVED


async def test_simultaneous_decisions_only_one_wins(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    petr = await organiser(telegram, 101)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    services = telegram.application.services  # type: ignore[attr-defined]
    olga_view, petr_view = await services.people.get(olga.id), await services.people.get(petr.id)
    applications = services.membership.applications
    results = await asyncio.gather(
        applications.approve(olga_view, 1),
        applications.reject(petr_view, 1, "нет"),
        return_exceptions=True,
    )
    assert sorted(isinstance(result, Refused) for result in results) == [False, True]
    async with database.session() as session:
        decided = [e for e in await session.exec(select(AuditEntry)) if "application" in e.action]
    assert len(decided) == 1


async def test_a_non_organiser_cannot_decide(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    chat = await review_chat(telegram, olga)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    card = chat.last
    member = telegram.user(3, "Игорь")
    await member.send("/start")
    people = telegram.application.services.people  # type: ignore[attr-defined]
    await people.set_role(actor=None, telegram_id=3, role=Role.MEMBER)
    await member.press("Одобрить", card)
    assert member.last_answer.startswith("Это доступно роли «организатор» и выше")
    await member.press("Отклонить", card)
    assert member.last_answer.startswith("Это доступно роли «организатор» и выше")
    await member.send("/setreviewchat", chat=telegram.group(-300, "Другой"))
    assert await status_of(database) is ApplicationStatus.PENDING
    chats = telegram.application.services.membership.chats  # type: ignore[attr-defined]
    assert await chats.review_chat() == -200
    await olga.press_data("mb:rv:ap:999", card)
    assert olga.last_answer == "Эта кнопка больше не действует."
    await olga.press_data("mb:rv:ap:x", card)
    assert olga.last_answer == "Эта кнопка больше не действует."


async def test_ask_a_question_and_the_answer_comes_back(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    chat = await review_chat(telegram, olga)
    bob = telegram.user(2, "Bob", language_code="en")
    await submitted(bob, english=True)
    card = chat.last
    await olga.press("Задать вопрос", card)
    await olga.send("Где вы проходили обучение?", chat=chat)
    assert chat.last.text == "Вопрос отправлен кандидату."
    assert bob.last.text.startswith("The organisers ask about your application:")
    await bob.press("Answer")
    await bob.send("/cancel")
    assert bob.last.text == "Cancelled."
    await bob.press("Answer")
    await bob.send("In Tver, 2020")
    assert bob.last.text == "Thank you, your answer has been passed to the organisers."
    assert chat.last.text == "Кандидат по заявке №1 отвечает:\n\nIn Tver, 2020"
    stranger = telegram.user(4, "Чужой")
    await stranger.press_data("mb:ans:1", bob.last_with_buttons())
    assert stranger.last_answer == "Эта кнопка больше не действует."
    telegram.server.block(bob.id)
    await olga.press("Задать вопрос", card)
    await olga.send("Ещё вопрос?", chat=chat)
    assert chat.last.text == "Кандидат недоступен: он заблокировал бота."


async def test_document_reaches_the_reviewers(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    for text in ("Анна", "НКО", "твер"):
        await anna.send(text)
    await anna.press("Тверская область")
    await anna.send("Сертификат")
    await anna.send_file(b"\xff\xd8", kind="photo")
    await anna.send("3")
    await anna.press("Работа с детьми")
    await anna.press("Готово")
    await anna.press("Да, разделяю")
    await anna.send("Помощь")
    await anna.press("Только через бота")
    await anna.press("Даю согласие")
    await anna.press("Отправить заявку")
    assert "photo" in olga.last.raw
    assert olga.messages[-2].text.startswith("Заявка №1")


async def test_blocked_applicant_and_flood_do_not_break_the_review(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await answer_until_summary(anna)
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.press("Отправить заявку")  # the card is sent after one retry
    assert olga.last.text.startswith("Заявка №1")
    telegram.server.block(anna.id)
    await olga.press("Одобрить", olga.last)
    assert olga.last_answer == "Одобрено."
    assert await status_of(database) is ApplicationStatus.APPROVED
    people = telegram.application.services.people  # type: ignore[attr-defined]
    assert (await people.get(anna.id)).status == "unreachable"


async def _rejecting_then_restart(harness: BotHarness, telegram: LocalTelegram) -> SimUser:
    """Olga pressed Reject on Anna's application; then the bot restarted. Olga."""
    olga = await organiser(telegram)
    await submitted(telegram.user(1, "Анна"))
    await olga.press("Отклонить", olga.last)
    await harness.restart()  # the conversation is restored, its time-out job is not
    return olga


async def test_rejecting_continues_after_restart(
    harness: BotHarness, telegram: LocalTelegram, database: Database
) -> None:
    olga = await _rejecting_then_restart(harness, telegram)
    await olga.send("Мало опыта")
    assert olga.last.text == "Отклонено; кандидату сообщена причина."
    assert await status_of(database) is ApplicationStatus.REJECTED


async def test_a_forgotten_reject_expires_across_a_restart(
    harness: BotHarness, telegram: LocalTelegram, database: Database
) -> None:
    olga = await _rejecting_then_restart(harness, telegram)
    task = telegram.application.user_data[olga.id]["mb_review"]
    task["since"] = (utcnow() - timedelta(minutes=16)).isoformat()  # the 15 minutes passed
    await olga.send("Созвонимся завтра?")
    assert olga.last.text.startswith("С нажатия кнопки прошло больше 15 минут")
    assert await status_of(database) is ApplicationStatus.PENDING
    await olga.send("Мало опыта")  # the conversation is over: not a reason either
    assert await status_of(database) is ApplicationStatus.PENDING


async def test_invitation_link_records_who_recommended(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна")
    await approved(anna, olga)
    await anna.send("/invite")
    link = anna.last.text.split()[3]
    assert link.startswith("https://t.me/community_test_bot?start=ref_")
    await anna.send("/invite")
    assert link in anna.last.text  # the same link every time
    bob = telegram.user(2, "Bob", language_code="en")
    await bob.send("/invite")
    assert bob.last.text.startswith("This is for a member or above")
    await bob.send("/start " + link.split("start=")[1])
    assert bob.last.text == "What is your full name?"
    await answer_until_summary(bob, english=True)
    await bob.press("Send the application")
    assert "Рекомендация: Анна" in olga.last.text
    vera = telegram.user(3, "Вера")
    await vera.send("/start ref_forged")
    assert vera.messages[-3].text.startswith("Эта ссылка-приглашение недействительна")
    assert vera.last.text == "Как вас зовут (полностью)?"
    await vera.send("/start ref_forged")  # inside the questionnaire: the question again
    assert vera.last.text == "Как вас зовут (полностью)?"


async def test_a_blocked_organiser_does_not_stop_the_others(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    petr = await organiser(telegram, 101)
    telegram.server.block(olga.id)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    assert petr.last.text.startswith("Заявка №1")
    assert anna.last.text.startswith("Спасибо!")
    await petr.press("Отклонить", petr.last)
    first_card = petr.last_with_buttons()
    anna2 = telegram.user(2, "Борис")
    await submitted(anna2)
    await petr.press("Задать вопрос", petr.last)  # the other card while writing a reason
    assert petr.last.text.startswith("Напишите вопрос кандидату по заявке №2")
    await petr.send("Откуда вы?")
    assert anna2.last.text.startswith("Организаторы спрашивают о вашей заявке")
    assert first_card.buttons  # application 1 is still waiting


async def test_a_forgotten_reject_times_out(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    chat = await review_chat(telegram, olga)
    anna = telegram.user(1, "Анна")
    await submitted(anna)
    await olga.press("Отклонить", chat.last)
    for job in telegram.application.job_queue.jobs():  # the 15 minutes have passed
        if job.name and "timeout" in job.name:
            await job.run(telegram.application)
    await olga.send("Коллеги, всем привет", chat=chat)
    assert await status_of(database) is ApplicationStatus.PENDING


async def test_a_revoked_member_may_apply_again(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна", username="anna")
    await approved(anna, olga)
    await olga.send("/revoke @anna нарушение")
    await anna.send("/apply")  # her answers are kept: straight to the summary
    await anna.press("Отправить заявку")
    assert anna.last.text.startswith("Спасибо!")
    assert olga.last.text.startswith("Заявка №2")
