"""A community full of things not everyone may see, and the people who try: for the test that
presses every kind of button as every kind of actor (tests/core/test_callback_access.py).

Everything private carries SECRET in its text, so a leak is a SECRET in anything the bot sends
to the presser. The objects belong to people who are not among the actors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from sqlmodel import SQLModel

from bot.groups.views import name_key
from bot.localapi import LocalTelegram
from bot.localapi.client import BotMessage, SimUser
from bot.membership.questionnaire import new_consent
from models import (
    Announcement,
    AnnouncementStatus,
    ApplicationStatus,
    Attendance,
    Broadcast,
    BroadcastStatus,
    Candidate,
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    Election,
    ElectionStatus,
    GroupMembership,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MemberProfile,
    MembershipApplication,
    PlanItem,
    PlanStatus,
    Proposal,
    ProposalKind,
    ProposalState,
    Role,
    Stance,
    StanceKind,
    WorkingGroup,
    utcnow,
)
from tests.support import people

SECRET = "SECRET"
MISSING = 999_999  # an id nothing has
ACTORS = (
    "stranger",  # never started the bot
    "applicant",  # started it and applied
    "member",  # a member of the community, in the working group Alpha
    "outsider",  # a member outside every working group
    "beta_coordinator",  # the coordinator of another group (Beta)
    "revoked",  # was a member of Alpha until her membership was revoked
    "organiser",
)
MEMBERS = ("member", "outsider", "beta_coordinator", "organiser")
ACTOR_IDS = dict(zip(ACTORS, (901, 902, 903, 904, 905, 906, 100), strict=True))
# People the objects belong to (none of them presses anything).
OTHERS = {
    "alpha_coordinator": 10, "alpha_one": 11, "alpha_two": 12, "beta_one": 13,
    "asker": 20, "expert": 21, "offered": 22, "candidate": 23,
}  # fmt: skip


@dataclass
class World:
    """The ids of the objects, the actors and what each actor presses on."""

    telegram: LocalTelegram
    ids: dict[str, int] = field(default_factory=dict)  # object → its id
    person: dict[str, int] = field(default_factory=dict)  # actor or other → person id
    users: dict[str, SimUser] = field(default_factory=dict)
    pad: dict[str, BotMessage] = field(default_factory=dict)  # a message of the bot to press on

    def __getattr__(self, name: str) -> int:
        try:
            return self.ids[name]
        except KeyError:
            raise AttributeError(name) from None


async def _people(world: World) -> None:
    telegram = world.telegram
    for name, user_id in {**OTHERS, **ACTOR_IDS}.items():
        if name == "stranger":
            world.users[name] = telegram.user(user_id, "Stranger")
            continue
        role = Role.APPLICANT if name in ("applicant", "candidate") else Role.MEMBER
        if name == "organiser":
            world.users[name] = await people.organiser(telegram)
        else:
            world.users[name] = await people.member(telegram, user_id, name.title(), role=role)
        found = await telegram.application.services.people.get(user_id)  # type: ignore[attr-defined]
        world.person[name] = found.id


async def _add(telegram: LocalTelegram, *rows: SQLModel) -> None:
    async with telegram.application.services.db.session() as session:  # type: ignore[attr-defined]
        session.add_all(rows)
        await session.flush()


async def _groups(world: World) -> None:
    p = world.person
    alpha = WorkingGroup(
        name="Alpha", name_key=name_key("Alpha"), coordinator_id=p["alpha_coordinator"]
    )
    beta = WorkingGroup(
        name="Beta", name_key=name_key("Beta"), coordinator_id=p["beta_coordinator"]
    )
    gamma = WorkingGroup(name="Gamma", name_key="#archived-gamma", archived=True)
    await _add(world.telegram, alpha, beta, gamma)
    world.ids.update(alpha=alpha.id, beta=beta.id, archived=gamma.id)  # type: ignore[arg-type]
    members = {
        alpha.id: ("alpha_coordinator", "alpha_one", "alpha_two", "member", "revoked"),
        beta.id: ("beta_coordinator", "beta_one"),
    }
    await _add(
        world.telegram,
        *(
            GroupMembership(group_id=group, person_id=p[who])
            for group, names in members.items()
            for who in names
        ),
    )


async def _decisions(world: World) -> None:
    p, now = world.person, utcnow()

    def proposal(group: int, author: str, state: ProposalState, name: str) -> Proposal:
        return Proposal(
            kind=ProposalKind.RULE, title=f"{SECRET} {name}", description=f"{SECRET} text",
            proposer_id=p[author], working_group_id=group, state=state, opened_at=now,
            deadline=now + timedelta(days=7),
            closed_at=now if state.closed else None,
        )  # fmt: skip

    rows = {
        "alpha_open": proposal(world.alpha, "alpha_one", ProposalState.OPEN, "alpha open"),
        "beta_open": proposal(world.beta, "beta_one", ProposalState.OPEN, "beta open"),
        "alpha_submitted": proposal(world.alpha, "alpha_one", ProposalState.SUBMITTED, "sub"),
        "alpha_closed": proposal(world.alpha, "alpha_one", ProposalState.ACCEPTED, "closed"),
    }
    done = PlanItem(title=f"{SECRET} item", description="done", status=PlanStatus.DONE)
    await _add(world.telegram, *rows.values(), done)
    world.ids.update({name: row.number for name, row in rows.items()}, done_item=done.id or 0)
    stances = [
        ("alpha_open", "alpha_one", StanceKind.DISAGREE),
        ("alpha_open", "alpha_two", StanceKind.BLOCK),
        ("beta_open", "beta_one", StanceKind.DISAGREE),
        ("alpha_closed", "alpha_one", StanceKind.DISAGREE),
    ]
    await _add(
        world.telegram,
        *(Stance(proposal_id=world.ids[on], person_id=p[who], kind=kind, reason=f"{SECRET} why")
          for on, who, kind in stances),
    )  # fmt: skip


async def _consultations(world: World) -> None:
    p, now = world.person, utcnow()

    def asked(status: ConsultationStatus, expert: str | None, name: str) -> Consultation:
        return Consultation(
            asker_id=p["asker"], expert_id=p[expert] if expert else None, status=status,
            question=f"{SECRET} {name}", round=1, round_deadline=now + timedelta(days=1),
            accepted_at=now if expert else None,
        )  # fmt: skip

    active = asked(ConsultationStatus.ACTIVE, "expert", "active")
    seeking = asked(ConsultationStatus.SEARCHING, None, "seeking")
    done = asked(ConsultationStatus.CLOSED, "expert", "done")
    await _add(world.telegram, active, seeking, done)
    offer = ConsultationOffer(consultation_id=seeking.id or 0, expert_id=p["offered"])
    await _add(world.telegram, offer)
    world.ids.update(active=active.id, seeking=seeking.id, done=done.id, offer=offer.id)  # type: ignore[arg-type]


async def _meetings(world: World) -> None:
    p, later = world.person, utcnow() + timedelta(days=3)

    def meeting(group: int, organiser: str, status: MeetingStatus, name: str) -> Meeting:
        return Meeting(
            title=f"{SECRET} {name}", agenda=SECRET, starts_at=later, duration_minutes=60,
            place=f"{SECRET} place", online_link="https://meet.example.org/secret",
            working_group_id=group, organiser_id=p[organiser], status=status,
        )  # fmt: skip

    alpha = meeting(world.alpha, "alpha_coordinator", MeetingStatus.SCHEDULED, "alpha")
    beta = meeting(world.beta, "beta_one", MeetingStatus.SCHEDULED, "beta")
    polling = meeting(world.alpha, "alpha_coordinator", MeetingStatus.POLLING, "poll")
    await _add(world.telegram, alpha, beta, polling)
    slot = MeetingSlot(meeting_id=polling.id or 0, starts_at=later)
    attended = Attendance(meeting_id=alpha.id or 0, person_id=p["alpha_one"])
    await _add(world.telegram, slot, attended)
    world.ids.update(
        alpha_meeting=alpha.id, beta_meeting=beta.id, poll_meeting=polling.id, slot=slot.id
    )  # type: ignore[arg-type]


async def _membership(world: World) -> None:
    p = world.person
    for who in ("candidate", "applicant"):
        profile = MemberProfile(
            person_id=p[who],
            full_name=f"{SECRET} {who}",
            organisation=SECRET,
            qualification=SECRET,
            intentions=SECRET,
            consent_version=new_consent()["version"],
            consent_at=utcnow(),
        )
        application = MembershipApplication(person_id=p[who], status=ApplicationStatus.PENDING)
        await _add(world.telegram, profile, application)
        world.ids[f"{who}_application"] = application.id or 0


async def _broadcasts(world: World) -> None:
    p = world.person
    text = {"text": f"{SECRET} news", "entities": [], "media_kind": None, "file_id": None}
    running = Broadcast(kind="announcement", payload=text, status=BroadcastStatus.SENDING)
    await _add(world.telegram, running)
    scheduled = Announcement(
        author_id=p["organiser"], text=f"{SECRET} later", status=AnnouncementStatus.SCHEDULED,
        scheduled_at=utcnow() + timedelta(days=1),
    )  # fmt: skip
    draft = Announcement(text=f"{SECRET} feed", status=AnnouncementStatus.DRAFT, feed_guid="g1")
    await _add(world.telegram, scheduled, draft)
    world.ids.update(broadcast=running.id, scheduled=scheduled.id, draft=draft.id)  # type: ignore[arg-type]


async def _elections(world: World) -> None:
    p, later = world.person, utcnow() + timedelta(days=3)
    nominating = Election(group_id=world.alpha, status=ElectionStatus.NOMINATION, deadline=later)
    voting = Election(group_id=world.beta, status=ElectionStatus.VOTING, deadline=later)
    await _add(world.telegram, nominating, voting)
    await _add(
        world.telegram,
        Candidate(election_id=nominating.id or 0, person_id=p["alpha_one"], statement=SECRET),
        Candidate(election_id=voting.id or 0, person_id=p["beta_one"], statement=SECRET),
    )
    world.ids.update(nominating=nominating.id, voting=voting.id)  # type: ignore[arg-type]


async def build(telegram: LocalTelegram) -> World:
    """The community, then the revocation of `revoked` (so her clean-up has run)."""
    world = World(telegram)
    await _people(world)
    for part in (
        _groups,
        _decisions,
        _consultations,
        _meetings,
        _membership,
        _broadcasts,
        _elections,
    ):
        await part(world)
    services = telegram.application.services  # type: ignore[attr-defined]
    organiser = await services.people.get(ACTOR_IDS["organiser"])
    await services.membership.roles.revoke(organiser, str(ACTOR_IDS["revoked"]), "test")
    for actor in ACTORS:
        user = world.users[actor]
        sent = await telegram.application.bot.send_message(user.id, "pad")
        world.pad[actor] = BotMessage(telegram.server.messages[(user.id, sent.message_id)])
        await user.press_data("zz:warm-up", world.pad[actor])  # known to the bot from now on
    return world


async def snapshot(telegram: LocalTelegram) -> dict[str, list[str]]:
    """Every row of every table, as text (PTB's persistence written out first)."""
    await telegram.application.update_persistence()
    tables: dict[str, list[str]] = {}
    async with telegram.application.services.db.session() as session:  # type: ignore[attr-defined]
        connection = await session.connection()
        for table in SQLModel.metadata.sorted_tables:
            if table.name in EVERY_UPDATE:
                continue
            rows = await connection.execute(table.select())
            tables[table.name] = sorted(json.dumps(list(row), default=str) for row in rows)
    return tables


# Written by every update, refused or not: the update's own id (bot/core/dedup.py).
EVERY_UPDATE = frozenset({"seen_update"})

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


@contextmanager
def writes(telegram: LocalTelegram) -> Iterator[list[str]]:
    """The tables written while the block runs: every INSERT, and every UPDATE or DELETE
    that changed a row (a conditional UPDATE that lost its race changes nothing)."""
    engine = telegram.application.services.db.engine.sync_engine  # type: ignore[attr-defined]
    written: list[str] = []

    def seen(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        match = WRITE.match(statement)
        if match is None or match.group(1) in EVERY_UPDATE:
            return
        if statement.lstrip()[:6].upper() == "INSERT" or cursor.rowcount > 0:
            written.append(match.group(1))

    event.listen(engine, "after_cursor_execute", seen)
    try:
        yield written
    finally:
        event.remove(engine, "after_cursor_execute", seen)


def changed(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, Any]:
    return {
        name: {
            "gone": sorted(set(rows) - set(after[name])),
            "new": sorted(set(after[name]) - set(rows)),
        }
        for name, rows in before.items()
        if rows != after.get(name)
    }
