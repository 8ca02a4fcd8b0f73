"""Builders for webinar tests."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.types import utcnow
from webinars import operations
from webinars.operations import SessionInput


def local_in(days: float, zone: str = "Europe/Brussels") -> datetime:
    """A naive wall-clock time ``days`` from now in ``zone``, on the minute."""
    moment = (utcnow() + timedelta(days=days)).astimezone(ZoneInfo(zone))
    return moment.replace(second=0, microsecond=0, tzinfo=None)


@pytest.fixture
def organiser(create_user):
    return create_user(email="organiser@example.org", role=Role.ORGANISER, full_name="Olga Org")


@pytest.fixture
def create_session(organiser):
    """Build a session (default: in 7 days, 60 minutes, Brussels time, no capacity limit)."""
    series_cache = {}

    def build(
        title: str = "CT dose optimisation",
        *,
        days: float = 7,
        zone: str = "Europe/Brussels",
        local_start: datetime | None = None,
        duration: int = 60,
        capacity: int | None = None,
        credits: str = "1",
        join_url: str = "https://meet.example.org/secret-room",
        speakers=(("Dr Ana Sousa", "Hospital de Santa Maria"),),
        series_title: str = "Radiation Protection Webinars",
    ):
        series = series_cache.get(series_title)
        if series is None:
            series = operations.create_series(
                organiser,
                title=series_title,
                description="Monthly sessions.",
                organising_group="Training Activities",
            )
            series_cache[series_title] = series
        session = operations.schedule_session(
            series,
            SessionInput(
                title=title,
                abstract="How to *optimise* CT protocols.",
                speakers=list(speakers),
                local_start=local_start or local_in(days, zone),
                timezone=zone,
                duration_minutes=duration,
                join_url=join_url,
                capacity=capacity,
                credits=Decimal(credits),
            ),
        )
        db.session.commit()
        return session

    return build
