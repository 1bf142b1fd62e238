"""The matching rule of consultations: table-driven cases and properties (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import ConfigError, load_settings
from bot.consultations.matching import Candidate, Request, next_batch, rank
from bot.consultations.rules import Rules
from models import Urgency

LEGAL = frozenset({"legal"})
GRANTS = frozenset({"grants"})


def peer(person_id: int, areas: frozenset[str] = LEGAL, **values: object) -> Candidate:
    return Candidate(person_id=person_id, areas=areas, **values)  # type: ignore[arg-type]  # values of several fields' types


CASES = [
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(1), peer(2), peer(3)],
        [2, 3],
        id="never the asker",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(2, available=False), peer(3)],
        [3],
        id="not the unavailable",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(2, reachable=False), peer(3)],
        [3],
        id="not the unreachable",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(2, GRANTS), peer(3)],
        [3],
        id="not mismatched areas",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL, already_offered=frozenset({3})),
        [peer(2), peer(3)],
        [2],
        id="not twice",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL | GRANTS),
        [peer(2, LEGAL), peer(3, LEGAL | GRANTS)],
        [3, 2],
        id="more areas in common first",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL | GRANTS),
        [peer(2, LEGAL), peer(3, LEGAL | GRANTS, open_consultations=5)],
        [3, 2],
        id="expertise before load",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(2, open_consultations=2), peer(3, open_consultations=0)],
        [3, 2],
        id="fewest open consultations",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [
            peer(2, offers_accepted=0, offers_answered=4),
            peer(3, offers_accepted=4, offers_answered=4),
            peer(4),
        ],
        [3, 4, 2],
        id="best response record, newcomers in the middle",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL),
        [peer(2, offers_accepted=5, offers_answered=5, open_consultations=1), peer(3)],
        [3, 2],
        id="load before record",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL, region="KZN"),
        [peer(2, region="MOW"), peer(3, region="KZN"), peer(4)],
        [3, 2, 4],
        id="region breaks ties",
    ),
    pytest.param(
        Request(asker_id=1, areas=LEGAL, region="KZN"),
        [peer(2, region="MOW"), peer(3, region="KZN", open_consultations=1)],
        [2, 3],
        id="region only breaks ties",
    ),
]


@pytest.mark.parametrize(("request_", "candidates", "expected"), CASES)
def test_rank(request_: Request, candidates: list[Candidate], expected: list[int]) -> None:
    assert [candidate.person_id for candidate in rank(request_, candidates)] == expected


def test_batch_is_the_best_few() -> None:
    request = Request(asker_id=1, areas=LEGAL)
    candidates = [peer(n, open_consultations=10 - n) for n in range(2, 10)]
    assert next_batch(request, candidates, 3) == [9, 8, 7]
    assert next_batch(request, candidates[:1], 3) == [2]
    assert next_batch(request, [], 3) == []


AREAS = ["legal", "grants", "children"]

candidates_strategy = st.lists(
    st.builds(
        Candidate,
        person_id=st.integers(1, 30),
        areas=st.frozensets(st.sampled_from(AREAS), min_size=1),
        available=st.booleans(),
        reachable=st.booleans(),
        open_consultations=st.integers(0, 5),
        offers_accepted=st.integers(0, 5),
        offers_answered=st.integers(5, 10),
        region=st.sampled_from([None, "MOW", "KZN"]),
    ),
    unique_by=lambda candidate: candidate.person_id,
)


@settings(max_examples=200, deadline=None)
@given(
    candidates=candidates_strategy,
    asker=st.integers(1, 30),
    areas=st.frozensets(st.sampled_from(AREAS), min_size=1),
    size=st.integers(1, 5),
)
def test_nobody_is_offered_their_own_question(
    candidates: list[Candidate], asker: int, areas: frozenset[str], size: int
) -> None:
    chosen = next_batch(Request(asker_id=asker, areas=areas), candidates, size)
    assert asker not in chosen
    assert len(chosen) == len(set(chosen)) <= size
    by_id = {candidate.person_id: candidate for candidate in candidates}
    assert all(by_id[n].available and by_id[n].reachable for n in chosen)
    assert all(by_id[n].areas & areas for n in chosen)


@settings(max_examples=100, deadline=None)
@given(
    people=st.integers(2, 12),
    askers=st.lists(st.integers(1, 20), min_size=1, max_size=60),
)
def test_load_stays_balanced(people: int, askers: list[int]) -> None:
    """Equal experts who always accept: each question goes to one of the least loaded experts
    who may take it, and when askers are not experts, loads never differ by more than one."""
    load = dict.fromkeys(range(1, people + 1), 0)
    for asker in askers:
        candidates = [peer(n, open_consultations=load[n]) for n in load]
        chosen = next_batch(Request(asker_id=asker, areas=LEGAL), candidates, 3)
        allowed = [count for person, count in load.items() if person != asker]
        assert load[chosen[0]] == min(allowed)
        load[chosen[0]] += 1
    if not set(askers) & set(load):
        assert max(load.values()) - min(load.values()) <= 1


def test_rules_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSULTATIONS_BATCH_SIZE", "5")
    rules = Rules.of(load_settings(_env_file=None))
    assert rules.batch_size == 5
    assert rules.timeout(Urgency.URGENT) == timedelta(hours=1)
    assert rules.timeout(Urgency.NORMAL) == timedelta(hours=24)
    monkeypatch.setenv("CONSULTATIONS_BATCH_SIZE", "0")
    with pytest.raises(ConfigError, match=r"^CONSULTATIONS_BATCH_SIZE: "):
        load_settings(_env_file=None)
