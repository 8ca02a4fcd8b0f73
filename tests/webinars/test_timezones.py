"""Sessions are entered in a zone, stored in UTC, and shown in each viewer's zone."""

from datetime import UTC, datetime

from elearning.extensions import db
from webinars.models import WebinarSession


def test_daylight_saving_is_handled_by_zoneinfo(create_session):
    # Europe switched to summer time on 29 March 2026.
    winter = create_session("Winter", local_start=datetime(2026, 3, 26, 10, 0))
    summer = create_session("Summer", local_start=datetime(2026, 4, 2, 10, 0))
    assert winter.starts_at == datetime(2026, 3, 26, 9, 0, tzinfo=UTC)
    assert summer.starts_at == datetime(2026, 4, 2, 8, 0, tzinfo=UTC)


def test_each_viewer_sees_their_own_zone_with_its_name(client, create_session, create_user, login):
    session = create_session(local_start=datetime(2030, 7, 1, 10, 0), zone="Europe/Brussels")
    page = client.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert "10:00 CEST (Europe/Brussels)" in page  # the site's zone for visitors
    learner = create_user()
    learner.timezone = "Europe/Lisbon"
    db.session.commit()
    login(learner)
    assert "09:00 WEST (Europe/Lisbon)" in client.get(f"/webinars/{session.id}").get_data(
        as_text=True
    )
    assert "09:00 WEST" in client.get("/webinars/").get_data(as_text=True)


def test_learners_choose_their_zone_on_the_profile(client, create_user, login):
    user = create_user(country="FI")
    login(user)
    data = {
        "full_name": user.full_name,
        "profession": "nurse",
        "country": "FI",
        "timezone": "Europe/Helsinki",
    }
    assert client.submit("/account", data, page="/account").status_code == 302
    db.session.refresh(user)
    assert user.timezone == "Europe/Helsinki"
    response = client.submit("/account", {**data, "timezone": "Mars/Olympus"}, page="/account")
    assert "Not a valid choice" in response.get_data(as_text=True)


def _session_form(series_id, **changes):
    return {
        "title": "Eye-lens protection",
        "abstract": "Glasses and shields.",
        "speakers": "Dr Eleni Georgiou — Evangelismos Hospital",
        "date": "2030-03-31",
        "time": "02:30",
        "timezone": "Europe/Athens",
        "duration_minutes": "60",
        "join_url": "https://meet.example.org/x",
        "capacity": "",
        "credits": "1",
        "attendance_threshold": "80",
        **changes,
    }


def test_a_time_that_the_clocks_skip_is_refused(client, organiser, login, create_session):
    login(organiser)
    series_id = create_session().series_id
    url = f"/organise/series/{series_id}/sessions/new"
    # 31 March 2030, 03:00-04:00 does not exist in Athens (clocks go from 03:00 to 04:00).
    response = client.submit(url, _session_form(series_id, time="03:30"), page=url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "does not exist on 31 March 2030 in Europe/Athens" in page
    assert 'aria-describedby="time-error" aria-invalid="true"' in page
    assert db.session.query(WebinarSession).count() == 1
    response = client.submit(url, _session_form(series_id, time="02:30"), page=url)
    assert response.status_code == 302
    created = db.session.query(WebinarSession).order_by(WebinarSession.id.desc()).first()
    assert created.starts_at == datetime(2030, 3, 31, 0, 30, tzinfo=UTC)
    assert [(s.name, s.affiliation) for s in created.speakers] == [
        ("Dr Eleni Georgiou", "Evangelismos Hospital")
    ]
