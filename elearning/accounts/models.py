"""The user account and its role."""

import enum
import secrets
from datetime import datetime
from decimal import Decimal
from functools import cache

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from elearning.extensions import db
from elearning.types import UTCDateTime, utcnow, value_enum


class Role(enum.StrEnum):
    """What a user may do. Every user is a learner; the other roles add rights."""

    LEARNER = "learner"
    AUTHOR = "author"
    ORGANISER = "organiser"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Profession(enum.StrEnum):
    RADIOGRAPHER = "radiographer"
    RADIOLOGIST = "radiologist"
    MEDICAL_PHYSICIST = "medical_physicist"
    NURSE = "nurse"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _new_session_token() -> str:
    return secrets.token_urlsafe(32)


def _hash_method() -> str:
    # scrypt in production; tests may choose a cheaper method to keep the suite fast.
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


@cache
def _dummy_hash(method: str) -> str:
    # Checked against when the email is unknown, so that the time a failed login takes does
    # not tell whether the account exists.
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    profession: Mapped[Profession] = mapped_column(value_enum(Profession, "profession", 32))
    country: Mapped[str] = mapped_column(String(2))
    # The learner's yearly credit goal, shown as a progress bar on the dashboard.
    credit_goal: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(50))
    # IANA time zone for showing times; None: the site's zone.
    timezone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(
        value_enum(Role, "role", 16),
        default=Role.LEARNER,
    )
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # Flask-Login's user id in the session and remember cookie. Replacing it ends every
    # session and remember-me cookie of this user at once (logout, password change, disable).
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=_new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=_hash_method())

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Invalidate every session and remember-me cookie of this user."""
        self.session_token = _new_session_token()

    def has_role(self, role: Role) -> bool:
        """Admins hold every role; others hold learner and their own."""
        return role is Role.LEARNER or self.role is Role.ADMIN or self.role is role


def check_unknown_password(password: str) -> bool:
    """Spend the same time as a real check, for an email that has no account."""
    check_password_hash(_dummy_hash(_hash_method()), password)
    return False
