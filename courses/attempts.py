"""Taking a quiz and completing a module: attempts, scoring, the evaluation and the award.
Operations flush and return; the caller commits."""

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.ledger.operations import Award, award_credit, find_entry
from elearning.types import utcnow

from .grading import InvalidAnswers, QuestionKey, build_layout, check_selections, grade
from .models import Answer, Attempt, Evaluation, Module, QuestionKind, Revision
from .operations import ACTIVITY_KIND, CourseError


class AlreadySubmitted(CourseError):
    def __init__(self) -> None:
        super().__init__("This attempt has already been submitted; its result stands.")


class AttemptsExhausted(CourseError):
    pass


class RetakeNotYet(CourseError):
    pass


# Attempts -------------------------------------------------------------------------------


def _keys(revision: Revision) -> list[QuestionKey]:
    return [
        QuestionKey(
            id=q.id,
            single=q.kind is not QuestionKind.MULTIPLE,
            option_ids=tuple(o.id for o in q.options),
            correct_ids=frozenset(o.id for o in q.options if o.is_correct),
            shuffle_options=q.kind is not QuestionKind.TRUE_FALSE,
        )
        for q in revision.questions
    ]


def attempts_of(user: User, revision: Revision) -> list[Attempt]:
    query = (
        select(Attempt)
        .where(Attempt.user_id == user.id, Attempt.revision_id == revision.id)
        .order_by(Attempt.number)
    )
    return list(db.session.scalars(query))


def start_attempt(user: User, module: Module, rng: random.Random | None = None) -> Attempt:
    """Start (or resume) an attempt at the module's published revision."""
    if not module.is_listed:
        raise CourseError("This module is no longer offered, so its quiz cannot be taken.")
    revision = module.published_revision
    if find_entry(user, ACTIVITY_KIND, module.id) is not None:
        raise CourseError("You have already completed this module.")
    attempts = attempts_of(user, revision)
    open_attempt = next((a for a in attempts if not a.is_submitted), None)
    if open_attempt is not None:
        return open_attempt
    if any(a.passed for a in attempts):
        raise CourseError("You have passed this quiz; send the evaluation to complete the module.")
    check_can_retake(revision, attempts)
    attempt = Attempt(
        user_id=user.id,
        revision_id=revision.id,
        number=len(attempts) + 1,
        layout=build_layout(_keys(revision), rng or random.SystemRandom()),
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # A concurrent request started the same attempt number first: resume that one.
        return next(a for a in attempts_of(user, revision) if not a.is_submitted)
    return attempt


def check_can_retake(revision: Revision, attempts: list[Attempt]) -> None:
    """Raise when the attempt limit is reached or the waiting time has not passed."""
    if revision.max_attempts and len(attempts) >= revision.max_attempts:
        raise AttemptsExhausted(f"You have used all {revision.max_attempts} attempts at this quiz.")
    if attempts and revision.retake_wait_minutes:
        ready_at = attempts[-1].submitted_at + timedelta(minutes=revision.retake_wait_minutes)
        if utcnow() < ready_at:
            raise RetakeNotYet(f"You can try again from {ready_at:%d %B %Y, %H:%M} UTC.")


def submit_attempt(attempt: Attempt, selections: dict[int, list[int]]) -> Attempt:
    """Score an attempt once. Answers that do not fit it raise InvalidAnswers, changing nothing."""
    revision = attempt.revision
    keys = _keys(revision)
    check_selections(attempt.layout, selections, keys)
    if attempt.is_submitted:
        raise AlreadySubmitted()
    # Claim the attempt in one statement: of two concurrent submissions, exactly one wins.
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.expire(attempt)
        raise AlreadySubmitted()
    db.session.refresh(attempt, ["submitted_at"])
    result = grade(keys, selections, revision.pass_mark)
    attempt.score, attempt.passed = result.score, result.passed
    attempt.answers = [
        Answer(
            question_id=key.id,
            selected=sorted(selections.get(key.id, [])),
            is_correct=result.correct[key.id],
        )
        for key in keys
    ]
    db.session.flush()
    return attempt


def unanswered(attempt: Attempt, selections: dict[int, list[int]]) -> list[int]:
    """Positions (1-based, as the learner sees them) of the questions left unanswered."""
    return [
        n for n, item in enumerate(attempt.layout, start=1) if not selections.get(item["question"])
    ]


def parse_selections(attempt: Attempt, form: dict[str, list[str]]) -> dict[int, list[int]]:
    """Read the ``q<question id>`` fields into {question id: [option ids]}.

    A page sends each option's position in this attempt's shuffled layout, never its id: ids
    follow the order the author wrote the options in, so they would hint at the answer.
    Positions that fit no option of the attempt raise InvalidAnswers.
    """
    layout = {item["question"]: item["options"] for item in attempt.layout}
    selections: dict[int, list[int]] = {}
    for name, values in form.items():
        if not name.startswith("q"):
            continue
        try:
            question_id = int(name[1:])
            positions = [int(v) for v in values]
        except ValueError:
            raise InvalidAnswers(f"The answer field {name!r} is malformed.") from None
        options = layout.get(question_id)
        if options is None:
            raise InvalidAnswers(f"Question {question_id} is not part of this attempt.")
        if any(not 0 <= p < len(options) for p in positions):
            raise InvalidAnswers(f"An answer to question {question_id} is not one of its options.")
        selections[question_id] = [options[p] for p in positions]
    return selections


# Evaluation and completion --------------------------------------------------------------


def passed_attempt(user: User, module: Module) -> Attempt | None:
    """Return the learner's most recent passed attempt at any revision of the module."""
    query = (
        select(Attempt)
        .join(Revision, Attempt.revision_id == Revision.id)
        .where(
            Revision.module_id == module.id, Attempt.user_id == user.id, Attempt.passed.is_(True)
        )
        .order_by(Attempt.submitted_at.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def submit_evaluation(
    user: User, module: Module, *, relevance: int, quality: int, free_of_bias: bool, comment: str
) -> CreditEntry:
    """Record the evaluation and complete the module: credits land in the ledger once."""
    attempt = passed_attempt(user, module)
    if attempt is None:
        raise CourseError("Pass the quiz before sending the evaluation.")
    revision = attempt.revision
    evaluation = Evaluation(
        user_id=user.id,
        revision_id=revision.id,
        relevance=relevance,
        quality=quality,
        free_of_bias=free_of_bias,
        comment=comment.strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(evaluation)
    except IntegrityError:
        pass  # sent before (a double click): the first evaluation stands
    entry, _ = award_credit(
        user,
        Award(
            kind=ACTIVITY_KIND,
            activity_id=module.id,
            revision=revision.id,
            title=revision.title,
            group_name=module.working_group.name,
            credits=Decimal(revision.credits),
            evidence=f"Quiz passed with {attempt.score}% (attempt {attempt.number}, "
            f"revision {revision.number}, edition {revision.edition})",
        ),
    )
    return entry
