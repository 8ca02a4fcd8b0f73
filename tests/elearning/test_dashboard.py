"""The learner's dashboard: credits this year and in total, the goal, the chart, and the
sections features add; its query count stays flat with 500 completions."""

from datetime import UTC, datetime
from decimal import Decimal

from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.types import utcnow


def add_entries(user, count, *, start=0, kind="module", year=None, credits="0.5"):
    year = year or utcnow().year
    db.session.add_all(
        CreditEntry(
            user_id=user.id,
            activity_kind=kind,
            activity_id=start + n,
            activity_revision=1,
            title=f"Activity {start + n}",
            group_name="CT",
            credits=Decimal(credits),
            evidence="Quiz passed",
            awarded_at=datetime(year, 1, 1 + n % 28, tzinfo=UTC),
        )
        for n in range(count)
    )
    db.session.commit()


def test_dashboard_needs_a_login(client):
    assert client.get("/dashboard").status_code == 302


def test_dashboard_shows_credits_goal_and_history(client, create_user, login):
    user = create_user()
    this_year = utcnow().year
    add_entries(user, 4, credits="1")  # 4 this year
    add_entries(user, 3, start=100, year=this_year - 1, credits="2")  # 6 last year
    login(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"<strong>4</strong> ECMEC in {this_year}" in page
    assert "<strong>10</strong> ECMEC in total" in page
    assert 'value="8"' in page  # 4 of the default goal of 50
    assert "<svg" in page and f"{this_year - 1}: 6 ECMEC" in page
    for title in (
        "Modules in progress",
        "Completed modules",
        "Upcoming webinars",
        "Attended webinars",
    ):
        assert title in page


def test_the_goal_can_be_changed_and_is_checked(client, create_user, login):
    user = create_user()
    login(user)
    client.submit("/dashboard/goal", {"goal": "25"}, page="/dashboard")
    db.session.refresh(user)
    assert user.credit_goal == Decimal(25)
    response = client.submit(
        "/dashboard/goal", {"goal": "lots"}, page="/dashboard", follow_redirects=True
    )
    assert "from 1 to 500" in response.get_data(as_text=True)


def test_dashboard_query_count_does_not_grow_with_history(
    client, create_user, login, count_queries
):
    user = create_user()
    login(user)
    counts = []
    for total in (5, 500):
        add_entries(user, total - ((counts and 5) or 0), start=len(counts) * 10_000)
        add_entries(user, 3 if not counts else 0, start=50_000, kind="webinar")
        with count_queries() as counter:
            page = client.get("/dashboard").get_data(as_text=True)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert "All 500" in page
