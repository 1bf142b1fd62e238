"""The rules of consensus as pure functions: quorum, threshold, blocks, reasons, extension."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.core.errors import Refused
from bot.decisions.rules import (
    DeadlineStep,
    Rules,
    Tally,
    at_deadline,
    check_stance,
    verdict,
)
from models import ProposalState, StanceKind

A, AB, D, B = StanceKind.AGREE, StanceKind.ABSTAIN, StanceKind.DISAGREE, StanceKind.BLOCK


def test_tally_counts_and_quorum() -> None:
    tally = Tally.of([A, A, AB, D], body_size=8)
    assert (tally.agree, tally.abstain, tally.disagree, tally.block) == (2, 1, 1, 0)
    assert tally.total == 4
    assert tally.quorum_needed(Rules()) == 4
    assert tally.has_quorum(Rules())
    assert not Tally.of([A, A, A], body_size=8).has_quorum(Rules())
    assert Tally.of([A], body_size=1).has_quorum(Rules())
    assert Tally.of([A, A], body_size=3).quorum_needed(Rules()) == 2  # 50% of 3 rounds up
    assert not Tally.of([], body_size=0).has_quorum(Rules())


@pytest.mark.parametrize(
    ("stances", "body", "rules", "expected"),
    [
        ([A, A, D], 4, Rules(), ProposalState.ACCEPTED),  # 2/3 exactly
        ([A, D, D], 4, Rules(), ProposalState.REJECTED),
        ([A, A, AB], 6, Rules(), ProposalState.ACCEPTED),
        ([A, AB, AB], 6, Rules(), ProposalState.REJECTED),  # abstentions count as stances
        ([A, A, A, B], 4, Rules(), ProposalState.BLOCKED),  # one block stops consensus
        ([A, A], 10, Rules(), ProposalState.NO_QUORUM),
        ([A, D], 2, Rules(threshold=Fraction(1, 2)), ProposalState.ACCEPTED),
        ([A, A, A, D], 4, Rules(threshold=Fraction(4, 5)), ProposalState.REJECTED),
        ([A, A], 10, Rules(quorum=Fraction(1, 5)), ProposalState.ACCEPTED),
    ],
)
def test_verdict(
    stances: list[StanceKind], body: int, rules: Rules, expected: ProposalState
) -> None:
    assert verdict(Tally.of(stances, body), rules) is expected


def test_deadline_extends_once_without_quorum() -> None:
    few = Tally.of([A], body_size=10)
    assert at_deadline(few, Rules(), extended=False) is DeadlineStep.EXTEND
    assert at_deadline(few, Rules(), extended=True) is DeadlineStep.CLOSE
    enough = Tally.of([A] * 5, body_size=10)
    assert at_deadline(enough, Rules(), extended=False) is DeadlineStep.CLOSE


def test_reasons() -> None:
    assert check_stance(A, "ignored") is None
    assert check_stance(D, "  too costly ") == "too costly"
    with pytest.raises(Refused):
        check_stance(B, None)
    with pytest.raises(Refused):
        check_stance(B, "  ")
    with pytest.raises(Refused):
        check_stance(D, "no")
