"""/mydata and /deleteme across every feature: groups, decisions, consultations, meetings;
the summary in the reader's language, within Telegram's limit however much is kept."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.core.personal import Section
from bot.db import Database
from bot.localapi import LocalTelegram
from handlers.membership.mydata import summary
from models import (
    Attendance,
    Candidate,
    ConsultantStatus,
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    Election,
    ElectionStatus,
    GroupMembership,
    GroupTask,
    Meeting,
    MeetingSlot,
    MeetingSlotVote,
    Person,
    PlanItem,
    PollVote,
    PriorityPoint,
    Proposal,
    ProposalKind,
    ProposalState,
    QuickPoll,
    RelayedMessage,
    SlotVote,
    Stance,
    StanceKind,
    Vote,
    WorkingGroup,
    utcnow,
)
from models.meetings import Answer, MeetingStatus
from tests.groups.support import create_group
from tests.support.jobs import deliveries_done
from tests.support.people import member, organiser

# The community's work stays (without Anna's name): exported, not erased.
KEPT = ["Задача Анны", "Предложение Анны"]
ANNA_TEXTS = [
    "Заявление Анны",
    "Причина Анны (открыто)",
    "Причина Анны (закрыто)",
    "Вопрос Анны",
    "Спасибо Борису от Анны",
    "Анна очень помогла",
    "Комментарий Анны",
]


def _file(telegram: LocalTelegram, chat_id: int) -> dict[str, Any]:
    """The JSON file /mydata sent last into this chat."""
    file_id = telegram.server.chat_messages(chat_id)[-1]["document"]["file_id"]
    return json.loads(telegram.server.files[file_id])


async def _ids(database: Database) -> tuple[int, int, int]:
    async with database.session() as session:
        people = {p.telegram_id: p.id for p in await session.exec(select(Person))}
    return people[100], people[1], people[2]


async def _seed(database: Database, olga_id: int, anna_id: int, boris_id: int) -> None:
    """Anna (and Boris, whose records must survive) in every feature."""
    now = utcnow()
    async with database.session() as session:
        election = Election(group_id=1, status=ElectionStatus.FINISHED, deadline=now)
        session.add(election)
        await session.flush()
        session.add(Candidate(election_id=election.id, person_id=anna_id, statement=ANNA_TEXTS[0]))
        session.add(Candidate(election_id=election.id, person_id=boris_id, statement="Борис"))
        session.add(Vote(election_id=election.id, round=1, voter_id=anna_id, candidate_id=boris_id))
        session.add(Vote(election_id=election.id, round=1, voter_id=boris_id, candidate_id=anna_id))
        session.add(GroupTask(group_id=1, title=KEPT[0], created_by_id=anna_id))
        open_ = Proposal(kind=ProposalKind.RULE, title=KEPT[1], description="Текст",
                         proposer_id=anna_id, state=ProposalState.OPEN)  # fmt: skip
        closed = Proposal(kind=ProposalKind.RULE, title="Правило Бориса", description="Текст",
                          proposer_id=boris_id, state=ProposalState.ACCEPTED)  # fmt: skip
        item = PlanItem(title="Пункт", description="Описание")
        poll = QuickPoll(telegram_poll_id="p1", chat_id=-1, message_id=1, question="Когда?",
                         options=["Пн", "Вт"], creator_id=olga_id)  # fmt: skip
        session.add_all([open_, closed, item, poll])
        await session.flush()
        for proposal, reason in ((open_, ANNA_TEXTS[1]), (closed, ANNA_TEXTS[2])):
            session.add(Stance(proposal_id=proposal.id, person_id=anna_id,
                               kind=StanceKind.DISAGREE, reason=reason))  # fmt: skip
            session.add(Stance(proposal_id=proposal.id, person_id=boris_id,
                               kind=StanceKind.DISAGREE, reason="Причина Бориса"))  # fmt: skip
        session.add(PriorityPoint(person_id=anna_id, item_id=item.id, points=3))
        session.add(PollVote(poll_id=poll.id, telegram_user_id=1, name="Анна", option_ids=[0]))
        session.add(PollVote(poll_id=poll.id, telegram_user_id=2, name="Борис", option_ids=[1]))
        asked = Consultation(asker_id=anna_id, expert_id=boris_id, question=ANNA_TEXTS[3],
                             status=ConsultationStatus.CLOSED, rating=5,
                             recommendation=ANNA_TEXTS[4], region="77")  # fmt: skip
        given = Consultation(asker_id=boris_id, expert_id=anna_id, question="Вопрос Бориса",
                             status=ConsultationStatus.ACTIVE, rating=4,
                             recommendation=ANNA_TEXTS[5])  # fmt: skip
        session.add_all([asked, given, ConsultantStatus(person_id=anna_id, available=False)])
        await session.flush()
        session.add(ConsultationOffer(consultation_id=given.id, expert_id=anna_id))
        session.add(RelayedMessage(chat_id=1, message_id=900, consultation_id=given.id))
        past = Meeting(title="Прошлая встреча", starts_at=now - timedelta(days=2),
                       duration_minutes=60, organiser_id=olga_id)  # fmt: skip
        ahead = Meeting(title="Будущая встреча", starts_at=now + timedelta(days=2),
                        duration_minutes=60, organiser_id=anna_id,
                        status=MeetingStatus.POLLING)  # fmt: skip
        session.add_all([past, ahead])
        await session.flush()
        slot = MeetingSlot(meeting_id=ahead.id, starts_at=now + timedelta(days=3))
        session.add(slot)
        await session.flush()
        session.add(MeetingSlotVote(slot_id=slot.id, person_id=anna_id, vote=SlotVote.YES))
        session.add(Attendance(meeting_id=past.id, person_id=anna_id, answer=Answer.GOING,
                               rating=5, comment=ANNA_TEXTS[6]))  # fmt: skip
        session.add(Attendance(meeting_id=past.id, person_id=boris_id, answer=Answer.GOING,
                               rating=4, comment="Комментарий Бориса"))  # fmt: skip
        session.add(Attendance(meeting_id=ahead.id, person_id=anna_id, answer=Answer.GOING))


async def _everything(database: Database) -> str:
    """Every row of the tables a feature keeps personal data in, as one text."""
    tables: list[Any] = [
        *(Candidate, Vote, GroupMembership, GroupTask, WorkingGroup, Proposal, Stance),
        *(PriorityPoint, PollVote, Consultation, ConsultationOffer, ConsultantStatus),
        *(RelayedMessage, Meeting, MeetingSlotVote, Attendance),
    ]
    async with database.session() as session:
        rows = [row.model_dump() for table in tables for row in await session.exec(select(table))]
    return json.dumps(rows, ensure_ascii=False, default=str)


async def test_mydata_and_deleteme_cover_every_feature(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна", username="anna")
    boris = await member(telegram, 2, "Борис")
    await create_group(olga, "Медиа")
    for person in (anna, boris):
        await person.send("/join Медиа")
    await olga.send("/appoint Медиа @anna")
    olga_id, anna_id, boris_id = await _ids(database)
    await _seed(database, olga_id, anna_id, boris_id)

    await anna.send("/mydata")
    summary = anna.messages[-2].text
    exported = _file(telegram, 1)
    text = json.dumps(exported, ensure_ascii=False)
    for personal in ANNA_TEXTS + KEPT:
        assert personal in text
    assert summary.startswith("Что бот хранит о вас (в файле — всё полностью):")
    for line in (
        "Участие в сообществе\n• Аккаунт Telegram: 1\n",
        "Рабочие группы\n• Рабочие группы: 1 — «Медиа»\n• Группы, которые вы координируете: 1",
        "• Голоса: 1\n",
        "• Позиции: 2 — «Предложение Анны»; «Правило Бориса»",
        "Консультации\n• Готовность консультировать: 1\n• Заданные вопросы: 1 — «Вопрос Анны»",
    ):
        assert line in summary
    groups = exported["Рабочие группы"]
    assert groups["Рабочие группы"][0]["Группа"] == "Медиа"
    assert groups["Группы, которые вы координируете"] == [
        {"Группа": "Медиа", "Назначены организатором": True}
    ]
    consultations = exported["Консультации"]
    assert consultations["Готовность консультировать"][0]["Готовы"] is False
    assert consultations["Проведённые консультации"][0]["Оценка"] == 4
    assert exported["Встречи"]["Голоса за время встреч"][0]["Голос"] == "yes"
    assert exported["Решения"]["Ответы на быстрые опросы"] == [
        {"Вопрос": "Когда?", "Ваше имя, как оно показано": "Анна", "Ответ": ["Пн"]}
    ]
    assert exported["Участие в сообществе"]["Аккаунт Telegram"][0]["Имя пользователя"] == "anna"
    assert "Вопрос Бориса" not in text  # another person's question is theirs, not Anna's

    await anna.send("/deleteme")
    assert "участие в группах, вопросы, комментарии и обоснования" in anna.last.text
    await anna.press("Да, удалить мои данные")
    assert anna.last.text.startswith("Ваши персональные данные удалены.")
    await deliveries_done(telegram)  # the election the bot calls for the group Anna led
    assert (  # Anna was the expert of his open consultation
        "Консультация №2 завершена: эксперт (Анна) больше не состоит в сообществе. Вы можете "
        "задать тот же вопрос снова — его получат другие коллеги." in boris.texts
    )

    remaining = await _everything(database)
    for personal in ANNA_TEXTS:
        assert personal not in remaining
    for others in ["Борис", "Причина Бориса", "Вопрос Бориса", "Комментарий Бориса", "Медиа"]:
        assert others in remaining
    async with database.session() as session:
        anna_rows = [
            row
            for table, column, value in [
                (GroupMembership, GroupMembership.person_id, anna_id),
                (MeetingSlotVote, MeetingSlotVote.person_id, anna_id),
                (PriorityPoint, PriorityPoint.person_id, anna_id),
                (PollVote, PollVote.telegram_user_id, 1),
                (ConsultationOffer, ConsultationOffer.expert_id, anna_id),
                (RelayedMessage, RelayedMessage.chat_id, 1),
            ]
            for row in await session.exec(select(table).where(col(column) == value))
        ]
        assert anna_rows == []
        assert await session.get(ConsultantStatus, anna_id) is None
        stances = {
            s.proposal_id: s
            for s in await session.exec(select(Stance).where(Stance.person_id == anna_id))
        }
        # both closed (her own open proposal was withdrawn when her membership ended): counts
        assert [stance.reason for stance in stances.values()] == [None, None]
        attendance = list(
            await session.exec(select(Attendance).where(Attendance.person_id == anna_id))
        )
        assert [(a.answer, a.rating, a.comment) for a in attendance] == [(Answer.GOING, 5, None)]
        consultations = {c.question: c for c in await session.exec(select(Consultation))}
        assert (
            consultations[""].status is ConsultationStatus.CLOSED and consultations[""].rating == 5
        )
        given = consultations["Вопрос Бориса"]
        assert (given.expert_id, given.status) == (None, ConsultationStatus.CLOSED)
        group = await session.get(WorkingGroup, 1)
        assert group is not None and group.coordinator_id is None
        boris_votes = list(await session.exec(select(Vote).where(Vote.voter_id == boris_id)))
        assert len(boris_votes) == 1
    assert boris.last is not None


async def test_mydata_of_a_newcomer_has_every_feature_empty(
    telegram: LocalTelegram, database: Database
) -> None:
    vera = telegram.user(3, "Вера")
    await vera.send("/start")
    await vera.send("/mydata")
    assert vera.messages[-2].text == (
        "Что бот хранит о вас (в файле — всё полностью):\n\n"
        "Участие в сообществе\n• Аккаунт Telegram: 1\n\n"
        "Отправьте /deleteme, чтобы удалить свои данные."
    )
    exported = _file(telegram, 3)
    assert exported["Рабочие группы"]["Рабочие группы"] == []
    assert exported["Решения"]["Позиции"] == []
    assert exported["Консультации"]["Заданные вопросы"] == []
    assert exported["Встречи"]["Приглашения на встречи"] == []
    assert exported["Участие в сообществе"]["Профиль"] == []
    assert exported["Сообщения бота"]["Сообщения, отправленные вам"] == []
    await vera.send("/deleteme")
    await vera.press("Да, удалить мои данные")
    assert vera.last.text.startswith("Ваши персональные данные удалены.")


def test_the_summary_of_a_long_export_fits_one_message() -> None:
    long_title = "Очень длинное название " * 10
    export = [
        (f"Раздел {feature}", [
            Section(f"Подраздел {number}", "proposal",
                    [{"Название": f"{long_title}{item}"} for item in range(5)],
                    headline="Название")
            for number in range(10)
        ])
        for feature in range(5)
    ]  # fmt: skip
    text = summary(export)
    assert len(text) <= 4096
    assert "• Подраздел 9: 5\n" in text and long_title not in text
    few = summary(export[:1])  # when it fits, the first records are named, shortened
    assert "• Подраздел 0: 5 — «Очень длинное название Очень длинное…»; «" in few
    assert few.count("«") == 30 and "; …" in few
