"""Read-side functions for Tips & Tricks pages, each with a fixed number of queries."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, case, distinct, func, select
from sqlalchemy.orm import joinedload, selectinload

from elearning.accounts.models import User
from elearning.extensions import cache, db
from elearning.ledger.models import CreditEntry
from elearning.pagination import paginate
from elearning.text import like_pattern

from . import access
from .attempts import attempts_of, passed_attempt
from .models import (
    Answer,
    Attempt,
    Audience,
    Evaluation,
    Module,
    Question,
    Revision,
    RevisionState,
    WorkingGroup,
)
from .operations import ACTIVITY_KIND, CATALOGUE_GENERATION_KEY, CREDIT_VALUES_KEY

PER_PAGE = 12


def working_groups() -> list[WorkingGroup]:
    return list(db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)))


def credit_values() -> list[Decimal]:
    """The distinct credit values of listed modules, for the catalogue's filter.

    Finding them reads every listed module, so they are cached (shared by all instances when
    the cache is Redis) and forgotten whenever a module is published, retired or reinstated.
    """
    values = cache.get(CREDIT_VALUES_KEY)
    if values is None:
        query = (
            select(distinct(Revision.credits))
            .join(Module, Module.published_revision_id == Revision.id)
            .where(Module.retired_at.is_(None))
            .order_by(Revision.credits)
        )
        values = [str(value) for value in db.session.scalars(query)]
        # Five minutes at most: without a shared cache, other processes miss the forgetting.
        cache.set(CREDIT_VALUES_KEY, values, timeout=300)
    return [Decimal(value) for value in values]


def _catalogue_query(search, group_id, audience, credits) -> Select:
    query = (
        select(Module)
        .join(Revision, Module.published_revision_id == Revision.id)
        .where(Module.retired_at.is_(None))
        .options(joinedload(Module.published_revision), joinedload(Module.working_group))
        .order_by(Revision.publication_date.desc(), Revision.id.desc())
    )
    if search:
        pattern = like_pattern(search)
        query = query.where(Revision.search_text.like(pattern, escape="\\"))
    if group_id:
        query = query.where(Module.working_group_id == group_id)
    if audience:
        query = query.where(Revision.audience == audience)
    if credits is not None:
        query = query.where(Revision.credits == credits)
    return query


def catalogue(
    *,
    search: str = "",
    group_id: int | None = None,
    audience: Audience | None = None,
    credits: Decimal | None = None,
    page: int = 1,
):
    """One page of listed modules, newest first, with their published revision and group.

    A search's count reads every match (a trigram bitmap on PostgreSQL), so it is cached for
    five minutes per filter and catalogue generation (a new one with every publication).
    """
    search = search.strip()
    query = _catalogue_query(search, group_id, audience, credits)
    generation = cache.get(CATALOGUE_GENERATION_KEY) or "0"
    filters = repr((search.lower(), group_id, audience, credits and str(credits)))
    digest = hashlib.sha256(filters.encode()).hexdigest()[:24]
    count_key = f"courses:catalogue-count:{generation}:{digest}"
    return paginate(query, page=page, per_page=PER_PAGE, count_key=count_key)


def module_by_slug(slug: str) -> Module | None:
    query = (
        select(Module)
        .where(Module.slug == slug)
        .options(joinedload(Module.published_revision), joinedload(Module.working_group))
    )
    return db.session.scalar(query)


def revision_with_quiz(revision_id: int) -> Revision | None:
    query = (
        select(Revision)
        .where(Revision.id == revision_id)
        .options(selectinload(Revision.questions).selectinload(Question.options))
    )
    return db.session.scalar(query)


@dataclass
class LearnerStatus:
    """Where a learner stands with a module."""

    attempts: list[Attempt]
    open_attempt: Attempt | None
    passed: Attempt | None
    completed: CreditEntry | None
    attempts_left: int | None  # None: unlimited

    @property
    def needs_evaluation(self) -> bool:
        return self.passed is not None and self.completed is None


def learner_status(user: User, module: Module) -> LearnerStatus | None:
    if not user.is_authenticated:
        return None
    revision = module.published_revision
    attempts = attempts_of(user, revision) if revision else []
    completed = db.session.scalar(
        select(CreditEntry).where(
            CreditEntry.user_id == user.id,
            CreditEntry.activity_kind == ACTIVITY_KIND,
            CreditEntry.activity_id == module.id,
        )
    )
    left = None
    if revision and revision.max_attempts:
        left = max(revision.max_attempts - len(attempts), 0)
    return LearnerStatus(
        attempts=attempts,
        open_attempt=next((a for a in attempts if not a.is_submitted), None),
        passed=passed_attempt(user, module),
        completed=completed,
        attempts_left=left,
    )


def reveals_answers(attempt: Attempt, revision: Revision, status: LearnerStatus) -> bool:
    """Show the correct options once the learner passed or has no attempt left, or always
    when the quiz says so; until then a failed attempt shows only which questions were wrong.
    Never while another attempt is open: its answers would be on this page."""
    if status.open_attempt is not None and status.open_attempt.revision_id == revision.id:
        return False
    if attempt.passed or revision.reveal_answers_on_fail:
        return True
    submitted = [a for a in status.attempts if a.revision_id == revision.id and a.is_submitted]
    return bool(revision.max_attempts) and len(submitted) >= revision.max_attempts


def authored_modules(user: User, *, all_modules: bool) -> list[tuple[Module, Revision]]:
    """Modules an author owns (or all, for admins), each with its latest revision."""
    latest = (
        select(Revision.module_id, func.max(Revision.number).label("number"))
        .group_by(Revision.module_id)
        .subquery()
    )
    query = (
        select(Module, Revision)
        .join(latest, latest.c.module_id == Module.id)
        .join(Revision, (Revision.module_id == Module.id) & (Revision.number == latest.c.number))
        .options(joinedload(Module.working_group), joinedload(Module.owner))
        .order_by(Revision.updated_at.desc())
    )
    if not all_modules:
        query = query.where(Module.owner_id == user.id)
    return list(db.session.execute(query).tuples())


def review_queue(user: User) -> list[Revision]:
    """Revisions waiting for review that this user may publish."""
    query = (
        select(Revision)
        .where(Revision.state == RevisionState.IN_REVIEW)
        .options(joinedload(Revision.module).joinedload(Module.working_group))
        .order_by(Revision.submitted_at)
    )
    return [r for r in db.session.scalars(query) if access.can_review(user, r)]


@dataclass
class QuestionStats:
    question: Question
    answered: int
    correct: int

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass
class ModuleStats:
    attempts: int
    passed: int
    average_score: Decimal | None
    questions: list[QuestionStats]
    evaluations: int
    relevance: float | None
    quality: float | None
    bias_free_share: float | None
    comments: list[Evaluation]

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def revision_stats(revision: Revision) -> ModuleStats:
    """Attempts, pass rate, per-question difficulty and evaluation averages of a revision."""
    submitted = Attempt.submitted_at.is_not(None)
    attempts, passed, average = db.session.execute(
        select(
            func.count(Attempt.id),
            func.coalesce(func.sum(case((Attempt.passed.is_(True), 1), else_=0)), 0),
            func.avg(Attempt.score),
        ).where(Attempt.revision_id == revision.id, submitted)
    ).one()
    per_question = dict(
        (qid, (answered, correct))
        for qid, answered, correct in db.session.execute(
            select(
                Answer.question_id,
                func.count(Answer.id),
                func.coalesce(func.sum(case((Answer.is_correct.is_(True), 1), else_=0)), 0),
            )
            .join(Attempt, Answer.attempt_id == Attempt.id)
            .where(Attempt.revision_id == revision.id)
            .group_by(Answer.question_id)
        )
    )
    questions = [QuestionStats(q, *per_question.get(q.id, (0, 0))) for q in revision.questions]
    count, relevance, quality, bias_free = db.session.execute(
        select(
            func.count(Evaluation.id),
            func.avg(Evaluation.relevance),
            func.avg(Evaluation.quality),
            func.avg(case((Evaluation.free_of_bias.is_(True), 1.0), else_=0.0)),
        ).where(Evaluation.revision_id == revision.id)
    ).one()
    comments = list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.revision_id == revision.id, Evaluation.comment != "")
            .order_by(Evaluation.created_at.desc())
            .limit(200)
        )
    )
    return ModuleStats(
        attempts=attempts,
        passed=passed,
        average_score=Decimal(average).quantize(Decimal("0.1")) if average is not None else None,
        questions=questions,
        evaluations=count,
        relevance=float(relevance) if relevance is not None else None,
        quality=float(quality) if quality is not None else None,
        bias_free_share=float(bias_free) if bias_free is not None else None,
        comments=comments,
    )


def modules_in_progress(user: User, limit: int = 10) -> list[tuple[Module, Revision]]:
    """Modules whose quiz the learner started but has not completed, latest first."""
    started = (
        select(Revision.module_id, func.max(Attempt.started_at).label("last"))
        .join(Attempt, Attempt.revision_id == Revision.id)
        .where(Attempt.user_id == user.id)
        .group_by(Revision.module_id)
        .subquery()
    )
    completed = select(CreditEntry.activity_id).where(
        CreditEntry.user_id == user.id, CreditEntry.activity_kind == ACTIVITY_KIND
    )
    query = (
        select(Module, Revision)
        .join(started, started.c.module_id == Module.id)
        .join(Revision, Module.published_revision_id == Revision.id)
        .where(Module.id.not_in(completed))
        .order_by(started.c.last.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).tuples())


def dashboard_in_progress(user: User) -> dict:
    return {"items": modules_in_progress(user)}
