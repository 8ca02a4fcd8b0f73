"""The iCalendar feeds: which sessions each holds, and their cached bodies with validators.

A public feed's body is cached under a fingerprint of what it shows (number of sessions, latest
change, the day), so any change to a session yields a new fingerprint: every app instance sees
the change at once through the shared cache, and nothing needs explicit invalidation.
"""

import hashlib
from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from elearning.extensions import cache, db
from elearning.types import utcnow
from elearning.urls import external_url

from .ical import EventData, build_calendar
from .models import (
    RecordingAccess,
    Registration,
    RegistrationStatus,
    Series,
    WebinarSession,
)

PAST_DAYS = 90
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def event_data(session: WebinarSession, *, with_join_url: bool) -> EventData:
    speakers = "; ".join(
        f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in session.speakers
    )
    description = session.abstract
    if speakers:
        description += f"\n\nSpeakers: {speakers}"
    recording = ""
    if session.recording_url and session.recording_access is RecordingAccess.PUBLIC:
        recording = session.recording_url
    elif session.recording_url:
        recording = external_url("webinars.session_page", session_id=session.id)
    return EventData(
        uid=f"{session.uid}@{current_app.config['BASE_URL'].split('://', 1)[-1]}",
        sequence=session.sequence,
        title=session.title,
        description=description,
        url=external_url("webinars.session_page", session_id=session.id),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        timezone=session.timezone,
        cancelled=session.is_cancelled,
        created=session.created_at,
        last_modified=session.updated_at,
        location=session.join_url if with_join_url and not session.is_cancelled else "",
        recording_url=recording,
    )


def session_calendar(session: WebinarSession, *, with_join_url: bool = False) -> bytes:
    return build_calendar(
        session.title,
        [event_data(session, with_join_url=with_join_url)],
        stamp=session.updated_at,  # the same bytes until the session changes: ETags work
    )


def _window_start(now: datetime) -> datetime:
    # Whole days, so the fingerprint (and the cached body) holds for a day at most.
    day = datetime.combine(now.date(), time(), tzinfo=now.tzinfo)
    return day - timedelta(days=PAST_DAYS)


def _public_query(now: datetime, series: Series | None) -> Select:
    query = select(WebinarSession).where(WebinarSession.starts_at >= _window_start(now))
    if series is not None:
        query = query.where(WebinarSession.series_id == series.id)
    return query


def feed_validators(now: datetime, series: Series | None = None) -> tuple[str, datetime | None]:
    """ETag and Last-Modified of a public feed, from one aggregate query: enough for a 304."""
    base = _public_query(now, series).subquery()
    count, latest = db.session.execute(select(func.count(), func.max(base.c.updated_at))).one()
    scope = f"series-{series.id}" if series else "all"
    base_url = current_app.config["BASE_URL"]
    fingerprint = f"{scope}|{count}|{latest}|{_window_start(now).date()}|{base_url}"
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32], latest


def feed_body(now: datetime, series: Series | None, etag: str) -> bytes:
    """The feed with these validators, from the shared cache or built and cached."""
    key = f"webinars-feed:{etag}"
    body = cache.get(key)
    if body is None:
        body = _build_public(now, series)
        cache.set(key, body, timeout=24 * 3600)
    return body


def _build_public(now: datetime, series: Series | None) -> bytes:
    query = (
        _public_query(now, series)
        .options(selectinload(WebinarSession.speakers))
        .order_by(WebinarSession.starts_at)
    )
    sessions = db.session.scalars(query).all()
    name = f"{series.title} (webinars)" if series else f"{current_app.config['SITE_NAME']} webinars"
    return build_calendar(
        name, [event_data(s, with_join_url=False) for s in sessions], stamp=utcnow()
    )


def personal_feed(user) -> bytes:
    """The sessions a learner registered for (join links included) or waits for (without);
    never shared-cached."""
    query = (
        select(WebinarSession, Registration.status)
        .join(Registration, Registration.session_id == WebinarSession.id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]),
        )
        .options(selectinload(WebinarSession.speakers))
        .order_by(WebinarSession.starts_at)
    )
    rows = db.session.execute(query).all()
    return build_calendar(
        f"My webinars ({current_app.config['SITE_NAME']})",
        [
            # A place on the waiting list is no place: the join link stays with the registered.
            event_data(session, with_join_url=status is RegistrationStatus.REGISTERED)
            for session, status in rows
        ],
        # Stamped with the latest change, so the body (and its ETag) only changes with it.
        stamp=max((session.updated_at for session, _ in rows), default=_EPOCH),
    )
