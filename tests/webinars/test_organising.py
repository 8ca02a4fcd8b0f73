"""Organisers schedule, reschedule and cancel; learners hear about it by email."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from elearning.accounts.models import Role
from elearning.extensions import db
from webinars.models import Series, SessionStatus, WebinarSession

ORGANISER_PAGES = ["/organise/", "/organise/series/new"]


@pytest.mark.parametrize("path", ORGANISER_PAGES)
@pytest.mark.parametrize("role", [Role.LEARNER, Role.AUTHOR])
def test_organiser_pages_are_refused_to_other_roles(client, create_user, login, path, role):
    login(create_user(role=role))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.ADMIN])
def test_organisers_and_admins_get_in(client, create_user, login, role):
    login(create_user(role=role))
    for path in ORGANISER_PAGES:
        assert client.get(path).status_code == 200


def test_organiser_creates_a_series_and_schedules_a_session(client, organiser, login):
    login(organiser)
    response = client.submit(
        "/organise/series/new",
        {
            "title": "Dose Management Webinars",
            "organising_group": "EuroSafe",
            "description": "Monthly.",
        },
        page="/organise/series/new",
    )
    series = db.session.scalar(select(Series))
    assert response.headers["Location"] == f"/organise/series/{series.id}/sessions/new"
    url = f"/organise/series/{series.id}/sessions/new"
    data = {
        "title": "Clinical DRLs",
        "abstract": "From survey to action.",
        "speakers": "Dr Mikko Laine — HUS\nProf. Ana Sousa",
        "date": "2030-05-14",
        "time": "16:00",
        "timezone": "Europe/Helsinki",
        "duration_minutes": "90",
        "join_url": "https://meet.example.org/drl",
        "capacity": "50",
        "credits": "1.5",
        "attendance_threshold": "75",
    }
    assert client.submit(url, data, page=url).status_code == 302
    session = db.session.scalar(select(WebinarSession))
    assert session.starts_at.astimezone(ZoneInfo("Europe/Helsinki")).hour == 16
    assert [s.name for s in session.speakers] == ["Dr Mikko Laine", "Prof. Ana Sousa"]
    assert (session.capacity, str(session.credits), session.attendance_threshold) == (
        50,
        "1.50",
        75,
    )
    bad = client.submit(
        url, {**data, "join_url": "javascript:alert(1)", "duration_minutes": "0"}, page=url
    )
    page = bad.get_data(as_text=True)
    assert "starting with https://" in page and 'aria-invalid="true"' in page


def _edit_data(session, **changes):
    local = session.starts_at.astimezone(ZoneInfo(session.timezone))
    return {
        "title": session.title,
        "abstract": session.abstract,
        "speakers": "Dr Ana Sousa",
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
        "timezone": session.timezone,
        "duration_minutes": str(session.duration_minutes),
        "join_url": session.join_url,
        "capacity": "",
        "credits": "1",
        "attendance_threshold": "80",
        **changes,
    }


def test_rescheduling_keeps_identity_and_tells_registered_learners(
    app, client, create_session, create_user, login, organiser, mailbox
):
    session = create_session()
    uid = session.uid
    learner = create_user(email="lena@example.org")
    browser = app.test_client()
    login(learner, to=browser)
    browser.submit(f"/webinars/{session.id}/register", page="/account")
    login(organiser)
    url = f"/organise/sessions/{session.id}/edit"
    new_day = (session.starts_at + timedelta(days=1)).astimezone(ZoneInfo(session.timezone))
    client.submit(url, _edit_data(session, date=new_day.strftime("%Y-%m-%d")), page=url)
    db.session.refresh(session)
    assert session.uid == uid and session.sequence == 1
    [message] = mailbox.messages
    assert message["To"] == "lena@example.org" and message["Subject"].startswith("New time")
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert b"SEQUENCE:1" in ics.get_payload(decode=True)
    # A change of title only: no new SEQUENCE, no mail.
    client.submit(url, _edit_data(session, title="New title"), page=url)
    db.session.refresh(session)
    assert session.sequence == 1 and len(mailbox.messages) == 1


def test_cancelling_tells_learners_and_keeps_the_session(
    app, client, create_session, create_user, login, organiser, mailbox
):
    session = create_session()
    browser = app.test_client()
    login(create_user(email="lena@example.org"), to=browser)
    browser.submit(f"/webinars/{session.id}/register", page="/account")
    login(organiser)
    client.submit(f"/organise/sessions/{session.id}/cancel", page="/organise/")
    db.session.refresh(session)
    assert session.status is SessionStatus.CANCELLED and session.sequence == 1
    assert mailbox.messages[0]["Subject"].startswith("Cancelled")
    page = browser.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert "has been cancelled" in page and "secret-room" not in page
    again = client.submit(
        f"/organise/sessions/{session.id}/cancel", page="/organise/", follow_redirects=True
    )
    assert "already cancelled" in again.get_data(as_text=True)


def test_recording_access_rules(app, client, create_session, create_user, login, organiser):
    session = create_session(days=-2)
    login(organiser)
    url = f"/organise/sessions/{session.id}/recording"
    data = {
        "recording_url": "https://video.example.org/7",
        "recording_access": "registered",
        "slides_url": "",
    }
    assert client.submit(url, data, page=url).status_code == 302
    anonymous = app.test_client()
    assert "video.example.org/7" not in anonymous.get(f"/webinars/{session.id}").get_data(
        as_text=True
    )
    stranger = app.test_client()
    login(create_user(), to=stranger)
    page = stranger.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert "video.example.org/7" not in page and "available to learners who registered" in page
    data["recording_access"] = "learners"
    client.submit(url, data, page=url)
    assert "video.example.org/7" in stranger.get(f"/webinars/{session.id}").get_data(as_text=True)


def test_a_recording_can_become_a_module_draft(client, create_session, create_user, login):
    session = create_session(days=-2)
    admin = create_user(role=Role.ADMIN)
    login(admin)
    url = f"/organise/sessions/{session.id}/recording"
    client.submit(
        url,
        {
            "recording_url": "https://video.example.org/9",
            "recording_access": "learners",
            "slides_url": "",
        },
        page=url,
    )
    page = client.get(url).get_data(as_text=True)
    link = page.split('href="/author/modules/new?')[1].split('"')[0]
    form = client.get("/author/modules/new?" + link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="CT dose optimisation"' in form
    assert "https://video.example.org/9" in form
