"""Attendance: minutes recorded by hand or imported from an attendee report, and the credits
that qualifying attendance earns. Operations flush and return; the caller commits."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.ledger.operations import Award, award_credit
from elearning.types import utcnow

from .attendance_csv import parse_report
from .models import Attendance, WebinarSession
from .operations import ACTIVITY_KIND, WebinarError


def qualifies(session: WebinarSession, minutes: int) -> bool:
    return minutes * 100 >= session.attendance_threshold * session.duration_minutes


def record_attendance(
    session: WebinarSession, user: User, minutes: int, source: str
) -> tuple[Attendance, CreditEntry | None]:
    """Store minutes attended (the larger figure wins) and award credit once if they qualify."""
    if minutes < 0:
        raise WebinarError("Minutes attended cannot be negative.")
    if session.is_cancelled:
        raise WebinarError("Attendance cannot be recorded for a cancelled session.")
    if session.starts_at > utcnow():
        raise WebinarError("Attendance can only be recorded once the session has started.")
    minutes = min(minutes, session.duration_minutes * 2)
    attendance = db.session.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.user_id == user.id)
    )
    if attendance is None:
        attendance = Attendance(
            session_id=session.id, user_id=user.id, minutes=minutes, source=source
        )
        db.session.add(attendance)
    elif minutes > attendance.minutes:
        attendance.minutes, attendance.source = minutes, source
    db.session.flush()
    entry = None
    if qualifies(session, attendance.minutes):
        entry, _ = award_credit(
            user,
            Award(
                kind=ACTIVITY_KIND,
                activity_id=session.id,
                revision=session.sequence,
                title=session.title,
                group_name=session.series.title,
                credits=Decimal(session.credits),
                evidence=f"Attended {attendance.minutes} of {session.duration_minutes} minutes "
                f"live ({source})",
            ),
        )
    return attendance, entry


@dataclass
class ImportResult:
    """What an attendee-report import did, row by row where something was off."""

    recorded: list[tuple[str, int, bool]] = field(default_factory=list)  # email, minutes, credit
    unmatched: list[tuple[str, str, int]] = field(default_factory=list)  # email, name, minutes
    malformed: list[tuple[int, str]] = field(default_factory=list)  # line, reason
    rows: int = 0


def import_attendance(session: WebinarSession, content: bytes) -> ImportResult:
    """Record attendance from a Zoom or BigBlueButton report; importing twice changes nothing.

    Raises AttendanceFileError for a file that is not a report, before anything is written.
    """
    report = parse_report(content)
    result = ImportResult(malformed=report.malformed, rows=report.rows)
    users = {
        u.email: u
        for u in db.session.scalars(select(User).where(User.email.in_(list(report.attendees))))
    }
    for email in sorted(report.attendees):
        minutes = report.attendees[email]
        user = users.get(email)
        if user is None:
            result.unmatched.append((email, report.names.get(email, ""), minutes))
            continue
        attendance, entry = record_attendance(session, user, minutes, "import")
        result.recorded.append((email, attendance.minutes, entry is not None))
    return result
