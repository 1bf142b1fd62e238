"""Decisions of a working group: the body chosen in /propose, review by the group's
coordinator, the card in the group's chat, stances of its members only, /consensus rules per
body, and the group's decisions in its weekly digest."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sqlmodel import select

from bot.core.errors import Refused
from bot.db import Database
from bot.decisions.refusals import NOT_IN_GROUP
from bot.decisions.rules import parse_share, share_text
from bot.decisions.views import Draft
from bot.localapi import LocalTelegram, SimChat, SimUser
from models import PersonStatus, Proposal, ProposalKind, Stance, utcnow
from tests.decisions.support import COMMUNITY_CHAT, Clock, decisions_bot
from tests.groups.support import create_group, linked_chat
from tests.support.harness import BotHarness
from tests.support.jobs import run_job
from tests.support.people import member, organiser

GROUP_CHAT = -2001
GROUP = "Working group «Медиа»"


async def _media(telegram: LocalTelegram) -> tuple[SimUser, SimUser, SimUser, SimUser, SimChat]:
    """Olga (organiser, Russian), Anna (coordinator of «Медиа»), Boris (member of it), Vera
    (a community member outside the group); the group's chat is linked."""
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Anna", language="en")
    boris = await member(telegram, 2, "Boris", language="en")
    vera = await member(telegram, 3, "Vera", language="en")
    await create_group(olga, "Медиа")
    await create_group(olga, "Сайт")
    for person in (anna, boris):
        await person.send("/join Медиа")
    await vera.send("/join Сайт")
    chat = await linked_chat(telegram, olga, "Медиа", GROUP_CHAT)
    services = telegram.application.services  # type: ignore[attr-defined]
    coordinator = await services.people.get(1)
    await services.groups.appoint(actor_id=None, group=1, member=coordinator.id)
    return olga, anna, boris, vera, chat


async def _propose_for_group(
    author: SimUser, title: str = "Newsletter", restart: BotHarness | None = None
) -> None:
    """/propose for «Медиа» (the bot restarted right after the body was chosen, if asked)."""
    await author.send("/propose")
    assert author.last.buttons == [["The whole community"], [GROUP]]
    await author.press(GROUP)
    if restart is not None:
        await restart.restart()
    assert author.last.text.startswith("What do you propose?")
    await author.press("a rule or norm")
    await author.send(title)
    await author.send("Monthly, on Mondays")
    await author.press("Skip")
    await author.press("Skip")
    assert "Decided by: working group «Медиа»" in author.last.text
    await author.press("Submit for review")


def _texts(telegram: LocalTelegram, chat_id: int, start: str) -> list[str]:
    """The bot's messages in that chat starting with `start`."""
    found = (message.get("text", "") for message in telegram.server.chat_messages(chat_id))
    return [text for text in found if text.startswith(start)]


async def _inline_titles(telegram: LocalTelegram, user: SimUser) -> list[str]:
    """What inline mode offers this person for an empty query."""
    update = await telegram.deliver(
        {"inline_query": {"id": f"q{user.id}", "from": user.user, "query": "", "offset": ""}}
    )
    answer = telegram.server.inline_answers[update["inline_query"]["id"]]
    return [result["title"] for result in answer["results"]]


def _shares(proposal: Proposal) -> tuple[Fraction, Fraction]:
    """The quorum and threshold stored with a proposal."""
    return (
        Fraction(proposal.quorum_numerator, proposal.quorum_denominator),
        Fraction(proposal.threshold_numerator, proposal.threshold_denominator),
    )


async def _proposals(database: Database) -> list[Proposal]:
    async with database.session() as session:
        return list(await session.exec(select(Proposal).order_by(Proposal.id)))  # type: ignore[arg-type]


async def test_group_proposal_is_reviewed_posted_and_decided_by_the_group(
    database: Database,
) -> None:
    async with decisions_bot(database, Clock(), locale="ru") as harness:
        telegram = harness.telegram
        assert telegram is not None
        _olga, anna, boris, vera, chat = await _media(telegram)
        for follower in (boris, vera):
            await follower.send("/proposals")
            await follower.press("Send me every new proposal")
        await _propose_for_group(boris)
        review = anna.last
        assert review.text.startswith("A new proposal from Boris awaits review:")
        assert "Decided by: working group «Медиа»" in review.text
        await vera.press_data("dc:o:1:7", review)  # a member, not the group's coordinator
        assert vera.last_answer.startswith("Only the group's coordinator or a coordinator")
        await anna.send("/proposals")
        assert "Awaiting review:" in anna.last.text
        await anna.press("Open for 7 days", review)
        card = chat.last
        assert "Решает: рабочая группа «Медиа»" in card.text, card.text
        assert telegram.server.chat_messages(COMMUNITY_CHAT) == []
        assert _texts(telegram, 2, "Proposal #1: Newsletter")  # a follower in the group
        assert not _texts(telegram, 3, "Proposal #1")  # a follower outside it
        await vera.press_data("dc:s:1:a", card)
        assert vera.last_answer.startswith("Only members of the body that decides")
        await vera.send("/pending")
        assert vera.last.text == "Nothing awaits your stance. Thank you!"
        await vera.send("/proposals")
        assert "Newsletter" not in vera.last.text
        await vera.send("/decision 1")
        assert vera.last.text == "There is no such proposal."
        await vera.press_data("dc:c:1", card)
        assert vera.last_answer == "This button is no longer active."
        assert await _inline_titles(telegram, vera) == []
        assert await _inline_titles(telegram, boris) == ["Proposal #1: Newsletter"]
        await boris.send("/pending")
        assert boris.last.buttons == [["#1 Newsletter"]]
        await boris.send("/proposals")
        assert "#1 «Newsletter» — until 02.12.2026 15:00 · working group «Медиа»" in boris.last.text
        await boris.press_data("dc:s:1:a", card)
        async with database.session() as session:
            stances = list(await session.exec(select(Stance)))
        assert [(s.person_id, s.kind.value) for s in stances] == [(3, "agree")]  # Boris only
        assert "Согласен: 1" in chat.last.text and "Позиции: 1 из 2" in chat.last.text


async def test_group_coordinator_closes_early_and_writes_the_outcome(database: Database) -> None:
    async with decisions_bot(database, Clock(), locale="ru") as harness:
        telegram = harness.telegram
        assert telegram is not None
        _olga, anna, boris, vera, chat = await _media(telegram)
        await _propose_for_group(boris)
        await anna.press("Open for 7 days", anna.last)
        card = chat.last
        await boris.send("/decision 1")  # a member of the group: no coordinator's actions
        assert "Close now" not in str(boris.last.buttons)
        await boris.press_data("dc:end:1", boris.last)  # forged
        assert boris.last_answer == "Only a coordinator or an organiser can do this."
        for person in (anna, boris):
            await person.press_data("dc:s:1:a", card)
        await anna.send("/decision 1")  # the group's coordinator (a plain member otherwise)
        await anna.press("Close now")
        assert (await _proposal(database)).state.closed
        await vera.press_data("dc:out:1", anna.last)  # outside the group
        assert vera.last_answer == "Only a coordinator or an organiser can do this."
        await anna.send("/decision 1")
        await anna.press("Write the outcome")
        await anna.send("Starting in January.")
        await anna.press("Skip")
        assert anna.last.text == "The outcome of proposal #1 is saved."
        assert (await _proposal(database)).outcome == "Starting in January."


async def _proposal(database: Database) -> Proposal:
    async with database.session() as session:
        return (await session.exec(select(Proposal))).one()


async def test_group_coordinator_sends_back_and_outsiders_cannot_propose_for_a_group(
    database: Database,
) -> None:
    async with decisions_bot(database, Clock(), locale="ru") as harness:
        telegram = harness.telegram
        assert telegram is not None
        olga, anna, boris, vera, _chat = await _media(telegram)
        await boris.send("/propose")
        question = boris.last
        await boris.press_data("dc:b:2", question)  # «Сайт»: Boris is not in it
        assert boris.last_answer == "Only members of that working group can propose for it."
        for forged in ("dc:b:99", "dc:b:x", "dc:b:1:2"):
            await boris.press_data(forged, question)
            assert boris.last_answer == "This button is no longer active.", forged
        assert boris.last.text.startswith("Who decides on it")  # the question stands
        await boris.send("/cancel")
        await _propose_for_group(boris, "Podcast")
        await vera.press_data("dc:back:1", anna.last)
        assert vera.last_answer.startswith("Only the group's coordinator or a coordinator")
        await anna.press("Send back")
        await anna.send("Please name the host")
        assert anna.last.text == "Proposal #1 is sent back to its author."
        assert boris.last.text.startswith("Your proposal #1 «Podcast» was sent back")
        service = telegram.application.services.decisions.proposals
        vera_view = await telegram.application.services.people.get(3)  # type: ignore[attr-defined]
        outsiders_draft = Draft(ProposalKind.RULE, "t", "d", working_group_id=1)
        with pytest.raises(Refused) as refused:
            await service.submit(vera_view, outsiders_draft)
        assert refused.value.reason == NOT_IN_GROUP
        assert [p.state.value for p in await _proposals(database)] == ["returned"]
        telegram.server.block(1)  # the group's coordinator blocked the bot
        await _propose_for_group(boris, "Podcast again", restart=harness)
        assert await _proposals(database) and (await _proposals(database))[-1].working_group_id == 1
        assert olga.last.text.startswith("Новое предложение от Boris")  # the others still asked
        await olga.press_data("dc:o:2:7", olga.last)
        assert _texts(telegram, GROUP_CHAT, "Предложение №2: Podcast again")
        anna_now = await telegram.application.services.people.get(1)  # type: ignore[attr-defined]
        assert anna_now.status is PersonStatus.UNREACHABLE


async def test_consensus_rules_per_body(database: Database) -> None:
    async with decisions_bot(database, Clock(), locale="ru") as harness:
        telegram = harness.telegram
        assert telegram is not None
        olga, anna, boris, vera, _chat = await _media(telegram)
        await boris.send("/consensus Медиа quorum 60% threshold 3/4")
        assert boris.last.text.startswith("Only organisers set the community's rules")
        await anna.send("/consensus quorum 60%")  # the community's: organisers only
        assert anna.last.text.startswith("Only organisers set the community's rules")
        for wrong in ("quorum 150%", "quorum abc", "quorum 0", "threshold -1/2"):
            await anna.send(f"/consensus Медиа {wrong}")
            assert "is not a valid share: write it as 60%, 3/4 or 0.6" in anna.last.text, wrong
        await anna.send("/consensus Медиа quorum")
        assert anna.last.text.startswith("Usage: /consensus")
        await anna.send("/consensus Нет такой quorum 50%")
        assert anna.last.text.startswith("There is no such working group.")
        await anna.send("/consensus Медиа quorum 60% threshold 3/4")
        assert "quorum 60%" in anna.last.text and "at least 75%" in anna.last.text
        await vera.send("/consensus 1")
        assert vera.last.text.startswith("Decisions of working group «Медиа»: quorum 60%")
        await olga.send("/consensus кворум 40%")
        assert "кворум 40%" in olga.last.text, olga.last.text
        await _propose_for_group(boris, "Group one")
        await vera.send("/propose")
        await vera.press("The whole community")
        await vera.press("a rule or norm")
        for answer in ("Community one", "Text"):
            await vera.send(answer)
        await vera.press("Skip")
        await vera.press("Skip")
        await vera.press("Submit for review")
        group_one, community_one = await _proposals(database)
        assert _shares(group_one) == (Fraction(3, 5), Fraction(3, 4))
        assert _shares(community_one) == (Fraction(2, 5), Fraction(2, 3))


async def test_weekly_digest_lists_the_groups_decisions(database: Database) -> None:
    clock = Clock()
    clock.now = utcnow()
    async with decisions_bot(database, clock, locale="ru") as harness:
        telegram = harness.telegram
        assert telegram is not None
        _olga, anna, boris, _vera, _chat = await _media(telegram)
        await _propose_for_group(boris, "Newsletter")
        await anna.press("Open for 7 days")
        await run_job(telegram, "groups.digest")
        digest = boris.last.text
        assert "Decisions opened (your stance: /pending):" in digest, digest
        assert "• #1 «Newsletter»" in digest
        await boris.send("/decision 1")
        clock.now = utcnow()
        await boris.press("Withdraw")
        await run_job(telegram, "groups.digest")
        digest = boris.last.text
        assert "Decisions closed without acceptance:\n• #1 «Newsletter»" in digest, digest
        assert "Decisions opened" not in digest


def test_shares_are_read_as_people_write_them() -> None:
    assert parse_share("60%") == Fraction(3, 5)
    assert parse_share(" 3/4 ") == Fraction(3, 4)
    assert parse_share("0,5") == parse_share("0.5") == Fraction(1, 2)
    assert parse_share("100%") == 1
    for wrong in ("0", "0%", "101%", "5/4", "-1/2", "abc", "1/0", "", "%", "nan", "inf"):
        assert parse_share(wrong) is None, wrong
    assert [share_text(Fraction(1, 2)), share_text(Fraction(2, 3))] == ["50%", "2/3"]
