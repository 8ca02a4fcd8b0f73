"""Who may do what with a module. Checked on the server at every entry point."""

from sqlalchemy import exists, select

from elearning.accounts.models import Role, User
from elearning.extensions import db

from .models import Attempt, Module, Revision, RevisionState


def can_edit(user: User, module: Module) -> bool:
    """Admins edit every module; authors edit the modules they own."""
    if not user.is_authenticated:
        return False
    return user.role is Role.ADMIN or (user.role is Role.AUTHOR and module.owner_id == user.id)


def can_review(user: User, revision: Revision) -> bool:
    """Admins review any revision; another author may review one they did not write."""
    if not user.is_authenticated:
        return False
    if revision.state is not RevisionState.IN_REVIEW:
        return False  # drafts are their author's alone until submitted
    if user.role is Role.ADMIN:
        return True
    return (
        user.role is Role.AUTHOR
        and revision.module.owner_id != user.id
        and revision.created_by_id != user.id
        and revision.submitted_by_id != user.id
    )


def has_taken(user: User, module: Module) -> bool:
    """True when the user has started an attempt at any revision of the module."""
    if not user.is_authenticated:
        return False
    query = select(
        exists().where(
            Attempt.user_id == user.id,
            Attempt.revision_id.in_(select(Revision.id).where(Revision.module_id == module.id)),
        )
    )
    return bool(db.session.scalar(query))


def can_read(user: User, module: Module) -> bool:
    """Listed modules are public; retired ones stay readable for their past learners."""
    if module.is_listed:
        return True
    if user.is_authenticated and (can_edit(user, module) or user.has_role(Role.AUTHOR)):
        return True
    return module.published_revision_id is not None and has_taken(user, module)
