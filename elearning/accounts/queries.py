"""Read-side functions for account pages."""

from sqlalchemy import func, or_, select

from elearning.extensions import db
from elearning.text import like_pattern

from .models import Role, User


def user_by_session_token(token: str) -> User | None:
    """Return the active user signed in with this token (the Flask-Login user loader)."""
    query = select(User).where(User.session_token == token, User.is_disabled.is_(False))
    return db.session.scalar(query)


def user_list(*, search: str = "", role: Role | None = None, page: int = 1, per_page: int = 50):
    """Return one page of users, newest first, filtered by text and role."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if search:
        pattern = like_pattern(search.strip())
        query = query.where(
            or_(
                User.email.like(pattern, escape="\\"),
                func.lower(User.full_name).like(pattern, escape="\\"),
            )
        )
    if role is not None:
        query = query.where(User.role == role)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
