"""The workflow's rules by themselves, without a database: the map, the public steps, the
findings."""

import pytest

from discussions.suggestions.workflow import (
    ANSWERED_STATUSES,
    AWAITING_REPLY,
    PUBLIC_STEPS,
    TRANSITIONS,
    Findings,
    allowed_transitions,
)
from discussions.suggestions.workflow import SuggestionStatus as S


def test_every_status_has_its_moves_and_its_public_step():
    assert set(TRANSITIONS) == set(S.values) == set(PUBLIC_STEPS)
    for targets in TRANSITIONS.values():
        assert set(targets) <= set(S.values)


def test_every_case_can_reach_an_end_and_the_ends_go_nowhere():
    ends = {status for status, targets in TRANSITIONS.items() if not targets}
    assert ends == {S.REJECTED, S.CLOSED}
    for status in S.values:
        seen, todo = set(), [status]
        while todo:
            current = todo.pop()
            seen.add(current)
            todo.extend(target for target in TRANSITIONS[current] if target not in seen)
        assert seen & ends, status


def test_allowed_transitions_follow_the_map_and_know_no_other_status():
    for status, targets in TRANSITIONS.items():
        assert allowed_transitions(status) == targets
    assert allowed_transitions("unknown") == ()


def test_answered_and_awaiting_reply_do_not_overlap():
    assert not set(ANSWERED_STATUSES) & set(AWAITING_REPLY)
    assert S.SUBMITTED not in ANSWERED_STATUSES + AWAITING_REPLY


@pytest.mark.parametrize(
    "findings, complete",
    [
        (Findings("查清", "解决", "落实"), True),
        (Findings("查清", "解决", ""), False),
        (Findings("查清", " ", "落实"), False),
        (Findings(), False),
    ],
)
def test_findings_are_complete_only_with_all_three(findings, complete):
    assert findings.complete is complete
