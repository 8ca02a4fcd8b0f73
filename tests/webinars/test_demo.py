"""The demo content that `flask demo load` adds to webinars."""

from sqlalchemy import func, select

from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from webinars.models import SessionStatus, WebinarSession


def test_demo_has_a_series_across_zones_with_past_upcoming_and_cancelled(app, client):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    sessions = db.session.scalars(select(WebinarSession)).all()
    assert len(sessions) >= 6
    assert len({s.timezone for s in sessions}) >= 4
    assert any(s.status is SessionStatus.CANCELLED for s in sessions)
    assert sum(bool(s.recording_url) for s in sessions) >= 3
    webinar_credits = select(func.count()).where(CreditEntry.activity_kind == "webinar")
    assert db.session.scalar(webinar_credits) >= 3
    page = client.get("/webinars/").get_data(as_text=True)
    assert "Upcoming" in page and "Past sessions" in page
    assert client.get("/webinars/feed.ics").status_code == 200
