"""After /deleteme nothing in the database leads back to the person: every table and column
of the real database is scanned for their Telegram id (also their chat's), names, username
and phone, and for rows pointing at their person record; only what `bot.personal_data.KEPT`
lists (and docs/privacy.md explains) may still point at the anonymised record. /mydata
exports every row the same scan finds before the erasure."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel, select

from bot import personal_data
from bot.db import Database
from bot.localapi import SimUser
from models import Announcement, Consultation, Person
from tests.support.everything import BOB, PHONE, THANKS, bob_used_everything
from tests.support.jobs import deliveries_done
from tests.support.scan import identity_of, rows, scan, tables

ROOT = Path(__file__).resolve().parents[2]
# Bob's rows the scenario must have made, so that a clean scan after /deleteme means something.
USED = {
    "person", "member_profile", "person_expertise", "membership_application",
    "membership_invite", "audit_entry", "stored_state", "consultant_status", "consultation",
    "consultation_offer", "relayed_message", "proposal", "stance", "proposal_card",
    "priority_point", "poll_vote", "working_group", "group_membership", "group_candidate",
    "group_election", "group_vote", "group_task", "meeting_attendance", "meeting_slot_vote",
    "news_preference", "announcement", "delivery", "broadcast",
}  # fmt: skip


def _file(user: SimUser) -> dict[str, Any]:
    """The JSON file /mydata sent last to this person."""
    document = user.last.raw["document"]
    return json.loads(user.telegram.server.files[document["file_id"]])


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


async def test_after_deleteme_nothing_leads_back_to_the_person(database: Database) -> None:
    async with bob_used_everything(database) as cast:
        bob, vera = cast.bob, cast.vera
        who = await identity_of(database, BOB)
        before = await scan(database, who)
        assert USED - {hit.table for hit in before} == set()
        await bob.send("/deleteme")
        await bob.press("Yes, delete my data")
        assert bob.last.text.startswith("Your personal data have been deleted.")
        await deliveries_done(cast.telegram)
        # Bob was the expert of her open question
        assert any(text.startswith("Consultation #2 has ended: the expert") for text in vera.texts)
    assert await tables(database) >= set(SQLModel.metadata.tables)
    after = await scan(database, who)  # the bot has stopped: nothing more will be written
    assert [hit for hit in after if not hit.reference] == []
    assert sorted({hit.where for hit in after} - set(personal_data.KEPT)) == []
    assert {hit.where for hit in after} >= {"person.id", "delivery.person_id", "stance.person_id"}

    anna, vera_is = await identity_of(database, 11), await identity_of(database, 13)
    # The others' records are theirs: still there.
    assert {hit.table for hit in await scan(database, anna)} >= {"proposal", "group_candidate"}
    assert {hit.table for hit in await scan(database, vera_is)} >= {"poll_vote", "stance"}
    async with database.session() as session:
        questions = {row.question for row in await session.exec(select(Consultation))}
        people = {row.first_name for row in await session.exec(select(Person))}
        news = {row.text: row.entities for row in await session.exec(select(Announcement))}
    assert questions == {"", "Can children volunteer?"}
    assert people == {"", "Ольга", "Anna", "Vera"}
    assert news == {"Thanks to •••••••••••• for the leaflets!": [], "Urgent news": []}


def test_what_is_kept_is_documented() -> None:
    privacy = (ROOT / "docs" / "privacy.md").read_text()
    assert [where for where in personal_data.KEPT if f"`{where}`" not in privacy] == []


async def test_mydata_exports_every_row_the_scan_finds(database: Database) -> None:
    async with bob_used_everything(database) as cast:
        bob, anna = cast.bob, cast.anna
        await cast.telegram.application.update_persistence()  # not at its next interval
        who = await identity_of(database, BOB)
        found = Counter(table for table, _key in rows(await scan(database, who)))
        exported = await personal_data.export(database, who.person_id)
        records: Counter[str] = Counter()
        for _title, sections in exported:
            for section in sections:
                records[section.table] += len(section.records)
        assert +records == found

        await bob.send("/mydata")
        summary = bob.messages[-2].text
        document = _file(bob)
        await anna.send("/mydata")
        assert not who.found_in(_file(anna))  # her export names nobody else
    assert len(summary) <= 4096
    assert summary.startswith("What the bot keeps about you (the file has all of it):")
    for line in (
        "Membership\n• Telegram account: 1\n• Profile: 1 — «Bob Smith»",
        "• Areas of expertise: 1 — «Work with children»",
        "• Stances: 2 — «Spring fair»; «Newsletter»",
        "• Votes cast: 1",
        "• Following new proposals: 1",
        "• Invitations to meetings: 1 — «Встреча координаторов»",
        "• How announcements reach you: 1",
        f"• Announcements written or naming you: 1 — «{THANKS}»",
        "Messages from the bot\n• Messages sent to you: 8",
    ):
        assert line in summary
    assert all(" " in key or key.isalpha() for key in _keys(document))  # words, not codes
    assert not {key for key in _keys(document) if "_" in key}
    assert document["Membership"]["Profile"][0]["Phone"] == PHONE
    assert document["Membership"]["Areas of expertise"] == [{"Area": "Work with children"}]
    for title, sections in exported:
        for section in sections:
            assert len(document[title][section.title]) == len(section.records)
