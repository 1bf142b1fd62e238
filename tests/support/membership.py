"""Helpers for the membership tests: the questionnaire answered, an application sent and
approved, the review chat and the application's status, a member in the community chat, a
member with a profile."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimChat, SimUser
from bot.membership.questionnaire import new_consent
from models import ApplicationStatus, MembershipApplication, Role


async def answer_until_summary(user: SimUser, *, english: bool = False) -> None:
    """Walk the questionnaire with valid answers, up to the summary."""
    await user.send("Анна Петрова" if not english else "Bob Smith")
    await user.send("АНО «Забота», координатор" if not english else "Care NGO, coordinator")
    await user.send("твер" if not english else "tver")
    await user.press("Тверская область" if not english else "Tver Oblast")
    await user.send("Курсы, сертификат" if not english else "Courses, a certificate")
    await user.press("Пропустить" if not english else "Skip")
    await user.send("7")
    await user.press("Работа с детьми" if not english else "Work with children")
    await user.press("Готово" if not english else "Done")
    await user.press("Да, разделяю" if not english else "Yes, I share it")
    await user.send("Помогать коллегам" if not english else "Help peers")
    await user.press("Только через бота" if not english else "Only via the bot")
    await user.press("Даю согласие" if not english else "I consent")


async def submitted(user: SimUser, *, english: bool = False) -> None:
    """Apply with /apply and send the application."""
    await user.send("/apply")
    await answer_until_summary(user, english=english)
    await user.press("Send the application" if english else "Отправить заявку")


async def approved(user: SimUser, olga: SimUser) -> None:
    """`user` applies and the organiser approves from the card she was sent."""
    await submitted(user)
    await olga.press("Одобрить", olga.last)


async def member_in_community(telegram: LocalTelegram, olga: SimUser) -> tuple[SimUser, SimChat]:
    """The organiser sets the community chat; Анна (@anna) is approved and joins it."""
    community = telegram.group(-500, "Сообщество")
    await olga.send("/setcommunitychat", chat=community)
    anna = telegram.user(1, "Анна", username="anna")
    await approved(anna, olga)
    await anna.request_join(community)
    return anna, community


async def make_member(
    telegram: LocalTelegram,
    user_id: int,
    name: str,
    *,
    region: str = "MOW",
    areas: tuple[str, ...] = ("children",),
    contact: str = "bot",
    username: str | None = None,
    language: str = "ru",
) -> SimUser:
    """A member with a profile, made through the services (the questionnaire has its tests)."""
    user = telegram.user(user_id, name.split()[0], username=username, language_code=language)
    await user.send("/start")
    services = telegram.application.services  # type: ignore[attr-defined]
    person = await services.people.get(user_id)
    answers = {
        "full_name": name,
        "organisation": "НКО",
        "region": region,
        "qualification": "Курсы",
        "document": None,
        "experience": 5,
        "areas": list(areas),
        "mission": True,
        "intentions": "Помогать",
        "contact": contact,
        "consent": new_consent(),
    }
    if contact == "phone":
        answers["phone"] = "+79001234567"
    await services.membership.profiles.save(person.id, answers)
    await services.people.set_role(actor=None, telegram_id=user_id, role=Role.MEMBER)
    await services.people.set_language(user_id, language)
    return user


async def review_chat(telegram: LocalTelegram, olga: SimUser) -> SimChat:
    chat = telegram.group(-200, "Приём")
    await olga.send("/setreviewchat", chat=chat)
    assert chat.last.text == "Теперь в этот чат приходят новые заявки на рассмотрение."
    return chat


async def status_of(database: Database) -> ApplicationStatus:
    async with database.session() as session:
        return (await session.exec(select(MembershipApplication))).one().status
