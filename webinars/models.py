"""Webinar series and sessions, registrations, attendance and calendar tokens."""

import enum
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import UTCDateTime, utcnow, value_enum


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RecordingAccess(enum.StrEnum):
    PUBLIC = "public"
    LEARNERS = "learners"
    REGISTERED = "registered"

    @property
    def label(self) -> str:
        return {
            "public": "Everyone",
            "learners": "Signed-in learners",
            "registered": "Learners who registered for the session",
        }[self.value]


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Series(db.Model):
    __tablename__ = "webinar_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    organising_group: Mapped[str] = mapped_column(String(120), default="Training Activities")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sessions: Mapped[list["WebinarSession"]] = relationship(
        back_populates="series", order_by="WebinarSession.starts_at"
    )


class WebinarSession(db.Model):
    """One live webinar. Its UID never changes; SEQUENCE rises with every change of time or
    status, as calendar clients expect."""

    __tablename__ = "webinar_sessions"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("credits >= 0", name="credits_positive"),
        CheckConstraint(
            "attendance_threshold BETWEEN 1 AND 100", name="attendance_threshold_range"
        ),
        Index("ix_webinar_sessions_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("webinar_series.id"), index=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: str(uuid.uuid4()))
    title: Mapped[str] = mapped_column(String(200))
    abstract: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The zone the organiser scheduled in; times are stored in UTC and shown in each viewer's zone.
    timezone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int]
    join_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None]
    credits: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("1"))
    attendance_threshold: Mapped[int] = mapped_column(default=80)  # percent of the duration
    status: Mapped[SessionStatus] = mapped_column(
        value_enum(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED
    )
    sequence: Mapped[int] = mapped_column(default=0)
    # Bumped under a row lock by every registration change: serialises capacity checks.
    registration_version: Mapped[int] = mapped_column(default=0)
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    recording_access: Mapped[RecordingAccess] = mapped_column(
        value_enum(RecordingAccess, "recording_access"), default=RecordingAccess.LEARNERS
    )
    slides_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series: Mapped[Series] = relationship(back_populates="sessions")
    speakers: Mapped[list["Speaker"]] = relationship(
        order_by="Speaker.position", cascade="all, delete-orphan"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED


class Speaker(db.Model):
    __tablename__ = "webinar_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("webinar_sessions.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    affiliation: Mapped[str] = mapped_column(String(200), default="")


class Registration(db.Model):
    __tablename__ = "webinar_registrations"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_webinar_registrations_learner"),
        Index("ix_webinar_registrations_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("webinar_sessions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(value_enum(RegistrationStatus, "reg_status"))
    # Waiting-list order: the time of the latest (re)registration.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[WebinarSession] = relationship()
    user: Mapped[User] = relationship()


class Attendance(db.Model):
    __tablename__ = "webinar_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_webinar_attendance_learner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("webinar_sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    minutes: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))  # "manual" or "import"
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class CalendarToken(db.Model):
    """A learner's personal feed secret.

    The URL's token is an HMAC of ``nonce`` under the app's secret key, so the page can show the
    URL again, while the database alone (nonce and the token's SHA-256 digest, used for lookup)
    gives no working URL. A new nonce stops the old URL at once.
    """

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
