"""The credit ledger: one award per learner and activity, revocation with an audit trail,
the learner's record, and the accreditation export."""

import csv
import io
import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.ledger.models import CreditEntry, LedgerAction, LedgerEvent
from elearning.ledger.operations import Award, award_credit


def award(
    user,
    activity_id=1,
    *,
    kind="module",
    title="CT dose modulation",
    credits="0.5",
    when=None,
    group="CT",
):
    entry, _ = award_credit(
        user, Award(kind, activity_id, 1, title, group, Decimal(credits), "Quiz passed: 100%")
    )
    if when is not None:
        entry.awarded_at = when
    db.session.commit()
    return entry


def test_awarding_twice_returns_the_first_entry(create_user):
    user = create_user()
    first, second = award(user), award(user)
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1
    events = db.session.scalars(select(LedgerEvent)).all()
    assert [e.action for e in events] == [LedgerAction.AWARDED]


def test_concurrent_awards_make_one_entry(app, create_user):
    user_id = create_user().id
    barrier = threading.Barrier(4)
    errors = []

    def go():
        with app.app_context():
            from elearning.accounts.models import User

            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                award_credit(user, Award("webinar", 7, 0, "Live", "Series", Decimal(1), "60 min"))
                db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1


def test_admin_revokes_with_a_reason_and_nothing_is_deleted(client, create_user, login):
    learner = create_user(email="lena@example.org")
    entry = award(learner)
    admin = create_user(role=Role.ADMIN, full_name="Ada Admin")
    login(admin)
    url = f"/admin/credits/{entry.id}/revoke"
    response = client.submit(
        url, {"reason": ""}, page=f"/admin/credits/{entry.id}", follow_redirects=True
    )
    assert "Give the reason" in response.get_data(as_text=True)
    client.submit(url, {"reason": "Attendance report was wrong"}, page=f"/admin/credits/{entry.id}")
    db.session.refresh(entry)
    assert entry.is_revoked and entry.revoked_by_id == admin.id
    page = client.get(f"/admin/credits/{entry.id}").get_data(as_text=True)
    assert "revoked by Ada Admin: Attendance report was wrong" in page
    assert "awarded" in page
    again = client.submit(
        url, {"reason": "again"}, page=f"/admin/credits/{entry.id}", follow_redirects=True
    )
    assert "already been revoked" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1


@pytest.mark.parametrize("role", [Role.LEARNER, Role.AUTHOR, Role.ORGANISER])
def test_only_admins_see_the_ledger_and_revoke(client, create_user, login, role):
    entry = award(create_user())
    login(create_user(role=role))
    assert client.get("/admin/credits/").status_code == 403
    assert client.get("/admin/credits/export.csv").status_code == 403
    assert client.submit(f"/admin/credits/{entry.id}/revoke", {"reason": "x"}).status_code == 403
    db.session.refresh(entry)
    assert not entry.is_revoked


def test_the_learner_sees_their_own_record_only(app, client, create_user, login):
    mine = award(create_user(email="me@example.org"), title="My module")
    award(create_user(email="other@example.org"), title="Their module")
    login(mine.user)
    page = client.get("/credits").get_data(as_text=True)
    assert "My module" in page and "Their module" not in page


def export_rows(client, query=""):
    response = client.get(f"/admin/credits/export.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.was_streamed
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_export_for_a_period_with_filters(client, create_user, login):
    lena = create_user(email="lena@example.org", full_name="Zoë Łukasiewicz-Ørsted", country="PL")
    award(lena, 1, title="Early", when=datetime(2026, 1, 10, tzinfo=UTC))
    award(lena, 2, title="Inside", when=datetime(2026, 6, 30, 23, 0, tzinfo=UTC))
    award(
        lena,
        3,
        kind="webinar",
        title="Webinar",
        group="Series",
        when=datetime(2026, 6, 1, tzinfo=UTC),
    )
    login(create_user(role=Role.ADMIN))
    rows = export_rows(client, "?from=2026-06-01&to=2026-06-30")
    assert rows[0][:4] == ["Learner", "Email", "Profession", "Country"]
    assert [r[4] for r in rows[1:]] == ["Webinar", "Inside"]
    assert rows[1][0] == "Zoë Łukasiewicz-Ørsted" and rows[1][3] == "Poland"
    assert [r[4] for r in export_rows(client, "?kind=module")[1:]] == ["Early", "Inside"]
    assert [r[4] for r in export_rows(client, "?group=Series")[1:]] == ["Webinar"]
    assert client.get("/admin/credits/export.csv?from=2026-13-01").status_code == 400
    assert client.get("/admin/credits/export.csv?from=2026-06-02&to=2026-06-01").status_code == 400


def test_export_neutralises_formulas(client, create_user, login):
    user = create_user(email="eve@example.org", full_name="Eve Evans")
    award(user, title='=HYPERLINK("http://evil.example","click")')
    award(user, 2, title="+1+1", group="@SUM(A1)")
    login(create_user(role=Role.ADMIN))
    cells = [cell for row in export_rows(client)[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'+1+1" in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_admin_ledger_lists_filters_and_links_the_export(client, create_user, login, count_queries):
    lena = create_user(email="lena@example.org", full_name="Lena Lind")
    award(lena, 1, title="CT dose modulation", when=datetime(2026, 3, 1, tzinfo=UTC))
    award(
        lena,
        2,
        kind="webinar",
        title="Live session",
        group="Series",
        when=datetime(2026, 4, 1, tzinfo=UTC),
    )
    login(create_user(role=Role.ADMIN))
    page = client.get("/admin/credits/?q=lena&from=2026-01-01&kind=webinar")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "1 entry" in text and "Live session" in text and "CT dose modulation" not in text
    assert "/admin/credits/export.csv?from=2026-01-01&amp;kind=webinar" in text
    with count_queries() as few:
        client.get("/admin/credits/")
    for n in range(3, 30):
        award(create_user(), n)
    with count_queries() as many:
        client.get("/admin/credits/")
    assert few.count == many.count
