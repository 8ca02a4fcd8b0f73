"""The iCalendar feeds: which sessions each holds, and their cached bodies with validators.

A public feed's ETag is a fingerprint of what it shows (number of sessions, latest change, the
day). With a shared cache (Redis), the fingerprint itself is cached for a minute and forgotten
when a transaction that changed a session, a speaker or a series commits, so a calendar's poll
is answered without a query; a change made behind the app's back (in SQL) shows within a minute.
With the per-process cache, every request computes it (other processes' changes would be missed).
The body is cached under its fingerprint: in the shared cache for every instance, and in a small
per-process map in front of it. Since the key names the content, neither can serve a stale body.
"""

import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session, selectinload

from elearning.extensions import cache, db
from elearning.transactions import on_commit
from elearning.types import utcnow
from elearning.urls import external_url

from .ical import EventData, assemble_calendar, build_calendar, event_block, timezone_block
from .models import (
    RecordingAccess,
    Registration,
    RegistrationStatus,
    Series,
    Speaker,
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


VALIDATORS_SECONDS = 60
_LOCAL_BODIES = 8  # feed bodies each process keeps, most recently used first


def _validators_key(now: datetime) -> str:
    # One entry a day for every feed: forgetting them all is one delete.
    return f"webinars-feed-validators:{_window_start(now).date()}"


def feed_validators(now: datetime, series: Series | None = None) -> tuple[str, datetime | None]:
    """ETag and Last-Modified of a public feed: from the shared cache, else from one aggregate
    query (and then cached)."""
    scope = f"series-{series.id}" if series else "all"
    key = _validators_key(now)
    # Only a cache every process shares (Redis) hears of changes made by the others.
    shared = current_app.config["CACHE_TYPE"] != "SimpleCache"
    known = (cache.get(key) or {}) if shared else {}
    if scope in known:
        etag, latest = known[scope]
        return etag, datetime.fromisoformat(latest) if latest else None
    base = _public_query(now, series).subquery()
    count, latest = db.session.execute(select(func.count(), func.max(base.c.updated_at))).one()
    base_url = current_app.config["BASE_URL"]
    title = series.title if series else ""  # a series feed is named after its series
    fingerprint = f"{scope}|{title}|{count}|{latest}|{_window_start(now).date()}|{base_url}"
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    # A concurrent request may write its own scope over this one: then it is computed again.
    if shared:
        known[scope] = (etag, latest.isoformat() if latest else None)
        cache.set(key, known, timeout=VALIDATORS_SECONDS)
    return etag, latest


def forget_feed_validators() -> None:
    """Make every public feed look at the database again (after a change to what they show)."""
    now = utcnow()
    cache.delete_many(_validators_key(now), _validators_key(now - timedelta(days=1)))


@event.listens_for(Session, "before_flush")
def _watch_feed_content(session: Session, flush_context, instances) -> None:
    if session.info.get("feeds_forgotten_on_commit"):
        return
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(o, WebinarSession | Speaker | Series) for o in changed):
        session.info["feeds_forgotten_on_commit"] = True
        on_commit(forget_feed_validators, session)


class _LocalBodies:
    """A tiny LRU of feed bodies by ETag: safe in every process, since an ETag names one body."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_bodies = _LocalBodies(_LOCAL_BODIES)


def feed_body(now: datetime, series: Series | None, etag: str) -> bytes:
    """The feed with these validators: from this process, the shared cache, or built."""
    key = f"webinars-feed:{etag}"
    body = _bodies.get(key)
    if body is None:
        body = cache.get(key)
        if body is None:
            body = _build_public(now, series)
            cache.set(key, body, timeout=24 * 3600)
        _bodies.put(key, body)
    return body


EVENT_SECONDS = 7 * 24 * 3600
_SESSION_FACTS = (
    WebinarSession.id,
    WebinarSession.updated_at,
    WebinarSession.starts_at,
    WebinarSession.duration_minutes,
    WebinarSession.timezone,
)


def _build_public(now: datetime, series: Series | None) -> bytes:
    query = (
        _public_query(now, series)
        .with_only_columns(*_SESSION_FACTS)
        .order_by(WebinarSession.starts_at, WebinarSession.id)
    )
    rows = [(row, False) for row in db.session.execute(query)]
    name = f"{series.title} (webinars)" if series else f"{current_app.config['SITE_NAME']} webinars"
    return _assemble(name, rows)


def personal_feed(user) -> bytes:
    """The sessions a learner registered for (join links included) or waits for (without)."""
    query = (
        select(*_SESSION_FACTS, Registration.status)
        .join(Registration, Registration.session_id == WebinarSession.id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]),
        )
        .order_by(WebinarSession.starts_at, WebinarSession.id)
    )
    # A place on the waiting list is no place: the join link stays with the registered.
    rows = [(row, row.status is RegistrationStatus.REGISTERED) for row in db.session.execute(query)]
    return _assemble(f"My webinars ({current_app.config['SITE_NAME']})", rows)


def _event_key(session_id: int, updated_at: datetime, join: bool) -> str:
    site = hashlib.sha256(current_app.config["BASE_URL"].encode()).hexdigest()[:8]
    variant = "join" if join else "public"
    return f"webinars-event:{variant}:{site}:{session_id}:{updated_at.timestamp()}"


def _assemble(name: str, rows: list) -> bytes:
    """The calendar of these sessions (rows of ``_SESSION_FACTS``, with whether to show the join
    link), from each event's text cached under the session's last change: after an edit only
    the edited event is written again (icalendar takes about 1.5 ms an event)."""
    keys = [_event_key(row.id, row.updated_at, join) for row, join in rows]
    blocks = list(cache.get_many(*keys)) if keys else []
    missing = [i for i, block in enumerate(blocks) if block is None]
    fresh = {}
    for chunk in range(0, len(missing), 500):
        ids = {rows[i][0].id for i in missing[chunk : chunk + 500]}
        query = (
            select(WebinarSession)
            .where(WebinarSession.id.in_(ids))
            .options(selectinload(WebinarSession.speakers))
        )
        sessions = {session.id: session for session in db.session.scalars(query)}
        for i in missing[chunk : chunk + 500]:
            row, join = rows[i]
            session = sessions[row.id]
            blocks[i] = event_block(event_data(session, with_join_url=join), session.updated_at)
            fresh[_event_key(session.id, session.updated_at, join)] = blocks[i]
    if fresh:
        cache.set_many(fresh, timeout=EVENT_SECONDS)
    return assemble_calendar(name, _timezone_blocks(rows), blocks)


def _timezone_blocks(rows: list) -> list[bytes]:
    """VTIMEZONEs of the zones these sessions use, over whole years around them (cached)."""
    if not rows:
        return []
    first = min(row.starts_at for row, _ in rows).date()
    last = max(row.starts_at + timedelta(minutes=row.duration_minutes) for row, _ in rows).date()
    span = (date(first.year - 1, 1, 1), date(last.year + 2, 1, 1))
    zones = sorted({row.timezone for row, _ in rows})
    keys = [f"webinars-vtimezone:{zone}:{span[0]}:{span[1]}" for zone in zones]
    blocks = list(cache.get_many(*keys))
    for i, zone in enumerate(zones):
        if blocks[i] is None:
            blocks[i] = timezone_block(zone, *span)
            cache.set(keys[i], blocks[i], timeout=EVENT_SECONDS)
    return blocks
