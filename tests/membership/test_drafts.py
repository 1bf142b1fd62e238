"""Questionnaire drafts (name, organisation, phone, ...) exist before consent is given: kept
only while the dialogue goes on, and dropped by a daily job a week after the last answer."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.membership.drafts import Drafts
from models import MemberProfile, MembershipApplication, Person, StoredState, utcnow
from tests.support.harness import BotHarness
from tests.support.jobs import job_count, pause_jobs, run_job
from tests.support.membership import answer_until_summary

SWEEP = "membership.drafts"
FIRST_QUESTION = "Как вас зовут (полностью)?"


async def stored(tg: LocalTelegram, database: Database) -> dict[tuple[str, str], object]:
    """The persisted states, as they are once PTB writes what it holds (every 2 s, or now)."""
    await tg.application.update_persistence()
    async with database.session() as session:
        return {(row.kind, row.key): row.value for row in await session.exec(select(StoredState))}


def draft_of(rows: dict[tuple[str, str], object], user_id: int) -> object:
    data = rows.get(("user_data", str(user_id)))
    return data.get("mb_form") if isinstance(data, dict) else None


async def test_an_abandoned_draft_is_dropped_after_a_week(
    harness: BotHarness, tg: LocalTelegram, database: Database
) -> None:
    drafts = tg.application.services.membership.drafts  # type: ignore[attr-defined]
    start = utcnow()
    drafts.clock = lambda: start
    anna, bob, vera = tg.user(1, "Анна"), tg.user(2, "Борис"), tg.user(3, "Вера")
    await anna.send("/apply")
    await bob.send("/apply")
    await anna.send("Анна Лебедева")
    await bob.send("Борис Иванов")
    await anna.send("Фонд «Рядом», координатор")  # and then Анна stops answering
    await bob.send("НКО, директор")
    await bob.send("твер")
    await bob.press("Тверская область")
    await bob.send("/apply")  # a command mid-way: the same question again, nothing lost
    assert bob.last.text.startswith("Какая у вас квалификация")
    await bob.send("/cancel")
    await bob.send("/apply")
    await answer_until_summary(bob)
    await bob.press("Отправить заявку")
    assert bob.last.text.startswith("Спасибо!")
    rows = await stored(tg, database)
    assert draft_of(rows, 1) is not None and draft_of(rows, 2) is None  # sent: dropped

    drafts.clock = lambda: start + timedelta(days=6)
    await vera.send("/apply")
    await vera.send("Вера Смирнова")
    drafts.clock = lambda: start + timedelta(days=6, hours=23)
    await run_job(tg, SWEEP)  # a day short of a week for Анна: everything stays
    assert draft_of(await stored(tg, database), 1) is not None

    drafts.clock = lambda: start + timedelta(days=7, minutes=1)
    await run_job(tg, SWEEP)
    rows = await stored(tg, database)
    assert draft_of(rows, 1) is None
    assert ("conversation:membership_apply", "1,1") not in rows
    assert "Лебедева" not in str(rows) and "Рядом" not in str(rows)
    assert draft_of(rows, 3) == {
        "mode": "apply",
        "answers": {"full_name": "Вера Смирнова"},
        "referrer": None,
        "current": "organisation",
        "touched": (start + timedelta(days=6)).isoformat(),
    }
    async with database.session() as session:
        application = (await session.exec(select(MembershipApplication))).one()
        person = await session.get(Person, application.person_id)
        profile = await session.get(MemberProfile, application.person_id)
    assert person is not None and person.telegram_id == bob.id
    assert profile is not None and profile.full_name == "Анна Петрова"  # the helper's answers
    assert application.status == "pending"

    # Анна comes back: her text is not taken as the next answer; /apply starts afresh.
    await anna.send("Курсы")
    assert anna.last.text.startswith("Незаконченная анкета больше не хранится")
    assert "7 дней" in anna.last.text
    await anna.send("/apply")
    assert anna.last.text == FIRST_QUESTION
    await vera.send("НКО")  # Вера goes on where she stopped
    assert vera.last.text.startswith("В каком регионе")

    await harness.restart()  # the daily job is there again, once
    tg = pause_jobs(harness)
    assert job_count(tg, SWEEP) == 1


def test_a_draft_kept_from_before_the_stamps_counts_from_the_first_sweep() -> None:
    now = utcnow()
    drafts = Drafts(clock=lambda: now)
    old: dict[str, object] = {"mode": "apply", "answers": {"full_name": "Анна"}}
    assert drafts.abandoned({1: old}) == []
    assert old["touched"] == now.isoformat()
    drafts.clock = lambda: now + timedelta(days=7)
    assert drafts.abandoned({1: old, 2: {"touched": now.isoformat()}}) == [1, 2]
