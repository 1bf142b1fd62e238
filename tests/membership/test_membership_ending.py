"""A membership that ends (/revoke) ends what the person could do as a member: their open
consultations and the offers to them, their proposals, the coordination of their groups; the
other side is told. And every action checks it again, in case a clean-up was missed."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.decisions.views import Draft
from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from bot.membership import chats
from handlers.consultations.buttons import ASK_AGAIN
from handlers.decisions.buttons import AMEND, WITHDRAW
from models import (
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    OfferStatus,
    Proposal,
    ProposalKind,
    ProposalState,
    Role,
    WorkingGroup,
)
from tests.groups.support import create_group, linked_chat
from tests.support import people
from tests.support.consultations import ask, member, offers
from tests.support.jobs import deliveries_done
from tests.support.people import organiser

FALLBACK = "I answer commands and buttons. Send /help to see what I can do for you."
EXPERT_LEFT = (
    "Consultation #{id} has ended: the expert (Eva) is no longer a member of the community. "
    "You can ask the same question again: other peers will get it."
)
COMMUNITY_CHAT = -1001


async def _statuses(database: Database) -> dict[int, ConsultationStatus]:
    async with database.session() as session:
        return {row.id: row.status for row in await session.exec(select(Consultation))}


async def _offer_of(database: Database, consultation_id: int, expert_id: int) -> OfferStatus:
    async with database.session() as session:
        offer = (
            await session.exec(
                select(ConsultationOffer).where(
                    ConsultationOffer.consultation_id == consultation_id,
                    ConsultationOffer.expert_id == expert_id,
                )
            )
        ).one()
        return offer.status


async def _proposal_by(telegram: LocalTelegram, user: SimUser, olga: SimUser) -> int:
    """An open proposal of `user` for the whole community (written through the services)."""
    services = telegram.application.services  # type: ignore[attr-defined]
    author = await services.people.get(user.id)
    reviewer = await services.people.get(olga.id)
    draft = Draft(kind=ProposalKind.RULE, title="Eva's rule", description="Quiet evenings")
    proposal = await services.decisions.proposals.submit(author, draft)
    await services.decisions.proposals.open(reviewer, proposal.number)
    return proposal.number


async def test_a_revoked_expert_is_out_of_every_consultation_and_both_askers_are_told(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris")
    clara = await member(telegram, 3, "Clara")
    eva = await member(telegram, 5, "Eva", ("legal", "grants"))
    fedor = await member(telegram, 6, "Fedor", ("grants",))
    lev = await member(telegram, 7, "Lev", ("legal",))
    telegram.group(COMMUNITY_CHAT, "Community")
    services = telegram.application.services  # type: ignore[attr-defined]
    await services.membership.chats.set(chats.COMMUNITY_CHAT, COMMUNITY_CHAT, actor_id=None)
    proposal_id = await _proposal_by(telegram, eva, olga)

    await ask(anna, "Anna's contract question")  # #1, to Eva and Lev
    await eva.press("Accept")
    await ask(clara, "Clara's grant question", ("Grants and fundraising",))  # #2, Eva and Fedor
    clara_offer = eva.last
    accept_claras = clara_offer.flat_buttons[0]["callback_data"]  # before the button goes
    await ask(boris, "Boris's lease question")  # #3, to Eva and Lev
    await eva.press("Accept")
    await fedor.press("Decline")  # only Eva's offer of #2 is left in its round
    await anna.send("We have 12 volunteers.")
    assert eva.last.text == "#1 · the asker:\nWe have 12 volunteers."
    await eva.send("A civil contract works.", reply_to=eva.last)
    assert anna.last.text == "#1 · expert Eva:\nA civil contract works."
    eva_id = (await services.people.get(eva.id)).id

    await olga.send("/revoke 5 нарушение правил")
    assert olga.last.text == "Eva больше не участник."
    await deliveries_done(telegram)
    assert anna.last.text == EXPERT_LEFT.format(id=1)
    assert anna.last.buttons == [["Ask again"]]
    assert boris.last.text == EXPERT_LEFT.format(id=3)
    assert (await _statuses(database))[1] is ConsultationStatus.CLOSED
    assert (await _statuses(database))[3] is ConsultationStatus.CLOSED
    assert await _offer_of(database, 2, eva_id) is OfferStatus.WITHDRAWN
    offer_message = next(m for m in eva.messages if m.message_id == clara_offer.message_id)
    assert offer_message.text == "This request is no longer offered to you."
    assert offer_message.buttons == []
    # Eva's was the round's last offer: the question moved on, to the organisers.
    assert (await _statuses(database))[2] is ConsultationStatus.ESCALATED
    (offer_to_olga,) = [m for m in olga.messages if m.text.endswith("Clara's grant question")]
    assert offer_to_olga.buttons == [["Принять", "Отклонить"]]
    assert clara.last.text.startswith("No peer could take your question #2")
    # Her open proposal is withdrawn, and the community is told why.
    async with database.session() as session:
        proposal = await session.get(Proposal, proposal_id)
        assert proposal is not None and proposal.state is ProposalState.WITHDRAWN
    community_post = telegram.server.chat_messages(COMMUNITY_CHAT)[-1]["text"]
    assert "Автор больше не состоит в сообществе, поэтому предложение отозвано" in community_post

    # Anna writes on: nothing reaches Eva; Eva writes: nothing reaches anyone.
    seen_by_eva = len(eva.messages)
    await anna.send("Are you still there?")
    assert anna.last.text == FALLBACK
    await eva.send("I can still help!")
    assert len(eva.messages) == seen_by_eva + 1 and eva.last.text == FALLBACK
    assert not any("I can still help" in text for text in anna.texts + boris.texts)
    # Eva's old buttons do nothing.
    await eva.press_data(accept_claras, offer_message)
    assert eva.last_answer == "This request has already been taken or closed. Thank you!"
    await eva.press_data(AMEND(proposal_id), eva.last)
    assert eva.last_answer == "Only members of the community can do this."
    assert (await _statuses(database))[2] is ConsultationStatus.ESCALATED

    # Anna asks again: the same question goes to Lev, never to Eva; once only.
    ended_message = anna.last
    await anna.press("Ask again")
    assert anna.last.text.startswith("Your question #4 has been offered to peers")
    assert offers(lev)[-1].endswith("Anna's contract question")
    assert not any(text.startswith("Request for a consultation #4") for text in eva.texts)
    await anna.press_data(ASK_AGAIN(1), ended_message)  # pressed twice
    assert anna.last_answer == (
        "You have asked this question again already; it is looking for an expert."
    )
    assert len(await _statuses(database)) == 4


async def test_a_revoked_coordinator_steps_down_and_her_group_is_told(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    eva = await people.member(telegram, 5, "Eva", username="eva")
    boris = await people.member(telegram, 2, "Борис")
    await create_group(olga, "Медиа")
    chat = await linked_chat(telegram, olga, "Медиа", -300)
    for person in (eva, boris):
        await person.send("/join Медиа")
    await olga.send("/appoint Медиа @eva")

    await olga.send("/revoke 5 нарушение правил")
    await deliveries_done(telegram)
    assert (
        "У группы «Медиа» сейчас нет координатора: членство в сообществе прекращено. "
        "Бывший координатор: Eva."
    ) in chat.texts
    assert chat.last.text.startswith("Начались выборы координатора группы «Медиа»")
    async with database.session() as session:
        group = (await session.exec(select(WorkingGroup))).one()
        assert group.coordinator_id is None


async def test_every_action_checks_the_membership_even_if_the_clean_up_was_missed(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Anna")
    clara = await member(telegram, 3, "Clara")
    eva = await member(telegram, 5, "Eva", ("legal", "grants"))
    proposal_id = await _proposal_by(telegram, eva, olga)
    await ask(anna, "Anna's contract question")
    await eva.press("Accept")
    await ask(clara, "Clara's grant question", ("Grants and fundraising",))
    clara_offer = eva.last
    # The role changes behind the bot's back: no clean-up ran.
    services = telegram.application.services  # type: ignore[attr-defined]
    await services.people.set_role(actor=None, telegram_id=eva.id, role=Role.APPLICANT)

    await eva.press("Accept", clara_offer)
    assert eva.last_answer == "Only members of the community can do this."
    assert (await _statuses(database))[2] is ConsultationStatus.SEARCHING
    await anna.send("Are you there?")
    assert anna.last.text == FALLBACK
    assert not any("Are you there?" in text for text in eva.texts)
    await eva.send("Still here")
    assert eva.last.text == FALLBACK
    assert not any("Still here" in text for text in anna.texts)
    for action in (AMEND, WITHDRAW):
        await eva.press_data(action(proposal_id), eva.last)
        assert eva.last_answer == "Only members of the community can do this."
    async with database.session() as session:
        proposal = await session.get(Proposal, proposal_id)
        assert proposal is not None and proposal.state is ProposalState.OPEN


async def test_a_revoked_asker_s_questions_end_and_her_experts_are_told(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Anna")
    eva = await member(telegram, 5, "Eva", ("legal",))
    fedor = await member(telegram, 6, "Fedor", ("grants",))
    await ask(anna, "Anna's contract question")
    await eva.press("Accept")
    await ask(anna, "Anna's grant question", ("Grants and fundraising",))
    assert offers(fedor)[-1].endswith("Anna's grant question")

    await olga.send("/revoke 1 нарушение правил")
    await olga.send("/revoke 1 нарушение правил")  # twice: she is no member any more
    assert olga.last.text == "Anna не участник."
    assert eva.last.text == (
        "Consultation #1 has ended: the asker is no longer a member of the community."
    )
    assert eva.last.buttons == []
    assert fedor.last.text == "Request #2 was withdrawn by the asker."
    assert fedor.last.buttons == []
    assert await _statuses(database) == {
        1: ConsultationStatus.CLOSED,
        2: ConsultationStatus.CANCELLED,
    }
    await eva.send("Anything else?")
    assert eva.last.text == FALLBACK
    assert not any("Anything else?" in text for text in anna.texts)
