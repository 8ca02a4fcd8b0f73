"""Pages of a list whose cost does not grow with the table: the rows of one page, and a count
that stops at a cap (``LIST_COUNT_CAP``, 500 by default).

An exact count of a large table's matches reads every match whatever the indexes, so its cost
grows with the data; counting in the list's own order up to the cap walks the same index as the
page and stops. Past the cap the page says "500+" and offers the next page while there is one,
which is what a learner or an administrator needs from a list they should narrow with filters.
"""

import math
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from elearning.extensions import cache, db


@dataclass(frozen=True)
class Page:
    """The attributes of Flask-SQLAlchemy's Pagination that our templates use, and ``capped``."""

    items: list[Any]
    page: int
    per_page: int
    total: int  # exact when not capped; the cap otherwise
    capped: bool
    has_next: bool

    @property
    def pages(self) -> int | None:
        """The number of pages, or None when the count stopped at the cap."""
        return None if self.capped else max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def total_label(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def paginate(
    query: Select,
    *,
    page: int,
    per_page: int,
    cap: int | None = None,
    count_key: str | None = None,
) -> Page:
    """One page of ``query`` (ordered rows or entities) in at most two queries.

    With ``count_key``, the capped count is kept in the cache under that key for five minutes:
    the caller puts in the key whatever must change it (filters, a generation bumped on writes).
    """
    cap = cap or current_app.config.get("LIST_COUNT_CAP", 500)
    page = max(page, 1)
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    has_next = len(rows) > per_page
    items = rows[:per_page]
    if page == 1 and not has_next:
        total = len(items)  # the whole list is on this page: nothing to count
    else:
        count_key = count_key and f"{count_key}:{cap}"
        total = cache.get(count_key) if count_key else None
        if total is None:
            # Kept in the list's order: the database can walk the list's index and stop there.
            limited = query.limit(cap + 1).subquery()
            total = db.session.scalar(select(func.count()).select_from(limited)) or 0
            if count_key:
                cache.set(count_key, total, timeout=300)
    capped = total > cap
    return Page(items, page, per_page, min(total, cap), capped, has_next)
