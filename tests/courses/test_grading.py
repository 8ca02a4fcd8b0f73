"""Layout and scoring rules, through the pure grading module."""

import random
from decimal import Decimal

import pytest

from courses.grading import InvalidAnswers, QuestionKey, build_layout, check_selections, grade

KEYS = [
    QuestionKey(1, True, (11, 12, 13), frozenset({11})),
    QuestionKey(2, False, (21, 22, 23), frozenset({21, 22})),
    QuestionKey(3, True, (31, 32), frozenset({32})),
]


def test_layout_keeps_every_question_and_option_in_a_shuffled_order():
    layouts = [build_layout(KEYS, random.Random(seed)) for seed in range(20)]
    for layout in layouts:
        assert sorted(item["question"] for item in layout) == [1, 2, 3]
        for item in layout:
            key = next(k for k in KEYS if k.id == item["question"])
            assert sorted(item["options"]) == sorted(key.option_ids)
    assert len({str(layout) for layout in layouts}) > 1


def test_multiple_response_counts_only_when_the_chosen_set_is_exact():
    assert grade(KEYS, {1: [11], 2: [21, 22], 3: [32]}, 75).score == Decimal("100.00")
    partial = grade(KEYS, {1: [11], 2: [21], 3: [32]}, 75)
    assert partial.correct == {1: True, 2: False, 3: True}
    assert partial.score == Decimal("66.67") and not partial.passed
    assert not grade(KEYS, {1: [11], 2: [21, 22, 23], 3: [32]}, 75).correct[2]


def test_unanswered_questions_are_wrong_and_pass_mark_is_inclusive():
    result = grade(KEYS[:2] + KEYS[:0], {1: [11]}, 50)
    assert result.score == Decimal("50.00") and result.passed


@pytest.mark.parametrize(
    "selections",
    [{9: [11]}, {1: [21]}, {1: [11, 11]}, {1: [11, 12]}],
    ids=["unknown question", "other question's option", "duplicate", "two for single"],
)
def test_selections_that_do_not_fit_the_attempt_are_refused(selections):
    layout = build_layout(KEYS, random.Random(1))
    with pytest.raises(InvalidAnswers):
        check_selections(layout, selections, KEYS)


def test_true_false_options_keep_their_order():
    keys = [QuestionKey(4, True, (41, 42), frozenset({42}), shuffle_options=False)]
    for seed in range(10):
        assert build_layout(keys, random.Random(seed))[0]["options"] == [41, 42]
