"""Every kind of button, pressed with forged data by every kind of actor, on objects they may
not see or act on: the answer is a refusal, nothing is sent to them that shows the object,
and nothing in the database changes.

The table below has one row per kind of button; the kinds are found in the code (every
`Callbacks(prefix).action(...)`), so a new kind without a row fails
`test_every_kind_of_button_has_a_row`. A row says what each actor presses (`forged`: an
object they may not see or act on, or an id nothing has where the actor may act on every
object of the kind), or that the button acts only on the presser's own things (`own`) or on
what every member (or every organiser) may read: those are pressed too, and must leak
nothing.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from bot.core.callbacks import CallbackAction, Callbacks
from bot.db import Database
from bot.localapi import LocalTelegram
from models import AudienceKind, DeliveryMode, Person, PlanStatus, ProposalKind, StanceKind, Urgency
from tests.support.access import (
    ACTOR_IDS,
    ACTORS,
    MEMBERS,
    MISSING,
    SECRET,
    World,
    build,
    changed,
    snapshot,
    writes,
)

Values = tuple[Any, ...]
Target = Callable[[World, str], list[Values]]


class Kind(Enum):
    FORGED = "refused for everyone"
    STEP = "a step of a dialogue nobody is in: refused as stale"
    OWN = "the presser's own setting or dialogue"
    MEMBERS = "what every member may read: refused for the others"
    ORGANISERS = "what organisers may read: refused for the others"


@dataclass(frozen=True)
class Row:
    kind: Kind
    target: Target
    command: str | None = None  # a page of this command's list: it shows no more than it

    def values(self, world: World, actor: str) -> list[Values]:
        return self.target(world, actor)


def forged(target: Callable[[World, str], Values | list[Values]]) -> Row:
    def values(world: World, actor: str) -> list[Values]:
        found = target(world, actor)
        return found if isinstance(found, list) else [found]

    return Row(Kind.FORGED, values)


def fixed(kind: Kind, *values: Any) -> Row:
    return Row(kind, lambda _world, _actor: [values])


def page(kind: Kind, command: str, *values: Any) -> Row:
    """A ‹ › button under a list: pressed by those who may read the list, it shows what the
    command shows them (objects they may see carry SECRET too), and nothing more."""
    return Row(kind, lambda _world, _actor: [values], command)


def step(*values: Any) -> Row:
    return fixed(Kind.STEP, *values)


def own(*values: Any) -> Row:
    return fixed(Kind.OWN, *values)


def but_organiser(actor: str, object_id: int) -> int:
    """Organisers may act on every object of this kind: they press an id nothing has."""
    return MISSING if actor == "organiser" else object_id


def unseen_proposal(w: World, actor: str) -> int:
    """A working group's proposal the actor may not see (organisers see every group's)."""
    return w.beta_open if actor == "member" else but_organiser(actor, w.alpha_open)


def outside_body(w: World, actor: str) -> int:
    """An open proposal of a body the actor is not in."""
    return w.beta_open if actor == "member" else w.alpha_open


def unseen_meeting(w: World, actor: str) -> int:
    return w.beta_meeting if actor == "member" else but_organiser(actor, w.alpha_meeting)


def not_their_group(w: World, actor: str) -> int:
    return w.beta if actor == "member" else w.alpha


TABLE: dict[str, Row] = {
    # core: the language, and the outbox's Cancel under a broadcast's progress
    "lang:set": own("ru"),
    "au:p": page(Kind.ORGANISERS, "/audit", 0),
    "ob:stop": forged(lambda w, a: (but_organiser(a, w.broadcast),)),
    # broadcasts
    "bc:aud": step(AudienceKind.MEMBERS),
    "bc:reg": step("MOW"),
    "bc:area": step("legal"),
    "bc:grp": step(1),
    **{f"bc:{name}": step() for name in ("now", "later", "urgent", "ok", "no")},
    "bc:unsched": forged(lambda w, a: (but_organiser(a, w.scheduled),)),
    "bc:chan": step(),
    "bc:pubch": forged(lambda w, a: (but_organiser(a, w.draft),)),
    "bc:sched": page(Kind.ORGANISERS, "/broadcasts", 0),
    "bc:news": own(0),
    "bc:pref": own(DeliveryMode.INSTANT),
    "bc:pub": forged(lambda w, a: (but_organiser(a, w.draft),)),
    "bc:drop": forged(lambda w, a: (but_organiser(a, w.draft),)),
    # consultations: /ask steps, someone else's offers, question and consultations
    **{f"cs:{name}": step() for name in ("nf", "ad", "go", "st")},
    "cs:ar": step("legal"),
    "cs:ur": step(Urgency.NORMAL),
    "cs:nm": step("yes"),
    "cs:rg": step("any"),
    "cs:ok": forged(lambda w, a: (w.offer,)),
    "cs:no": forged(lambda w, a: (w.offer,)),
    "cs:cx": forged(lambda w, a: (w.seeking,)),
    "cs:to": forged(lambda w, a: (w.active,)),
    "cs:ct": forged(lambda w, a: (w.active,)),
    "cs:cl": forged(lambda w, a: (w.active,)),
    "cs:rt": forged(lambda w, a: (w.done, 5)),
    "cs:sk": step(1),
    "cs:ag": forged(lambda w, a: (w.done,)),
    "cs:ex": fixed(Kind.MEMBERS, "legal"),
    "cs:av": own("keep"),
    "cs:wd": forged(lambda w, a: (w.done,)),
    "cs:wa": forged(lambda w, a: (w.done, "legal")),
    "cs:wn": forged(lambda w, a: (w.done,)),
    "cs:og": forged(lambda w, a: (w.done,)),
    # decisions: cards, stances and reasons of other bodies, others' proposals, review
    "dc:s": forged(
        lambda w, a: [
            (outside_body(w, a), StanceKind.AGREE),
            (outside_body(w, a), StanceKind.BLOCK),
        ]
    ),
    "dc:r": forged(lambda w, a: (unseen_proposal(w, a),)),
    "dc:c": forged(lambda w, a: (unseen_proposal(w, a),)),
    "dc:am": forged(lambda w, a: (w.alpha_open,)),
    "dc:wd": forged(lambda w, a: (w.alpha_open,)),
    "dc:end": forged(lambda w, a: (but_organiser(a, w.alpha_open),)),
    "dc:out": forged(lambda w, a: (but_organiser(a, w.alpha_closed),)),
    "dc:f": own(),
    "dc:rv": forged(lambda w, a: (but_organiser(a, w.alpha_submitted),)),
    "dc:o": forged(lambda w, a: (but_organiser(a, w.alpha_submitted), 7)),
    "dc:back": forged(lambda w, a: (but_organiser(a, w.alpha_submitted),)),
    "dc:b": step(1),
    "dc:k": step(ProposalKind.RULE),
    "dc:it": step(1),
    "dc:cf": step("end"),
    "dc:cs": step(PlanStatus.DONE),
    "dc:rp": step(1),
    **{f"dc:{name}": step() for name in ("skip", "submit", "cancel")},
    "dc:t": forged(lambda w, a: (unseen_proposal(w, a),)),
    "dc:lp": page(Kind.MEMBERS, "/proposals", 0),
    "dc:pg": page(Kind.MEMBERS, "/pending", 0),
    "dc:pl": page(Kind.MEMBERS, "/plan", 0, 0),
    "dc:pv": page(Kind.MEMBERS, "/plan", 0, "all", 0),
    "dc:po": page(Kind.MEMBERS, "/plan", 0, 1, 0),
    "dc:pr": page(Kind.MEMBERS, "/priorities", 0),
    "dc:pp": forged(lambda w, a: [(w.done_item, "up"), (w.done_item, "down")]),
    # working groups: an archived group, groups one is not in, elections of other groups
    "wg:j": forged(lambda w, a: (w.archived,)),
    "wg:lq": forged(lambda w, a: (not_their_group(w, a),)),
    "wg:l": forged(lambda w, a: (not_their_group(w, a),)),
    "wg:stay": own(),
    "wg:gp": page(Kind.MEMBERS, "/groups", 0),
    "wg:mp": page(Kind.MEMBERS, "/mygroups", 0),
    "wg:st": forged(lambda w, a: (w.nominating if a == "beta_coordinator" else w.voting,)),
    "wg:n": forged(lambda w, a: (w.voting if a == "member" else w.nominating,)),
    "wg:v": forged(
        lambda w, a: (
            (w.nominating, 1, w.person["alpha_one"])
            if a == "beta_coordinator"
            else (w.voting, 1, w.person["beta_one"])
        )
    ),
    # meetings: another group's meeting; managing someone else's
    "mt:open": forged(lambda w, a: (unseen_meeting(w, a),)),
    "mt:a": forged(lambda w, a: (unseen_meeting(w, a), "g")),
    "mt:ics": forged(lambda w, a: (unseen_meeting(w, a),)),
    "mt:mat": forged(lambda w, a: (unseen_meeting(w, a),)),
    "mt:v": forged(lambda w, a: (MISSING if a in ("member", "organiser") else w.slot, "y")),
    **{
        f"mt:{name}": forged(lambda w, a: (but_organiser(a, w.alpha_meeting),))
        for name in ("list", "csv", "cx", "cxy", "cxn", "et", "ep", "am")
    },
    "mt:full": forged(lambda w, a: (unseen_meeting(w, a),)),
    "mt:lp": forged(lambda w, a: (but_organiser(a, w.alpha_meeting), 0)),
    "mt:ga": forged(lambda w, a: (unseen_meeting(w, a), "g")),
    "mt:mv": forged(lambda w, a: (but_organiser(a, w.alpha_meeting), 30_000_000)),
    "mt:rw": step(),
    "mt:fix": forged(lambda w, a: (but_organiser(a, w.poll_meeting), w.slot)),
    "mt:r": forged(lambda w, a: (w.alpha_meeting, 5)),
    "mt:to": step(None),
    "mt:grp": forged(lambda w, a: (w.alpha,)),
    # membership: the questionnaire's steps, someone else's application, the directory
    "mb:apply": own(),
    "mb:q": step("region", "MOW"),
    "mb:s:e": step("full_name"),
    "mb:s:submit": step(),
    "mb:s:cancel": step(),
    "mb:p:e": own("full_name"),
    "mb:rv:ap": forged(lambda w, a: (but_organiser(a, w.candidate_application),)),
    "mb:rv:rj": forged(lambda w, a: (but_organiser(a, w.candidate_application),)),
    "mb:rv:qs": forged(lambda w, a: (but_organiser(a, w.candidate_application),)),
    "mb:ans": forged(lambda w, a: (w.candidate_application,)),
    "mb:d:m": fixed(Kind.MEMBERS, "children"),
    "mb:d:a": fixed(Kind.MEMBERS, "children", 0),
    "mb:d:t": fixed(Kind.MEMBERS, 0),
    "mb:d:c": forged(lambda w, a: (w.person["candidate"],)),
    "mb:del": own("no"),
    "mb:ar": forged(lambda w, a: (MISSING,)),
}


def every_kind() -> dict[str, CallbackAction]:
    """Every kind of button in the code: each handlers/*/buttons.py, and any other codec of
    the modules the bot is made of."""
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("handlers/*/buttons.py")):
        importlib.import_module(f"handlers.{path.parent.name}.buttons")
    importlib.import_module("handlers")
    codecs = {
        id(value): value
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in ("bot", "handlers")
        for value in vars(module).values()
        if isinstance(value, Callbacks)
    }
    return {str(action): action for codec in codecs.values() for action in codec.actions.values()}


def test_every_kind_of_button_has_a_row() -> None:
    kinds = every_kind()
    assert sorted(set(kinds) - set(TABLE)) == [], "a kind of button without a row"
    assert sorted(set(TABLE) - set(kinds)) == [], "a row for a kind of button that is gone"


SIDE_EFFECTS = ("send", "copy", "forward", "edit", "delete", "ban", "unban", "pin", "set")


def refused(row: Row, actor: str) -> bool:
    """Whether this actor's press must be refused (and change nothing)."""
    return (
        row.kind in (Kind.FORGED, Kind.STEP)
        or (row.kind is Kind.MEMBERS and actor not in MEMBERS)
        or (row.kind is Kind.ORGANISERS and actor != "organiser")
    )


def secrets(calls: list[Any]) -> int:
    return sum(
        json.dumps(call.params, ensure_ascii=False, default=str).count(SECRET) for call in calls
    )


def _problems(row: Row, actor: str, calls: list[Any], answer: Any, allowed: int = 0) -> list[str]:
    """What went wrong with one press: a leak (more SECRET than the `allowed` its command
    shows), and for a refusal anything but one."""
    problems = (
        [f"leaks in {', '.join(call.method for call in calls)}"] if secrets(calls) > allowed else []
    )
    if not refused(row, actor):
        return problems
    if not (answer and answer.get("show_alert") and answer.get("text")):
        problems.append(f"not refused (answer: {answer})")
    problems += [
        f"{call.method} to {call.params.get('chat_id')}"
        for call in calls
        if call.method.startswith(SIDE_EFFECTS)
    ]
    return problems


async def user_language(world: World, language: str, telegram_id: int) -> None:
    """A conditional UPDATE, as the rules write."""
    async with world.telegram.application.services.db.session() as session:  # type: ignore[attr-defined]
        await session.exec(
            update(Person).where(col(Person.telegram_id) == telegram_id).values(language=language)
        )


ORDER = (
    Kind.FORGED,
    Kind.STEP,
    Kind.MEMBERS,
    Kind.ORGANISERS,
    Kind.OWN,
)  # the presser's own changes last


async def test_forged_presses_are_refused_and_leak_nothing(
    telegram: LocalTelegram, database: Database
) -> None:
    world = await build(telegram)
    kinds = every_kind()
    server = telegram.server
    failures: list[str] = []
    with writes(telegram) as written:  # the watch sees a write, and not a write that missed
        await user_language(world, "ru", ACTOR_IDS["member"])
        await user_language(world, "ru", MISSING)
    assert written == ["person"]
    before = await snapshot(telegram)
    for key, row in sorted(TABLE.items(), key=lambda item: ORDER.index(item[1].kind)):
        if row.kind is Kind.OWN and before is not None:  # all refusals done: nothing changed
            if difference := changed(before, await snapshot(telegram)):
                failures.append(f"the refused presses changed {difference}")
            before = None
        for actor in ACTORS:
            for values in row.values(world, actor):
                data = kinds[key](*values)
                user = world.users[actor]
                allowed = 0
                if row.command and not refused(row, actor):
                    start = len(server.calls)
                    await user.send(row.command)
                    allowed = secrets(server.calls[start:])
                start = len(server.calls)
                with writes(telegram) as written:
                    await user.press_data(data, world.pad[actor])
                    await telegram.application.update_persistence()
                calls = server.calls[start:]
                answer = server.callback_answers.get(user.last_callback_id or "")
                problems = _problems(row, actor, calls, answer, allowed)
                if refused(row, actor) and written:
                    problems.append(f"wrote {written}")
                if not refused(row, actor):
                    await user.send("/cancel")  # out of a dialogue the press may have begun
                failures += [f"{data} by {actor}: {problem}" for problem in problems]
    assert not failures, "\n".join(failures)
