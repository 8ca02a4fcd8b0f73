"""A credit entry: what a learner earned, for which activity, on what evidence."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearning.accounts.models import User
from elearning.extensions import db
from elearning.types import UTCDateTime, utcnow


class CreditEntry(db.Model):
    __tablename__ = "credit_entries"
    __table_args__ = (
        # One award per learner and activity, whatever the revision: the database says so too.
        UniqueConstraint("user_id", "activity_kind", "activity_id", name="uq_credit_entries_award"),
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

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return (
            f"<CreditEntry {self.id} {self.activity_kind}:{self.activity_id} user={self.user_id}>"
        )
