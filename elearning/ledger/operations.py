"""Awarding credits. Operations flush and return; the caller commits."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import utcnow

from .models import CreditEntry, LedgerAction, LedgerEvent


@dataclass(frozen=True)
class Award:
    """What a feature tells the ledger about a completed activity."""

    kind: str
    activity_id: int
    revision: int
    title: str
    group_name: str
    credits: Decimal
    evidence: str


def find_entry(user: User, kind: str, activity_id: int) -> CreditEntry | None:
    query = select(CreditEntry).where(
        CreditEntry.user_id == user.id,
        CreditEntry.activity_kind == kind,
        CreditEntry.activity_id == activity_id,
    )
    return db.session.scalar(query)


def award_credit(user: User, award: Award) -> tuple[CreditEntry, bool]:
    """Record the award once; returns the entry and whether it is new.

    A second award for the same learner and activity, even a concurrent one, returns the
    existing entry: the unique constraint decides, inside a savepoint.
    """
    existing = find_entry(user, award.kind, award.activity_id)
    if existing is not None:
        return existing, False
    entry = CreditEntry(
        user_id=user.id,
        activity_kind=award.kind,
        activity_id=award.activity_id,
        activity_revision=award.revision,
        title=award.title[:200],
        group_name=award.group_name[:120],
        credits=award.credits,
        evidence=award.evidence[:200],
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        return find_entry(user, award.kind, award.activity_id), False
    db.session.add(
        LedgerEvent(entry_id=entry.id, action=LedgerAction.AWARDED, note=award.evidence[:500])
    )
    return entry, True


class LedgerError(Exception):
    """A ledger change that cannot be made; the message is for the user."""


def revoke_entry(entry: CreditEntry, admin: User, reason: str) -> None:
    """Revoke an award, keeping it and recording who, when and why; it no longer counts."""
    reason = reason.strip()
    if not reason:
        raise LedgerError("Give the reason for revoking these credits.")
    if entry.is_revoked:
        raise LedgerError("These credits have already been revoked.")
    entry.revoked_at, entry.revoked_by_id, entry.revocation_reason = utcnow(), admin.id, reason
    db.session.add(
        LedgerEvent(entry_id=entry.id, action=LedgerAction.REVOKED, actor_id=admin.id, note=reason)
    )
    db.session.flush()
