"""Issuing certificates and transcripts. Operations flush and return; the caller commits."""

import base64
import secrets
from decimal import Decimal

from flask import current_app
from sqlalchemy import extract, select
from sqlalchemy.exc import IntegrityError

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.ledger.kinds import activity_kind
from elearning.ledger.models import CreditEntry, LedgerAction, LedgerEvent
from elearning.types import utcnow

from .models import Certificate, Transcript


class CertificateError(Exception):
    """A certificate request that cannot be met; the message is for the user."""


def new_code() -> str:
    """A verification code: 120 random bits, in 24 base32 characters (easy to type)."""
    return base64.b32encode(secrets.token_bytes(15)).decode().lower()


def _number(kind: str, row_id: int, year: int) -> str:
    prefix = current_app.config["CERT_NUMBER_PREFIX"]
    return f"{prefix}-{kind}{year}-{row_id:06d}"


def current_certificate(entry: CreditEntry) -> Certificate | None:
    query = select(Certificate).where(
        Certificate.entry_id == entry.id, Certificate.superseded_at.is_(None)
    )
    return db.session.scalar(query)


def issue_certificate(entry: CreditEntry, *, reissue: bool = False) -> Certificate:
    """Return the entry's certificate, issuing it on first use with today's facts.

    ``reissue`` prints the learner's current name on a new certificate; the old one stays on
    record, superseded, under its own number.
    """
    if entry.is_revoked:
        raise CertificateError("These credits have been revoked; no certificate can be issued.")
    current = current_certificate(entry)
    if current is not None and not reissue:
        return current
    if current is not None:
        current.superseded_at = utcnow()
        db.session.flush()
    certificate = Certificate(
        entry_id=entry.id,
        number=f"pending-{new_code()}",
        code=new_code(),
        learner_name=entry.user.full_name,
        activity_title=entry.title,
        activity_type=activity_kind(entry.activity_kind).label,
        group_name=entry.group_name,
        completed_on=entry.awarded_at.date(),
        credits=entry.credits,
        evidence=entry.evidence,
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # issued by a concurrent request first
        return current_certificate(entry)
    certificate.number = _number("C", certificate.id, certificate.completed_on.year)
    action = LedgerAction.CERTIFICATE_REISSUED if current else LedgerAction.CERTIFICATE_ISSUED
    note = f"{certificate.number} to {certificate.learner_name}"
    if current:
        note += f" (replaces {current.number})"
    db.session.add(LedgerEvent(entry_id=entry.id, action=action, actor_id=entry.user_id, note=note))
    db.session.flush()
    return certificate


def year_entries(user: User, year: int) -> list[CreditEntry]:
    query = (
        select(CreditEntry)
        .where(
            CreditEntry.user_id == user.id,
            CreditEntry.revoked_at.is_(None),
            extract("year", CreditEntry.awarded_at) == year,
        )
        .order_by(CreditEntry.awarded_at, CreditEntry.id)
    )
    return list(db.session.scalars(query))


def issue_transcript(user: User, year: int) -> tuple[Transcript, list[CreditEntry]]:
    """The year's transcript; the same one again while nothing on it has changed."""
    entries = year_entries(user, year)
    if not entries:
        raise CertificateError(f"You earned no credits in {year}.")
    ids = [e.id for e in entries]
    total = sum((e.credits for e in entries), Decimal(0))
    latest = db.session.scalar(
        select(Transcript)
        .where(Transcript.user_id == user.id, Transcript.year == year)
        .order_by(Transcript.id.desc())
        .limit(1)
    )
    if latest and latest.entry_ids == ids and latest.learner_name == user.full_name:
        return latest, entries
    transcript = Transcript(
        user_id=user.id,
        year=year,
        number=f"pending-{new_code()}",
        code=new_code(),
        learner_name=user.full_name,
        entry_ids=ids,
        total=total,
    )
    db.session.add(transcript)
    db.session.flush()
    transcript.number = _number("T", transcript.id, year)
    db.session.flush()
    return transcript, entries


def certificates_for(entries: list[CreditEntry]) -> dict[int, Certificate]:
    """Current certificates of these entries, issuing the missing ones (for a transcript)."""
    found = {
        c.entry_id: c
        for c in db.session.scalars(
            select(Certificate).where(
                Certificate.entry_id.in_([e.id for e in entries]),
                Certificate.superseded_at.is_(None),
            )
        )
    }
    for entry in entries:
        if entry.id not in found:
            found[entry.id] = issue_certificate(entry)
    return found
