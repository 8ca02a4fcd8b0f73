"""Read-side functions for webinar pages, each with a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.ledger.models import CreditEntry

from .models import (
    Attendance,
    RecordingAccess,
    Registration,
    RegistrationStatus,
    Series,
    SessionStatus,
    WebinarSession,
)
from .operations import ACTIVITY_KIND

# Sessions run for hours at most: anything that started this long ago has ended.
LONGEST_SESSION = timedelta(hours=12)
PAST_PER_PAGE = 20


def _details():
    return (joinedload(WebinarSession.series), selectinload(WebinarSession.speakers))


def upcoming_sessions(now: datetime, series: Series | None = None) -> list[WebinarSession]:
    """Sessions that have not ended yet, soonest first."""
    query = (
        select(WebinarSession)
        .where(WebinarSession.starts_at >= now - LONGEST_SESSION)
        .options(*_details())
        .order_by(WebinarSession.starts_at)
        .limit(200)
    )
    if series is not None:
        query = query.where(WebinarSession.series_id == series.id)
    return [s for s in db.session.scalars(query) if s.ends_at > now]


def past_sessions(now: datetime, page: int = 1, series: Series | None = None):
    """Sessions that have ended, latest first, a page at a time."""
    query = (
        select(WebinarSession)
        .where(WebinarSession.starts_at < now)
        .options(*_details())
        .order_by(WebinarSession.starts_at.desc(), WebinarSession.id.desc())
    )
    if series is not None:
        query = query.where(WebinarSession.series_id == series.id)
    return db.paginate(query, page=page, per_page=PAST_PER_PAGE, error_out=False)


def session_by_id(session_id: int) -> WebinarSession | None:
    query = select(WebinarSession).where(WebinarSession.id == session_id).options(*_details())
    return db.session.scalar(query)


def series_by_slug(slug: str) -> Series | None:
    return db.session.scalar(select(Series).where(Series.slug == slug))


def all_series() -> list[Series]:
    return list(db.session.scalars(select(Series).order_by(Series.title)))


@dataclass
class LearnerView:
    """What one learner sees of a session."""

    registration: Registration | None
    attendance: Attendance | None
    credit: CreditEntry | None

    @property
    def is_registered(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status is RegistrationStatus.REGISTERED
        )

    @property
    def is_waitlisted(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status is RegistrationStatus.WAITLISTED
        )


def learner_view(user: User, session: WebinarSession) -> LearnerView | None:
    if not user.is_authenticated:
        return None
    registration = db.session.scalar(
        select(Registration).where(
            Registration.session_id == session.id, Registration.user_id == user.id
        )
    )
    attendance = db.session.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.user_id == user.id)
    )
    credit = db.session.scalar(
        select(CreditEntry).where(
            CreditEntry.user_id == user.id,
            CreditEntry.activity_kind == ACTIVITY_KIND,
            CreditEntry.activity_id == session.id,
        )
    )
    return LearnerView(registration, attendance, credit)


def can_watch_recording(user: User, session: WebinarSession, view: LearnerView | None) -> bool:
    """Apply the recording's access rule."""
    if not session.recording_url:
        return False
    if session.recording_access is RecordingAccess.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if session.recording_access is RecordingAccess.LEARNERS:
        return True
    return (
        view is not None
        and view.registration is not None
        and (view.registration.status is RegistrationStatus.REGISTERED)
    )


def counts(session: WebinarSession) -> dict[RegistrationStatus, int]:
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.session_id == session.id)
        .group_by(Registration.status)
    )
    return {status: count for status, count in rows}


def registrations(session: WebinarSession) -> list[Registration]:
    """Registered and waiting learners, in waiting-list order, with their accounts."""
    query = (
        select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]),
        )
        .options(joinedload(Registration.user))
        .order_by(Registration.status, Registration.queued_at, Registration.id)
    )
    return list(db.session.scalars(query))


def attendance_by_user(session: WebinarSession) -> dict[int, Attendance]:
    rows = db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    return {a.user_id: a for a in rows}


def credited_users(session: WebinarSession) -> set[int]:
    query = select(CreditEntry.user_id).where(
        CreditEntry.activity_kind == ACTIVITY_KIND, CreditEntry.activity_id == session.id
    )
    return set(db.session.scalars(query))


def my_upcoming(user: User, now: datetime, limit: int = 10) -> list[Registration]:
    """The learner's registrations (and waiting-list places) for sessions still to come."""
    query = (
        select(Registration)
        .join(WebinarSession, Registration.session_id == WebinarSession.id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]),
            WebinarSession.starts_at >= now - LONGEST_SESSION,
            WebinarSession.status != SessionStatus.CANCELLED,
        )
        .options(joinedload(Registration.session).joinedload(WebinarSession.series))
        .order_by(WebinarSession.starts_at)
        .limit(limit)
    )
    return [r for r in db.session.scalars(query) if r.session.ends_at > now]
