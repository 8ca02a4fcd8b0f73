"""Issued certificates and transcripts. Their printed content is stored, so later renames of a
module or a learner change nothing that was issued."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.types import UTCDateTime, utcnow


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        # One current certificate per ledger entry; re-issued ones stay on record, superseded.
        Index(
            "uq_certificates_current",
            "entry_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_entries.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # at least 80 random bits
    learner_name: Mapped[str] = mapped_column(String(120))
    activity_title: Mapped[str] = mapped_column(String(200))
    activity_type: Mapped[str] = mapped_column(String(80))
    group_name: Mapped[str] = mapped_column(String(120))
    completed_on: Mapped[date]
    credits: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    evidence: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entry: Mapped[CreditEntry] = relationship()


class Transcript(db.Model):
    """An annual transcript as issued: its lines are the entries it listed, by id."""

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    year: Mapped[int]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    learner_name: Mapped[str] = mapped_column(String(120))
    entry_ids: Mapped[list] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
