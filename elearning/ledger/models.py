"""The credit ledger: what a learner earned, for which activity, on what evidence, and its audit
trail. Nothing here is ever deleted: a revoked entry stays, marked, with who, when and why."""

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Enum, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import UTCDateTime, utcnow


class CreditEntry(db.Model):
    __tablename__ = "credit_entries"
    __table_args__ = (
        # One award per learner and activity, whatever the revision: the database says so too.
        UniqueConstraint("user_id", "activity_kind", "activity_id", name="uq_credit_entries_award"),
        Index("ix_credit_entries_user_awarded", "user_id", "awarded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    activity_kind: Mapped[str] = mapped_column(String(32))
    activity_id: Mapped[int]
    # The revision the learner completed (a module's revision id; a webinar session's sequence).
    activity_revision: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    group_name: Mapped[str] = mapped_column(String(120))
    credits: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    evidence: Mapped[str] = mapped_column(String(200))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revocation_reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def __repr__(self) -> str:
        return f"<CreditEntry {self.id} {self.activity_kind}:{self.activity_id} of {self.user_id}>"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class LedgerAction(enum.StrEnum):
    AWARDED = "awarded"
    REVOKED = "revoked"
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_REISSUED = "certificate_reissued"


class LedgerEvent(db.Model):
    """The audit trail of the ledger: who did what to an entry, when, and why."""

    __tablename__ = "ledger_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_entries.id"), index=True)
    action: Mapped[LedgerAction] = mapped_column(
        Enum(
            LedgerAction,
            name="ledger_action",
            native_enum=False,
            create_constraint=True,
            length=24,
            values_callable=lambda members: [m.value for m in members],
        )
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()
