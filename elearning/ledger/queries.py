"""Read-side functions of the ledger: summaries, a learner's entries, the admin's lists."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import joinedload

from elearning.accounts.models import User
from elearning.extensions import cache, db
from elearning.text import like_pattern

from .models import CreditEntry, LedgerEvent


@dataclass
class CreditSummary:
    this_year: Decimal
    total: Decimal
    per_year: list[tuple[int, Decimal]]


def credit_summary(user: User, year: int) -> CreditSummary:
    """Credits per year (revoked entries excluded), in one query."""
    year_col = extract("year", CreditEntry.awarded_at)
    rows = db.session.execute(
        select(year_col, func.sum(CreditEntry.credits))
        .where(CreditEntry.user_id == user.id, CreditEntry.revoked_at.is_(None))
        .group_by(year_col)
        .order_by(year_col)
    ).all()
    per_year = [(int(y), Decimal(total or 0)) for y, total in rows]
    return CreditSummary(
        this_year=next((c for y, c in per_year if y == year), Decimal(0)),
        total=sum((c for _, c in per_year), Decimal(0)),
        per_year=per_year,
    )


def learner_entries(user: User, page: int = 1, per_page: int = 25):
    query = (
        select(CreditEntry)
        .where(CreditEntry.user_id == user.id)
        .order_by(CreditEntry.awarded_at.desc(), CreditEntry.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def recent_entries(user: User, kind: str, limit: int = 10) -> tuple[list[CreditEntry], int]:
    """The learner's latest entries of one kind, and how many there are, in one query (the
    count is a window over the same rows, taken before the limit)."""
    query = (
        select(CreditEntry, func.count().over())
        .where(CreditEntry.user_id == user.id, CreditEntry.activity_kind == kind)
        .order_by(CreditEntry.awarded_at.desc(), CreditEntry.id.desc())
        .limit(limit)
    )
    rows = db.session.execute(query).all()
    return [entry for entry, _ in rows], (rows[0][1] if rows else 0)


def ledger_query(
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    kind: str = "",
    group: str = "",
    search: str = "",
) -> Select:
    """Entries for the admin's list, oldest first."""
    query = (
        select(CreditEntry)
        .join(User, CreditEntry.user_id == User.id)
        .options(joinedload(CreditEntry.user))
        .order_by(CreditEntry.awarded_at, CreditEntry.id)
    )
    return _filtered(query, start=start, end=end, kind=kind, group=group, search=search)


def export_query(
    *, start: datetime | None = None, end: datetime | None = None, kind: str = "", group: str = ""
) -> Select:
    """The accreditation export's columns, oldest first: plain rows, no ORM objects, since an
    export may run to a million entries (ten times faster per row than loading entities)."""
    query = (
        select(
            User.full_name,
            User.email,
            User.profession,
            User.country,
            CreditEntry.title,
            CreditEntry.activity_kind,
            CreditEntry.group_name,
            CreditEntry.awarded_at,
            CreditEntry.credits,
            CreditEntry.evidence,
            CreditEntry.revoked_at,
            CreditEntry.revocation_reason,
        )
        .join_from(CreditEntry, User, CreditEntry.user_id == User.id)
        .order_by(CreditEntry.awarded_at, CreditEntry.id)
    )
    return _filtered(query, start=start, end=end, kind=kind, group=group, search="")


def _filtered(query: Select, *, start, end, kind: str, group: str, search: str) -> Select:
    if start is not None:
        query = query.where(CreditEntry.awarded_at >= start)
    if end is not None:
        query = query.where(CreditEntry.awarded_at < end)
    if kind:
        query = query.where(CreditEntry.activity_kind == kind)
    if group:
        query = query.where(CreditEntry.group_name == group)
    if search:
        pattern = like_pattern(search)
        query = query.where(
            func.lower(User.full_name).like(pattern, escape="\\")
            | User.email.like(pattern, escape="\\")
            | func.lower(CreditEntry.title).like(pattern, escape="\\")
        )
    return query


GROUP_NAMES_KEY = "ledger:group-names"
GROUP_NAMES_SECONDS = 600


def group_names() -> list[str]:
    """The groups entries name, for the admin's filter. Finding them reads the whole ledger, so
    they are cached for ten minutes: a group's first entry reaches the filter within that time
    (filtering by it works at once)."""
    names = cache.get(GROUP_NAMES_KEY)
    if names is None:
        query = select(CreditEntry.group_name).distinct().order_by(CreditEntry.group_name)
        names = list(db.session.scalars(query))
        cache.set(GROUP_NAMES_KEY, names, timeout=GROUP_NAMES_SECONDS)
    return names


def entry_events(entry: CreditEntry) -> list[LedgerEvent]:
    query = (
        select(LedgerEvent)
        .where(LedgerEvent.entry_id == entry.id)
        .options(joinedload(LedgerEvent.actor))
        .order_by(LedgerEvent.at, LedgerEvent.id)
    )
    return list(db.session.scalars(query))
