"""Every change of state in webinars. Operations flush and return; the caller commits."""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.text import slugify
from elearning.types import utcnow

from .models import (
    CalendarToken,
    Registration,
    RegistrationStatus,
    Series,
    SessionStatus,
    Speaker,
    WebinarSession,
)

ACTIVITY_KIND = "webinar"
_SPEAKER_SEPARATOR = re.compile(r"\s+[—–|-]\s+|\s*\|\s*")


class WebinarError(Exception):
    """A request about a webinar that cannot be carried out; the message is for users."""


class NonexistentTime(WebinarError):
    """A wall-clock time the zone skips (the night the clocks go forward)."""


# Time zones -------------------------------------------------------------------------------


def check_timezone(name: str) -> ZoneInfo:
    if name not in available_timezones():
        raise WebinarError(f"{name!r} is not a known time zone; choose one from the list.")
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise WebinarError(f"{name!r} is not a known time zone.") from None


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """Turn a wall-clock time in a zone into UTC; refuse a time that the zone skips.

    On the night clocks go forward, 02:30 does not exist in Europe; on the night they go back
    it happens twice, and the first (summer time) occurrence is taken.
    """
    zone = check_timezone(zone_name)
    aware = local.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(ZoneInfo("UTC"))
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(
            f"{local:%H:%M} does not exist on {local:%d %B %Y} in {zone_name}: the clocks "
            "change that night. Choose another time."
        )
    return utc


# Series and sessions ----------------------------------------------------------------------


def create_series(user: User, *, title: str, description: str, organising_group: str) -> Series:
    title = title.strip()
    if not title:
        raise WebinarError("Enter the series title.")
    slug, n = slugify(title, fallback="series"), 2
    base = slug
    while db.session.scalar(select(Series.id).where(Series.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    series = Series(
        slug=slug,
        title=title,
        description=description.strip(),
        organising_group=organising_group.strip() or "Training Activities",
        created_by_id=user.id,
    )
    db.session.add(series)
    db.session.flush()
    return series


def update_series(series: Series, *, title: str, description: str, organising_group: str):
    if not title.strip():
        raise WebinarError("Enter the series title.")
    series.title = title.strip()
    series.description = description.strip()
    series.organising_group = organising_group.strip() or series.organising_group


def parse_speakers(text: str) -> list[tuple[str, str]]:
    """Read one speaker a line, "Name — Affiliation" (or with " - " or " | ")."""
    speakers = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = _SPEAKER_SEPARATOR.split(line, maxsplit=1)
        name = parts[0].strip()
        affiliation = parts[1].strip() if len(parts) > 1 else ""
        if not name:
            raise WebinarError(f"A speaker line has no name: {line!r}.")
        speakers.append((name[:120], affiliation[:200]))
    return speakers


def format_speakers(session: WebinarSession) -> str:
    return "\n".join(
        f"{s.name} — {s.affiliation}" if s.affiliation else s.name for s in session.speakers
    )


@dataclass
class SessionInput:
    title: str
    abstract: str
    speakers: list[tuple[str, str]]
    local_start: datetime  # naive wall-clock time in ``timezone``
    timezone: str
    duration_minutes: int
    join_url: str
    capacity: int | None
    credits: Decimal
    attendance_threshold: int = 80


def schedule_session(series: Series, data: SessionInput) -> WebinarSession:
    session = WebinarSession(series=series)
    _apply(session, data)
    db.session.add(session)
    db.session.flush()
    return session


def _apply(session: WebinarSession, data: SessionInput) -> bool:
    """Set the session's fields; return whether its time changed."""
    if not data.title.strip():
        raise WebinarError("Enter the session title.")
    if data.duration_minutes <= 0:
        raise WebinarError("The duration must be at least one minute.")
    if data.capacity is not None and data.capacity < 1:
        raise WebinarError("The capacity must be at least 1, or empty for no limit.")
    starts_at = local_to_utc(data.local_start, data.timezone)
    time_changed = session.id is not None and (
        starts_at != session.starts_at or data.duration_minutes != session.duration_minutes
    )
    session.title = data.title.strip()
    session.abstract = data.abstract.strip()
    session.starts_at = starts_at
    session.timezone = data.timezone
    session.duration_minutes = data.duration_minutes
    session.join_url = data.join_url.strip()
    session.capacity = data.capacity
    session.credits = data.credits
    session.attendance_threshold = data.attendance_threshold
    session.speakers = [
        Speaker(position=n, name=name, affiliation=affiliation)
        for n, (name, affiliation) in enumerate(data.speakers, start=1)
    ]
    return time_changed


def update_session(session: WebinarSession, data: SessionInput) -> "Change":
    """Edit a session, keeping its identity; a new time raises SEQUENCE and tells learners."""
    if session.is_cancelled:
        raise WebinarError("A cancelled session cannot be changed.")
    _lock(session)
    time_changed = _apply(session, data)
    if time_changed:
        session.sequence += 1
        # Learners reminded of the old time are reminded again of the new one.
        db.session.execute(
            update(Registration)
            .where(Registration.session_id == session.id)
            .values(reminded_at=None)
            .execution_options(synchronize_session=False)
        )
    promoted = promote_waitlist(session)
    session.updated_at = utcnow()
    db.session.flush()
    return Change(session, "rescheduled" if time_changed else None, promoted)


def cancel_session(session: WebinarSession) -> "Change":
    if session.is_cancelled:
        raise WebinarError("This session is already cancelled.")
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    session.updated_at = utcnow()
    db.session.flush()
    return Change(session, "cancelled", [])


def complete_session(session: WebinarSession) -> None:
    if session.is_cancelled:
        raise WebinarError("A cancelled session cannot be marked as held.")
    session.status = SessionStatus.COMPLETED
    session.sequence += 1
    session.updated_at = utcnow()


@dataclass
class Change:
    """What happened to a session that learners must hear about (after the commit)."""

    session: WebinarSession
    kind: str | None  # "rescheduled", "cancelled" or None
    promoted: list[Registration] = field(default_factory=list)


def set_recording(session: WebinarSession, *, url: str, access, slides_url: str) -> None:
    session.recording_url = url.strip()
    session.recording_access = access
    session.slides_url = slides_url.strip()
    session.updated_at = utcnow()


# Registration -----------------------------------------------------------------------------


def _lock(session: WebinarSession) -> None:
    # One UPDATE on the session row: a row lock on PostgreSQL, the write lock on SQLite. Every
    # registration change takes it first, so capacity checks never interleave.
    db.session.execute(
        update(WebinarSession)
        .where(WebinarSession.id == session.id)
        # updated_at kept as it is: a registration is no change to the event in calendars.
        .values(
            registration_version=WebinarSession.registration_version + 1,
            updated_at=WebinarSession.updated_at,
        )
        .execution_options(synchronize_session=False)
    )


def _registered_count(session: WebinarSession) -> int:
    query = select(func.count()).where(
        Registration.session_id == session.id,
        Registration.status == RegistrationStatus.REGISTERED,
    )
    return db.session.scalar(query) or 0


def find_registration(user: User, session: WebinarSession) -> Registration | None:
    query = select(Registration).where(
        Registration.session_id == session.id, Registration.user_id == user.id
    )
    return db.session.scalar(query)


def register(user: User, session: WebinarSession) -> Registration:
    """Register the learner, or put them on the waiting list when the session is full."""
    if session.status is not SessionStatus.SCHEDULED or session.starts_at <= utcnow():
        raise WebinarError("Registration is closed for this session.")
    _lock(session)
    registration = find_registration(user, session)
    if registration is not None and registration.status is not RegistrationStatus.CANCELLED:
        return registration
    full = session.capacity is not None and _registered_count(session) >= session.capacity
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    if registration is None:
        registration = Registration(session_id=session.id, user_id=user.id, status=status)
        try:
            with db.session.begin_nested():
                db.session.add(registration)
        except IntegrityError:
            return find_registration(user, session)
    else:
        registration.status, registration.queued_at = status, utcnow()
    db.session.flush()
    return registration


def unregister(user: User, session: WebinarSession) -> list[Registration]:
    """Cancel the learner's place; return those moved up from the waiting list."""
    if session.starts_at <= utcnow():
        raise WebinarError("The session has started; registrations can no longer change.")
    _lock(session)
    registration = find_registration(user, session)
    if registration is None or registration.status is RegistrationStatus.CANCELLED:
        raise WebinarError("You are not registered for this session.")
    registration.status = RegistrationStatus.CANCELLED
    db.session.flush()
    return promote_waitlist(session)


def promote_waitlist(session: WebinarSession) -> list[Registration]:
    """Move waiting learners up, in order, into the places that are free."""
    if session.status is not SessionStatus.SCHEDULED:
        return []
    free = None if session.capacity is None else session.capacity - _registered_count(session)
    query = (
        select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.queued_at, Registration.id)
    )
    if free is not None:
        if free <= 0:
            return []
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
    db.session.flush()
    return promoted


# Personal calendar tokens -----------------------------------------------------------------


def _token_for(nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"calendar:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token(user: User) -> str:
    """Return the learner's personal feed token, creating it on first use."""
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        return regenerate_calendar_token(user)
    return _token_for(row.nonce)


def regenerate_calendar_token(user: User) -> str:
    """Give the learner a new feed token; the old URL stops working at once."""
    nonce = secrets.token_urlsafe(32)
    token = _token_for(nonce)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.nonce, row.token_digest, row.created_at = nonce, _digest(token), utcnow()
    db.session.flush()
    return token


def user_for_calendar_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(CalendarToken).where(CalendarToken.token_digest == _digest(token))
    )
    if row is None or not hmac.compare_digest(_token_for(row.nonce), token):
        return None
    user = db.session.get(User, row.user_id)
    return user if user is not None and not user.is_disabled else None


# Reminders --------------------------------------------------------------------------------


def claim_reminder(registration: Registration, now: datetime) -> bool:
    """Mark the registration reminded unless another run did first; True: this run sends.

    One conditional UPDATE decides, so reminder runs on several machines (or overlapping cron
    runs) never mail a learner twice. The caller commits before sending.
    """
    claimed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def release_reminder(registration: Registration) -> None:
    """Undo a claim whose mail could not be sent, so that the next run tries again."""
    db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id)
        .values(reminded_at=None)
        .execution_options(synchronize_session=False)
    )


def due_reminders(now: datetime, window: timedelta = timedelta(hours=24)) -> list[Registration]:
    """Registrations for sessions starting within ``window`` whose learner was not reminded."""
    query = (
        select(Registration)
        .join(WebinarSession, Registration.session_id == WebinarSession.id)
        .where(
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.reminded_at.is_(None),
            WebinarSession.status == SessionStatus.SCHEDULED,
            WebinarSession.starts_at > now,
            WebinarSession.starts_at <= now + window,
        )
        .order_by(WebinarSession.starts_at, Registration.id)
    )
    return list(db.session.scalars(query))
