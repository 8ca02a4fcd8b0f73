"""Work that must wait until the transaction that called for it has committed.

``on_commit(callback)`` runs ``callback`` after the current transaction commits, and drops it
if the transaction rolls back: a cache is forgotten only once the change it would hide is
visible to every other request (forgetting earlier lets a concurrent request cache the old
state again).
"""

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from elearning.extensions import db

_KEY = "on_commit"


def on_commit(callback: Callable[[], None], session: Session | None = None) -> None:
    """Run ``callback`` once the transaction of ``session`` (the app's by default) commits."""
    (session or db.session).info.setdefault(_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    _forget_flags(session)
    for callback in callbacks:
        callback()


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)
    _forget_flags(session)


def _forget_flags(session: Session) -> None:
    # Features may mark "already scheduled" in session.info with keys ending in _on_commit.
    for key in [k for k in session.info if isinstance(k, str) and k.endswith("_on_commit")]:
        del session.info[key]
