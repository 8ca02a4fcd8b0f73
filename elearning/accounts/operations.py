"""Every change to an account. Operations flush and return; the caller commits once."""

import hashlib
import re
import unicodedata
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from elearning.extensions import db
from elearning.mail import send_mail
from elearning.types import utcnow
from elearning.urls import external_url

from .countries import country_name
from .models import Profession, Role, User, check_unknown_password
from .passwords import password_problem

NAME_MAX_LENGTH = 120
_NAME_PUNCTUATION = set(" -'\u2019.")  # \u2019: the typographic apostrophe


class AccountError(Exception):
    """A request about an account that cannot be carried out; the message is for the user."""


class LoginFailed(AccountError):
    def __init__(self) -> None:
        super().__init__("Email or password is incorrect.")


class AccountDisabled(AccountError):
    def __init__(self) -> None:
        super().__init__("This account has been disabled. Please contact the administrators.")


def normalise_email(email: str) -> str:
    """Return the address in the form we store (lower case), or raise AccountError."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(f"Enter a valid email address ({error}).") from error
    return result.normalized.lower()


def normalise_full_name(name: str) -> str:
    """Return the name as it will be printed on certificates, or raise AccountError.

    Letters of any script are welcome (Łukasz, Zoë, Αθηνά, Дмитрий), with the spaces, hyphens,
    apostrophes and full stops that names use; digits and symbols are not.
    """
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()
    if not name:
        raise AccountError("Enter your full name.")
    if len(name) > NAME_MAX_LENGTH:
        raise AccountError(f"Use at most {NAME_MAX_LENGTH} characters.")
    for ch in name:
        category = unicodedata.category(ch)
        if not (category.startswith("L") or category.startswith("M") or ch in _NAME_PUNCTUATION):
            raise AccountError(
                "Use letters, spaces, hyphens and apostrophes only, as on your certificates."
            )
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise AccountError("Enter your full name.")
    return name


def check_country(code: str) -> str:
    code = code.strip().upper()
    if country_name(code) == code:
        raise AccountError("Choose a country from the list.")
    return code


def find_user_by_email(email: str) -> User | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def register_user(
    *,
    email: str,
    full_name: str,
    password: str,
    profession: Profession,
    country: str,
    role: Role = Role.LEARNER,
) -> User:
    """Create an account; raises AccountError when the input is refused or the email is taken."""
    email = normalise_email(email)
    full_name = normalise_full_name(full_name)
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise AccountError(problem)
    user = User(
        email=email,
        full_name=full_name,
        profession=Profession(profession),
        country=check_country(country),
        role=Role(role),
    )
    user.set_password(password)
    # A savepoint, so that losing a race for the address leaves the caller's transaction usable.
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise AccountError("An account with this email address already exists.") from None
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user whose credentials these are; raises LoginFailed or AccountDisabled."""
    user = find_user_by_email(email)
    if user is None:
        check_unknown_password(password)
        raise LoginFailed()
    if not user.check_password(password):
        raise LoginFailed()
    if user.is_disabled:
        raise AccountDisabled()
    user.last_login_at = utcnow()
    return user


def update_profile(
    user: User, *, full_name: str, profession: Profession, country: str, timezone: str = ""
) -> None:
    user.full_name = normalise_full_name(full_name)
    user.profession = Profession(profession)
    user.country = check_country(country)
    if timezone and timezone not in available_timezones():
        raise AccountError("Choose a time zone from the list.")
    user.timezone = timezone or None


def change_password(user: User, *, current: str, new: str) -> None:
    """Replace the password; every other session and remember-me cookie stops working."""
    if not user.check_password(current):
        raise AccountError("The current password is not correct.")
    _set_new_password(user, new)


def _set_new_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email, full_name=user.full_name)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
    user.end_sessions()


def set_role(user: User, role: Role) -> None:
    user.role = Role(role)


def set_disabled(user: User, disabled: bool) -> None:
    """Disable or re-enable an account; disabling ends all of its sessions."""
    if disabled and user.role is Role.ADMIN and _active_admin_count() <= 1:
        raise AccountError("This is the last active administrator; it cannot be disabled.")
    user.is_disabled = disabled
    if disabled:
        user.end_sessions()


def _active_admin_count() -> int:
    query = select(func.count()).where(User.role == Role.ADMIN, User.is_disabled.is_(False))
    return db.session.scalar(query) or 0


# Password reset ---------------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    # Bound to the current hash: once the password changes, every earlier link is dead.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"uid": user.id, "fp": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User:
    """Return the user a reset link was made for; raises AccountError if it is not usable."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise AccountError("This reset link has expired. Please ask for a new one.") from None
    except BadSignature:
        raise AccountError("This reset link is not valid. Please ask for a new one.") from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or data.get("fp") != _password_fingerprint(user) or user.is_disabled:
        raise AccountError("This reset link has already been used or is no longer valid.")
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link when the address has an active account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or user.is_disabled:
        return
    link = external_url("accounts.reset_password", token=make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = render_template("mail/password_reset.txt", user=user, link=link, minutes=minutes)
    send_mail(user.email, "Reset your password", body)


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    _set_new_password(user, new_password)
    return user
