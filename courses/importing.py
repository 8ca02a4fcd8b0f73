"""Bringing question banks in (Moodle XML, GIFT, Aiken) and taking them out again.

Uploads are parsed once to preview them and kept as a pending import; confirming parses the
stored file again and adds every importable question in one transaction.
"""

from datetime import timedelta

from sqlalchemy import delete, select

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import utcnow

from .interchange import (
    ImportedOption,
    ImportedQuestion,
    ParseResult,
    QuizFormatError,
    export_gift,
    export_moodle_xml,
    parse,
)
from .models import PendingImport, QuestionKind, Revision
from .operations import CourseError, OptionInput, add_question

MAX_UPLOAD_BYTES = 1024 * 1024
EXPORTS = {
    "moodle_xml": ("application/xml", "xml"),
    "gift": ("text/plain; charset=utf-8", "gift.txt"),
}


def _check_draft(revision: Revision) -> None:
    if not revision.is_editable:
        raise CourseError("Questions can only be imported into a draft.")


def check_size(content: bytes, limit: int = MAX_UPLOAD_BYTES) -> None:
    if not content:
        raise QuizFormatError("The file is empty.")
    if len(content) > limit:
        raise QuizFormatError(
            f"The file is larger than {limit // 1024} KB; split the question bank."
        )


def stage_import(
    revision: Revision,
    user: User,
    filename: str,
    content: bytes,
    limit: int = MAX_UPLOAD_BYTES,
):
    """Check and keep an upload for preview; raises QuizFormatError for an unreadable file."""
    _check_draft(revision)
    check_size(content, limit)
    result = parse(content, filename)
    if not result.questions and not result.skipped:
        raise QuizFormatError("The file holds no questions.")
    # One pending import per author and quiz; older or abandoned ones go.
    db.session.execute(
        delete(PendingImport).where(
            (PendingImport.user_id == user.id) & (PendingImport.revision_id == revision.id)
            | (PendingImport.created_at < utcnow() - timedelta(days=1))
        )
    )
    pending = PendingImport(
        revision_id=revision.id,
        user_id=user.id,
        filename=filename[:255],
        format=result.format,
        content=content,
    )
    db.session.add(pending)
    db.session.flush()
    return pending, result


def find_pending(revision: Revision, user: User, pending_id: int) -> PendingImport | None:
    query = select(PendingImport).where(
        PendingImport.id == pending_id,
        PendingImport.revision_id == revision.id,
        PendingImport.user_id == user.id,
    )
    return db.session.scalar(query)


def preview(pending: PendingImport) -> ParseResult:
    return parse(pending.content, pending.filename, pending.format)


def add_imported(revision: Revision, result: ParseResult) -> int:
    """Add every importable question of a parsed file to a draft; returns how many."""
    _check_draft(revision)
    for question in result.questions:
        add_question(
            revision,
            kind=QuestionKind(question.kind),
            text=question.text,
            explanation=question.explanation,
            name=question.name,
            category=question.category,
            options=[OptionInput(o.text, o.correct) for o in question.options],
        )
    return len(result.questions)


def confirm_import(pending: PendingImport) -> int:
    revision = db.session.get(Revision, pending.revision_id)
    added = add_imported(revision, preview(pending))
    db.session.delete(pending)
    db.session.flush()
    return added


def cancel_import(pending: PendingImport) -> None:
    db.session.delete(pending)


def exported(revision: Revision) -> list[ImportedQuestion]:
    return [
        ImportedQuestion(
            kind=q.kind.value,
            text=q.text,
            explanation=q.explanation,
            name=q.name,
            category=q.category,
            options=tuple(ImportedOption(o.text, o.is_correct) for o in q.options),
        )
        for q in revision.questions
    ]


def export_quiz(revision: Revision, fmt: str, category: str = "") -> bytes:
    """The revision's questions in ``fmt`` ("moodle_xml" or "gift")."""
    if fmt not in EXPORTS:
        raise CourseError(f"Unknown export format {fmt!r}; use moodle_xml or gift.")
    questions = exported(revision)
    if fmt == "moodle_xml":
        return export_moodle_xml(questions, category)
    return export_gift(questions, category).encode("utf-8")
