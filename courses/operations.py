"""Every change of state in Tips & Tricks. Operations flush and return; the caller commits."""

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import cache, db
from elearning.text import slugify as text_slugify
from elearning.transactions import on_commit
from elearning.types import utcnow

from . import access
from .models import (
    Module,
    Option,
    Question,
    QuestionKind,
    Revision,
    RevisionState,
    WorkingGroup,
    search_text,
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


# Working groups and modules --------------------------------------------------------------


CREDIT_VALUES_KEY = "courses:credit-values"


CATALOGUE_GENERATION_KEY = "courses:catalogue-generation"


def forget_catalogue_facts() -> None:
    """Drop what the catalogue caches about the listed modules: their credit values, and (by
    starting a new generation their keys name) the counts of searches."""
    cache.delete(CREDIT_VALUES_KEY)
    cache.set(CATALOGUE_GENERATION_KEY, secrets.token_hex(8), timeout=0)


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
    on_commit(forget_catalogue_facts)


def retire(module: Module, user: User) -> None:
    if not access.can_edit(user, module):
        raise NotAllowed("You cannot retire this module.")
    if module.published_revision_id is None:
        raise CourseError("Only a published module can be retired.")
    module.retired_at = module.retired_at or utcnow()
    on_commit(forget_catalogue_facts)


def reinstate(module: Module, user: User) -> None:
    if not access.can_edit(user, module):
        raise NotAllowed("You cannot reinstate this module.")
    module.retired_at = None
    on_commit(forget_catalogue_facts)


REINDEX_BATCH = 1000


def reindex_search() -> tuple[int, int]:
    """Rewrite the search text of every revision whose stored one is stale; return how many
    were rewritten, and of how many.

    The model keeps it on every save; revisions saved by code older than the column (during a
    rolling upgrade, say) can hold an empty or stale one, and the search would not find them.
    The caller commits; cached search counts are forgotten when it does.
    """
    rows = db.session.execute(
        select(
            Revision.id,
            Revision.title,
            Revision.summary,
            Revision.learning_objectives,
            Revision.search_text,
        )
    ).all()
    changed = [
        {"id": row.id, "search_text": text}
        for row in rows
        if (text := search_text(row.title, row.summary, row.learning_objectives)) != row.search_text
    ]
    for start in range(0, len(changed), REINDEX_BATCH):
        db.session.execute(update(Revision), changed[start : start + REINDEX_BATCH])
    if changed:
        on_commit(forget_catalogue_facts)
    return len(changed), len(rows)
