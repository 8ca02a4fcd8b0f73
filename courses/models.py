"""Working groups, modules and their revisions, quizzes, attempts and evaluations.

A module is the lasting identity (slug, working group, owner). Its content lives in revisions:
publishing freezes a revision, and later edits happen in a new draft revision, so attempts,
evaluations and credit entries keep pointing at exactly what the learner took.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import UTCDateTime, utcnow, value_enum


class Audience(enum.StrEnum):
    PROFESSIONALS = "professionals"
    PATIENTS = "patients"

    @property
    def label(self) -> str:
        return "Professionals" if self is Audience.PROFESSIONALS else "Patients and carers"


class RevisionState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"

    @property
    def label(self) -> str:
        return {
            "single": "Single choice",
            "multiple": "Multiple response",
            "true_false": "True or false",
        }[self.value]


class WorkingGroup(db.Model):
    __tablename__ = "working_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)


class Module(db.Model):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The revision learners see; None until the first publication.
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revisions.id", use_alter=True), index=True
    )
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    working_group: Mapped[WorkingGroup] = relationship()
    owner: Mapped[User] = relationship()
    published_revision: Mapped["Revision | None"] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )
    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="module", foreign_keys="Revision.module_id", order_by="Revision.number"
    )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_listed(self) -> bool:
        return self.published_revision_id is not None and not self.is_retired


class Revision(db.Model):
    __tablename__ = "module_revisions"
    __table_args__ = (
        UniqueConstraint("module_id", "number", name="uq_module_revisions_number"),
        # At most one revision of a module is being worked on (draft or in review).
        Index(
            "uq_module_revisions_working",
            "module_id",
            unique=True,
            sqlite_where=text("state IN ('draft', 'in_review')"),
            postgresql_where=text("state IN ('draft', 'in_review')"),
        ),
        # The catalogue walks this index newest first and stops after a page.
        Index("ix_module_revisions_publication", "publication_date", "id"),
        CheckConstraint("pass_mark BETWEEN 1 AND 100", name="pass_mark_range"),
        CheckConstraint("max_attempts >= 0", name="max_attempts_positive"),
        CheckConstraint("credits >= 0", name="credits_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    number: Mapped[int]
    state: Mapped[RevisionState] = mapped_column(
        value_enum(RevisionState, "revision_state"), default=RevisionState.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    edition: Mapped[int] = mapped_column(default=1)
    audience: Mapped[Audience] = mapped_column(
        value_enum(Audience, "audience"), default=Audience.PROFESSIONALS
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    learning_objectives: Mapped[str] = mapped_column(Text, default="")
    # Title, summary and objectives, lower-cased: what the catalogue's search reads (one LIKE on
    # one column instead of three lower() calls a row; a trigram index on PostgreSQL).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    estimated_minutes: Mapped[int] = mapped_column(default=15)
    credits: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.5"))
    authors: Mapped[str] = mapped_column(String(300), default="")
    references: Mapped[str] = mapped_column(Text, default="")
    # Quiz settings.
    pass_mark: Mapped[int] = mapped_column(default=75)
    max_attempts: Mapped[int] = mapped_column(default=3)  # 0: unlimited
    reveal_answers_on_fail: Mapped[bool] = mapped_column(default=False)
    retake_wait_minutes: Mapped[int] = mapped_column(default=0)
    # Workflow.
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    publication_date: Mapped[date | None]

    module: Mapped[Module] = relationship(back_populates="revisions", foreign_keys=[module_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    questions: Mapped[list["Question"]] = relationship(
        back_populates="revision", order_by="Question.position", cascade="all, delete-orphan"
    )

    @property
    def is_editable(self) -> bool:
        return self.state is RevisionState.DRAFT

    @property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    @property
    def reference_list(self) -> list[str]:
        return [line.strip() for line in self.references.splitlines() if line.strip()]


def search_text(title: str, summary: str, objectives: str) -> str:
    return "\n".join([title or "", summary or "", objectives or ""]).lower()


@event.listens_for(Revision, "before_insert")
@event.listens_for(Revision, "before_update")
def _keep_search_text(mapper, connection, revision: Revision) -> None:
    revision.search_text = search_text(
        revision.title, revision.summary, revision.learning_objectives
    )


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revisions.id"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(value_enum(QuestionKind, "question_kind"))
    text: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # Kept from imported question banks (Moodle's name and category), and written back on export.
    name: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(300), default="")

    revision: Mapped[Revision] = relationship(back_populates="questions")
    options: Mapped[list["Option"]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def correct_ids(self) -> set[int]:
        return {o.id for o in self.options if o.is_correct}


class Option(db.Model):
    __tablename__ = "options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(back_populates="options")


class PendingImport(db.Model):
    """An uploaded question file waiting for its author to confirm the previewed import."""

    __tablename__ = "quiz_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revisions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(db.Model):
    """One try at a revision's quiz. Its questions and their order are fixed when it starts."""

    __tablename__ = "attempts"
    __table_args__ = (
        # Two concurrent starts cannot both become attempt number n.
        UniqueConstraint("user_id", "revision_id", "number", name="uq_attempts_number"),
        Index("ix_attempts_revision_submitted", "revision_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revisions.id"))
    number: Mapped[int]
    # [{"question": id, "options": [id, ...]}, ...] in the order shown to this learner.
    layout: Mapped[list] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool | None]

    user: Mapped[User] = relationship()
    revision: Mapped[Revision] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_answers_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    selected: Mapped[list] = mapped_column(JSON)  # option ids
    is_correct: Mapped[bool]

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class Evaluation(db.Model):
    """The learner's evaluation of a module, as CME accreditation asks."""

    __tablename__ = "evaluations"
    __table_args__ = (
        UniqueConstraint("user_id", "revision_id", name="uq_evaluations_user"),
        CheckConstraint("relevance BETWEEN 1 AND 5", name="relevance_range"),
        CheckConstraint("quality BETWEEN 1 AND 5", name="quality_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revisions.id"), index=True)
    relevance: Mapped[int]
    quality: Mapped[int]
    free_of_bias: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
