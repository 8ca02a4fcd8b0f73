"""Registration, the waiting list, the join link, and capacity under concurrency."""

import threading
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from elearning.extensions import db
from webinars.models import Registration, RegistrationStatus


def register(client, session):
    return client.submit(f"/webinars/{session.id}/register", page=f"/webinars/{session.id}")


def statuses(session) -> dict[str, int]:
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.session_id == session.id)
        .group_by(Registration.status)
    )
    return {status.value: count for status, count in rows}


def test_the_join_link_is_shown_only_to_registered_learners(
    client, create_session, create_user, login
):
    session = create_session()
    assert "secret-room" not in client.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert b"secret-room" not in client.get(f"/webinars/{session.id}.ics").data
    assert b"secret-room" not in client.get("/webinars/feed.ics").data
    login(create_user())
    assert "secret-room" not in client.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert register(client, session).status_code == 302
    page = client.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert "You are registered" in page and "secret-room" in page
    assert b"secret-room" in client.get(f"/webinars/{session.id}.ics").data


def test_registering_twice_keeps_one_registration(client, create_session, create_user, login):
    session = create_session()
    login(create_user())
    register(client, session)
    register(client, session)
    assert statuses(session) == {"registered": 1}


def test_full_sessions_have_a_waiting_list_that_moves_up_in_order(
    app, client, create_session, create_user, login, mailbox
):
    session = create_session(capacity=1)
    first, second, third = (app.test_client() for _ in range(3))
    users = [create_user(full_name=name) for name in ("Ana Sousa", "Ben Berg", "Cleo Costa")]
    for browser, user in zip((first, second, third), users, strict=True):
        login(user, to=browser)
        register(browser, session)
    assert statuses(session) == {"registered": 1, "waitlisted": 2}
    assert "waiting list" in second.get(f"/webinars/{session.id}").get_data(as_text=True)
    assert "1 of 1 taken, 2 waiting" in first.get(f"/webinars/{session.id}").get_data(as_text=True)
    first.submit(f"/webinars/{session.id}/unregister", page="/account")
    rows = {r.user_id: r.status for r in db.session.scalars(select(Registration))}
    assert rows[users[1].id] is RegistrationStatus.REGISTERED  # the first in the queue
    assert rows[users[2].id] is RegistrationStatus.WAITLISTED
    [message] = mailbox.messages
    assert message["To"] == users[1].email and "You have a place" in message["Subject"]
    assert any(part.get_content_type() == "text/calendar" for part in message.iter_attachments())


def test_raising_the_capacity_moves_waiting_learners_up(
    app, client, create_session, create_user, login, organiser
):
    session = create_session(capacity=1)
    for _ in range(3):
        browser = app.test_client()
        login(create_user(), to=browser)
        register(browser, session)
    login(organiser)
    local = session.starts_at.astimezone(ZoneInfo(session.timezone))
    url = f"/organise/sessions/{session.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="CT dose optimisation"' in form
    data = {
        "title": session.title,
        "abstract": session.abstract,
        "speakers": "Dr Ana Sousa",
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
        "timezone": session.timezone,
        "duration_minutes": "60",
        "join_url": session.join_url,
        "capacity": "2",
        "credits": "1",
        "attendance_threshold": "80",
    }
    assert client.submit(url, data, page=url).status_code == 302
    assert statuses(session) == {"registered": 2, "waitlisted": 1}


def test_registration_closes_for_past_and_cancelled_sessions(
    client, create_session, create_user, login
):
    past = create_session(days=-1)
    login(create_user())
    response = client.submit(
        f"/webinars/{past.id}/register", page="/account", follow_redirects=True
    )
    assert "Registration is closed" in response.get_data(as_text=True)
    assert statuses(past) == {}


def test_anonymous_visitors_must_sign_in_to_register(client, create_session):
    session = create_session()
    response = client.submit(f"/webinars/{session.id}/register", page="/login")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_capacity_holds_under_concurrent_registration(app, create_session, create_user, login):
    session = create_session(capacity=3)
    browsers = []
    for _ in range(8):
        browser = app.test_client()
        login(create_user(), to=browser)
        browsers.append((browser, browser.csrf_token("/account")))
    barrier = threading.Barrier(len(browsers))
    results = []
    url = f"/webinars/{session.id}/register"

    def go(browser, token):
        barrier.wait()
        results.append(browser.post(url, data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=go, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [302] * 8
    assert statuses(session) == {"registered": 3, "waitlisted": 5}
