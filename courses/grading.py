"""Quiz layout and scoring. Pure: no Flask, no database, easy to test and benchmark."""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class InvalidAnswers(ValueError):
    """The submitted answers do not fit the attempt (unknown options, two for one, ...)."""


@dataclass(frozen=True)
class QuestionKey:
    """What grading needs to know of a question: its options and which are correct."""

    id: int
    single: bool  # single choice and true/false take exactly one option
    option_ids: tuple[int, ...]
    correct_ids: frozenset[int]
    shuffle_options: bool = True  # False keeps "True" before "False"


@dataclass(frozen=True)
class Grade:
    score: Decimal  # percent, two decimals
    passed: bool
    correct: dict[int, bool]  # question id -> answered correctly


def build_layout(questions: Sequence[QuestionKey], rng: random.Random) -> list[dict]:
    """Shuffle the questions and each question's options for one attempt."""
    order = list(questions)
    rng.shuffle(order)
    layout = []
    for question in order:
        options = list(question.option_ids)
        if question.shuffle_options:
            rng.shuffle(options)
        layout.append({"question": question.id, "options": options})
    return layout


def check_selections(layout: list[dict], selections: Mapping[int, Sequence[int]], keys) -> None:
    """Raise InvalidAnswers unless every selected option belongs to its question in the layout."""
    allowed = {item["question"]: set(item["options"]) for item in layout}
    single = {key.id: key.single for key in keys}
    for question_id, chosen in selections.items():
        if question_id not in allowed:
            raise InvalidAnswers(f"Question {question_id} is not part of this attempt.")
        if not set(chosen) <= allowed[question_id]:
            raise InvalidAnswers(f"An answer to question {question_id} is not one of its options.")
        if len(set(chosen)) != len(chosen):
            raise InvalidAnswers(f"An option of question {question_id} was sent twice.")
        if single.get(question_id) and len(chosen) > 1:
            raise InvalidAnswers(f"Question {question_id} takes one answer only.")


def grade(
    keys: Sequence[QuestionKey], selections: Mapping[int, Sequence[int]], pass_mark: int
) -> Grade:
    """Score all-or-nothing per question: right when the chosen set equals the correct set."""
    correct = {
        key.id: bool(key.correct_ids) and set(selections.get(key.id, ())) == key.correct_ids
        for key in keys
    }
    if not keys:
        raise InvalidAnswers("This quiz has no questions.")
    score = (Decimal(100) * sum(correct.values()) / len(keys)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Grade(score=score, passed=score >= pass_mark, correct=correct)
