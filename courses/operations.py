"""Every change of state in Tips & Tricks. Operations flush and return; the caller commits."""

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.ledger.operations import Award, award_credit, find_entry
from elearning.text import slugify as text_slugify
from elearning.types import utcnow

from . import access
from .grading import InvalidAnswers, QuestionKey, build_layout, check_selections, grade
from .models import (
    Answer,
    Attempt,
    Evaluation,
    Module,
    Option,
    Question,
    QuestionKind,
    Revision,
    RevisionState,
    WorkingGroup,
)

ACTIVITY_KIND = "module"

# The content fields of a revision, copied into a new draft and set by the editing form.
CONTENT_FIELDS = (
    "title",
    "edition",
    "audience",
    "summary",
    "body",
    "learning_objectives",
    "estimated_minutes",
    "credits",
    "authors",
    "references",
    "pass_mark",
    "max_attempts",
    "reveal_answers_on_fail",
    "retake_wait_minutes",
)


class CourseError(Exception):
    """A request about a module or quiz that cannot be carried out; the message is for users."""


class NotAllowed(CourseError):
    """The user may not do this (the view answers 403)."""


class AlreadySubmitted(CourseError):
    def __init__(self) -> None:
        super().__init__("This attempt has already been submitted; its result stands.")


class AttemptsExhausted(CourseError):
    pass


class RetakeNotYet(CourseError):
    pass


# Working groups and modules --------------------------------------------------------------


def slugify(text: str) -> str:
    return text_slugify(text, fallback="module")


def create_working_group(name: str) -> WorkingGroup:
    name = re.sub(r"\s+", " ", name).strip()
    if not name:
        raise CourseError("Enter the working group's name.")
    group = WorkingGroup(name=name, slug=slugify(name))
    try:
        with db.session.begin_nested():
            db.session.add(group)
    except IntegrityError:
        raise CourseError(f"A working group named {name!r} already exists.") from None
    return group


def _unique_slug(base: str, module: Module | None = None) -> str:
    slug, n = base, 2
    while True:
        query = select(Module.id).where(Module.slug == slug)
        if module is not None and module.id is not None:
            query = query.where(Module.id != module.id)
        if db.session.scalar(query) is None:
            return slug
        slug, n = f"{base[:75]}-{n}", n + 1


def create_module(owner: User, working_group: WorkingGroup, **content) -> Module:
    """Create a module with its first draft revision."""
    module = Module(
        slug=_unique_slug(slugify(content.get("title", ""))),
        working_group=working_group,
        owner=owner,
    )
    revision = Revision(module=module, number=1, created_by=owner, **_content(content))
    db.session.add_all([module, revision])
    db.session.flush()
    return module


def _content(values: dict) -> dict:
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not revision content: {sorted(unknown)}")
    return values


def working_revision(module: Module) -> Revision | None:
    """Return the revision being drafted or reviewed, if any."""
    query = select(Revision).where(
        Revision.module_id == module.id,
        Revision.state.in_([RevisionState.DRAFT, RevisionState.IN_REVIEW]),
    )
    return db.session.scalar(query)


def update_revision(revision: Revision, *, working_group: WorkingGroup | None = None, **content):
    """Change a draft's content; a published revision is frozen."""
    if not revision.is_editable:
        raise CourseError("Only a draft can be edited. Return it to draft or start a new revision.")
    for name, value in _content(content).items():
        setattr(revision, name, value)
    module = revision.module
    if working_group is not None:
        module.working_group = working_group
    if module.published_revision_id is None and "title" in content:
        module.slug = _unique_slug(slugify(revision.title), module)


def start_new_revision(module: Module, user: User) -> Revision:
    """Copy the published revision, questions included, into a new draft."""
    if not access.can_edit(user, module):
        raise NotAllowed("You cannot edit this module.")
    if working_revision(module) is not None:
        raise CourseError("This module already has a revision in progress.")
    source = module.published_revision
    if source is None:
        raise CourseError("The module has no published revision to start from.")
    number = db.session.scalar(
        select(func.max(Revision.number)).where(Revision.module_id == module.id)
    )
    questions = list(source.questions)  # loaded before the new revision joins the session
    revision = Revision(
        module=module,
        number=number + 1,
        created_by=user,
        **{name: getattr(source, name) for name in CONTENT_FIELDS},
    )
    db.session.add(revision)
    for question in questions:
        revision.questions.append(
            Question(
                position=question.position,
                kind=question.kind,
                text=question.text,
                explanation=question.explanation,
                name=question.name,
                category=question.category,
                options=[
                    Option(position=o.position, text=o.text, is_correct=o.is_correct)
                    for o in question.options
                ],
            )
        )
    db.session.flush()
    return revision


# Questions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionInput:
    text: str
    correct: bool


def validate_question(kind: QuestionKind, text: str, options: list[OptionInput]) -> None:
    """Raise CourseError when a question could not be answered correctly or unambiguously."""
    if not text.strip():
        raise CourseError("Enter the question.")
    if len(options) < 2:
        raise CourseError("A question needs at least two options.")
    correct = sum(o.correct for o in options)
    if correct == 0:
        raise CourseError("Mark at least one option as correct.")
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
        raise CourseError("A single-choice or true/false question has exactly one correct option.")
    if kind is QuestionKind.TRUE_FALSE and len(options) != 2:
        raise CourseError("A true/false question has exactly two options.")
    texts = [o.text.strip().casefold() for o in options]
    if len(set(texts)) != len(texts):
        raise CourseError("Two options have the same text.")


def add_question(
    revision: Revision,
    *,
    kind: QuestionKind,
    text: str,
    explanation: str,
    options: list[OptionInput],
    name: str = "",
    category: str = "",
) -> Question:
    if not revision.is_editable:
        raise CourseError("Questions can only be added to a draft.")
    validate_question(kind, text, options)
    position = max((q.position for q in revision.questions), default=0) + 1
    question = Question(
        position=position,
        kind=kind,
        text=text.strip(),
        explanation=explanation,
        name=name[:200],
        category=category[:300],
    )
    question.options = _options(options)
    revision.questions.append(question)
    db.session.flush()
    return question


def update_question(
    question: Question,
    *,
    kind: QuestionKind,
    text: str,
    explanation: str,
    options: list[OptionInput],
) -> None:
    if not question.revision.is_editable:
        raise CourseError("Questions can only be changed in a draft.")
    validate_question(kind, text, options)
    question.kind, question.text, question.explanation = kind, text.strip(), explanation
    question.options = _options(options)


def _options(options: list[OptionInput]) -> list[Option]:
    return [
        Option(position=n, text=o.text.strip(), is_correct=o.correct)
        for n, o in enumerate(options, start=1)
    ]


def delete_question(question: Question) -> None:
    if not question.revision.is_editable:
        raise CourseError("Questions can only be removed from a draft.")
    question.revision.questions.remove(question)


def move_question(question: Question, offset: int) -> None:
    """Swap a question with its neighbour above (-1) or below (+1)."""
    if not question.revision.is_editable:
        raise CourseError("Questions can only be reordered in a draft.")
    questions = question.revision.questions
    index = questions.index(question)
    other = index + offset
    if 0 <= other < len(questions):
        a, b = questions[index], questions[other]
        a.position, b.position = b.position, a.position
        questions.sort(key=lambda q: q.position)


# Workflow -------------------------------------------------------------------------------


def submit_for_review(revision: Revision, user: User) -> None:
    if not access.can_edit(user, revision.module):
        raise NotAllowed("You cannot submit this module.")
    if revision.state is not RevisionState.DRAFT:
        raise CourseError("Only a draft can be submitted for review.")
    problems = readiness_problems(revision)
    if problems:
        raise CourseError("Not ready for review: " + " ".join(problems))
    revision.state = RevisionState.IN_REVIEW
    revision.submitted_at = utcnow()
    revision.submitted_by_id = user.id


def readiness_problems(revision: Revision) -> list[str]:
    """Say what a draft lacks before it can be reviewed."""
    problems = []
    if not revision.title.strip():
        problems.append("It needs a title.")
    if not revision.summary.strip():
        problems.append("It needs a summary.")
    if not revision.body.strip():
        problems.append("It needs a body.")
    if not revision.objectives:
        problems.append("It needs learning objectives.")
    if not revision.questions:
        problems.append("Its quiz needs at least one question.")
    return problems


def return_to_draft(revision: Revision, user: User) -> None:
    """Withdraw a revision from review (its author) or send it back (a reviewer)."""
    if not (access.can_edit(user, revision.module) or access.can_review(user, revision)):
        raise NotAllowed("You cannot change this module's review state.")
    if revision.state is not RevisionState.IN_REVIEW:
        raise CourseError("Only a revision in review can be returned to draft.")
    revision.state = RevisionState.DRAFT


def publish(revision: Revision, reviewer: User) -> None:
    """Publish a reviewed revision: it is frozen, and the one before it is superseded."""
    if not access.can_review(reviewer, revision):
        raise NotAllowed("An administrator or another author must publish this revision.")
    if revision.state is not RevisionState.IN_REVIEW:
        raise CourseError("Only a revision in review can be published.")
    module = revision.module
    if module.published_revision is not None:
        module.published_revision.state = RevisionState.SUPERSEDED
    now = utcnow()
    revision.state = RevisionState.PUBLISHED
    revision.published_at = now
    revision.published_by_id = reviewer.id
    revision.publication_date = now.date()
    module.published_revision = revision
    db.session.flush()


def retire(module: Module, user: User) -> None:
    if not access.can_edit(user, module):
        raise NotAllowed("You cannot retire this module.")
    if module.published_revision_id is None:
        raise CourseError("Only a published module can be retired.")
    module.retired_at = module.retired_at or utcnow()


def reinstate(module: Module, user: User) -> None:
    if not access.can_edit(user, module):
        raise NotAllowed("You cannot reinstate this module.")
    module.retired_at = None


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
