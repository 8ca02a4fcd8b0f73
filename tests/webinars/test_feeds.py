"""iCalendar feeds: contents, stable UIDs, SEQUENCE, conditional GETs, personal tokens."""

import os
import uuid
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import select

from elearning.extensions import db
from webinars import operations
from webinars.models import CalendarToken, RecordingAccess, WebinarSession
from webinars.operations import SessionInput


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def reschedule(session: WebinarSession, local_start: datetime) -> None:
    operations.update_session(
        session,
        SessionInput(
            title=session.title,
            abstract=session.abstract,
            speakers=[(s.name, s.affiliation) for s in session.speakers],
            local_start=local_start,
            timezone=session.timezone,
            duration_minutes=session.duration_minutes,
            join_url=session.join_url,
            capacity=session.capacity,
            credits=session.credits,
        ),
    )
    db.session.commit()


def test_public_feed_holds_upcoming_and_recent_sessions_with_every_field(client, create_session):
    upcoming = create_session("Upcoming", local_start=datetime(2030, 7, 1, 14, 0))
    create_session("Recent", days=-30)
    create_session("Too old", days=-120)
    response = client.get("/webinars/feed.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.data)
    assert set(found) == {"Upcoming", "Recent"}
    event = found["Upcoming"]
    assert str(event["UID"]).startswith(upcoming.uid)
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == datetime(2030, 7, 1, 12, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=60)
    for name in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
        assert name in event
    assert "Dr Ana Sousa (Hospital de Santa Maria)" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://learn.example.test/webinars/{upcoming.id}"
    assert "LOCATION" not in event  # no join link in public feeds
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_feeds_parse_in_an_independent_parser(client, create_session):
    create_session("Brussels", local_start=datetime(2030, 3, 28, 10, 0))
    create_session("Lisbon", local_start=datetime(2030, 3, 28, 10, 0), zone="Europe/Lisbon")
    create_session("Helsinki", local_start=datetime(2030, 3, 28, 10, 0), zone="Europe/Helsinki")
    # vobject (the parser behind Radicale and other CalDAV software) reads the feed on its own.
    parsed = vobject.readOne(client.get("/webinars/feed.ics").data.decode())
    starts = {e.summary.value: e.dtstart.value.astimezone(UTC) for e in parsed.vevent_list}
    assert starts == {
        "Brussels": datetime(2030, 3, 28, 9, 0, tzinfo=UTC),
        "Lisbon": datetime(2030, 3, 28, 10, 0, tzinfo=UTC),
        "Helsinki": datetime(2030, 3, 28, 8, 0, tzinfo=UTC),
    }
    assert len(parsed.vtimezone_list) == 3


def test_uid_is_stable_and_sequence_rises_on_reschedule_and_cancel(client, create_session):
    session = create_session(local_start=datetime(2030, 7, 1, 14, 0))
    first = events(client.get("/webinars/feed.ics").data)["CT dose optimisation"]
    reschedule(session, datetime(2030, 7, 2, 15, 0))
    second = events(client.get("/webinars/feed.ics").data)["CT dose optimisation"]
    assert second["UID"] == first["UID"] and second["SEQUENCE"] == 1
    assert second.decoded("DTSTART") == datetime(2030, 7, 2, 13, 0, tzinfo=UTC)
    operations.cancel_session(session)
    db.session.commit()
    third = events(client.get("/webinars/feed.ics").data)["CT dose optimisation"]
    assert third["UID"] == first["UID"] and third["SEQUENCE"] == 2
    assert third["STATUS"] == "CANCELLED"  # kept, so that clients remove it


def test_conditional_gets_answer_304_until_something_changes(client, create_session):
    session = create_session()
    first = client.get("/webinars/feed.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "public" in first.headers["Cache-Control"]
    assert client.get("/webinars/feed.ics", headers={"If-None-Match": etag}).status_code == 304
    assert (
        client.get("/webinars/feed.ics", headers={"If-Modified-Since": modified}).status_code == 304
    )
    reschedule(session, datetime(2031, 1, 5, 9, 0))
    changed = client.get("/webinars/feed.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"DTSTART;TZID=Europe/Brussels:20310105T090000" in changed.data


def test_a_change_reaches_every_instance_through_the_shared_cache(
    app, database_url, create_session
):
    from app import create_app
    from tests.conftest import _config

    session = create_session()
    other = create_app(_config(database_url))
    assert b"CT dose optimisation" in other.test_client().get("/webinars/feed.ics").data
    session.title = "Renamed session"
    session.updated_at = datetime.now(UTC)
    db.session.commit()
    assert b"Renamed session" in other.test_client().get("/webinars/feed.ics").data
    with other.app_context():
        db.engine.dispose()


def test_series_feed_and_session_download(client, create_session):
    one = create_session("One", series_title="Series A")
    create_session("Two", series_title="Series B")
    assert set(events(client.get(f"/webinars/series/{one.series.slug}/feed.ics").data)) == {"One"}
    assert client.get("/webinars/series/nope/feed.ics").status_code == 404
    download = client.get(f"/webinars/{one.id}.ics")
    assert set(events(download.data)) == {"One"}
    page = client.get("/webinars/").get_data(as_text=True)
    assert "webcal://learn.example.test/webinars/feed.ics" in page


def test_recordings_appear_in_the_feed(client, create_session):
    session = create_session(days=-5)
    operations.set_recording(
        session, url="https://video.example.org/42", access=RecordingAccess.PUBLIC, slides_url=""
    )
    db.session.commit()
    event = events(client.get("/webinars/feed.ics").data)["CT dose optimisation"]
    assert "Recording: https://video.example.org/42" in str(event["DESCRIPTION"])


def test_public_feed_query_count_does_not_grow(client, create_session, count_queries):
    from elearning.extensions import cache

    counts = []
    made = 0
    for total in (2, 12):
        while made < total:
            made += 1
            create_session(f"Session {made}", days=made)
        cache.clear()
        with count_queries() as rebuilt:
            etag = client.get("/webinars/feed.ics").headers["ETag"]
        with count_queries() as cached:
            client.get("/webinars/feed.ics")
        with count_queries() as poll:
            assert (
                client.get("/webinars/feed.ics", headers={"If-None-Match": etag}).status_code == 304
            )
        counts.append((rebuilt.count, cached.count, poll.count))
    assert counts[0] == counts[1], counts
    assert counts[0][1] == counts[0][2] == 1  # one aggregate query answers a cached feed or a 304


def test_personal_feed_works_without_login_and_holds_join_links(
    app, client, create_session, create_user, login
):
    session = create_session()
    create_session("Not mine")
    user = create_user()
    login(user)
    client.submit(f"/webinars/{session.id}/register", page="/account")
    page = client.get("/webinars/calendar").get_data(as_text=True)
    url = page.split('id="feed-url" type="text" value="')[1].split('"')[0]
    assert url.startswith("http://learn.example.test/webinars/calendar/") and len(url) > 80
    anonymous = app.test_client()
    response = anonymous.get(url.removeprefix("http://learn.example.test"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    found = events(response.data)
    assert set(found) == {"CT dose optimisation"}
    assert str(found["CT dose optimisation"]["LOCATION"]) == "https://meet.example.org/secret-room"
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.scalar(select(CalendarToken))
    assert token not in (stored.nonce, stored.token_digest)  # a database leak gives no URL


def test_renewing_the_token_stops_the_old_url_at_once(app, client, create_user, login):
    login(create_user())
    old = (
        client.get("/webinars/calendar")
        .get_data(as_text=True)
        .split('id="feed-url" type="text" value="')[1]
        .split('"')[0]
    )
    old_path = old.removeprefix("http://learn.example.test")
    assert app.test_client().get(old_path).status_code == 200
    client.submit("/webinars/calendar", page="/webinars/calendar")
    assert app.test_client().get(old_path).status_code == 404
    new = client.get("/webinars/calendar").get_data(as_text=True)
    assert old not in new


def test_unknown_tokens_and_other_learners_feeds(app, client):
    assert client.get("/webinars/calendar/not-a-token.ics").status_code == 404
    assert client.get("/webinars/calendar").status_code == 302  # the page needs a login


def test_a_place_on_the_waiting_list_does_not_get_the_join_link(
    app, client, create_session, create_user, login
):
    session = create_session(capacity=1)
    operations.register(create_user(), session)
    db.session.commit()
    login(create_user())
    client.submit(f"/webinars/{session.id}/register", page="/account")
    page = client.get("/webinars/calendar").get_data(as_text=True)
    path = (
        page.split('id="feed-url" type="text" value="')[1]
        .split('"')[0]
        .removeprefix("http://learn.example.test")
    )
    feed = app.test_client().get(path).data
    event = events(feed)["CT dose optimisation"]
    assert "LOCATION" not in event and b"secret-room" not in feed


def test_personal_and_session_feeds_answer_304_until_they_change(
    app, client, create_session, create_user, login
):
    session = create_session()
    login(create_user())
    client.submit(f"/webinars/{session.id}/register", page="/account")
    page = client.get("/webinars/calendar").get_data(as_text=True)
    path = (
        page.split('id="feed-url" type="text" value="')[1]
        .split('"')[0]
        .removeprefix("http://learn.example.test")
    )
    calendar = app.test_client()
    etag = calendar.get(path).headers["ETag"]
    assert calendar.get(path, headers={"If-None-Match": etag}).status_code == 304
    single = client.get(f"/webinars/{session.id}.ics")
    assert (
        client.get(
            f"/webinars/{session.id}.ics", headers={"If-None-Match": single.headers["ETag"]}
        ).status_code
        == 304
    )
    client.submit(f"/webinars/{session.id}/unregister", page="/account")
    assert calendar.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_a_registration_does_not_touch_the_public_feed(client, create_session, create_user, login):
    session = create_session()
    etag = client.get("/webinars/feed.ics").headers["ETag"]
    login(create_user())
    client.submit(f"/webinars/{session.id}/register", page="/account")
    assert client.get("/webinars/feed.ics", headers={"If-None-Match": etag}).status_code == 304


REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set: shared feed cache not tested")
def test_with_a_shared_cache_polls_need_no_query_and_changes_reach_every_instance(
    app, database_url, create_session
):
    from sqlalchemy import event

    from app import create_app
    from tests.conftest import _config

    settings = {
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}:",
    }
    first, second = (create_app(_config(database_url, **settings)) for _ in range(2))
    session_id = create_session().id
    db.session.commit()
    client = second.test_client()
    etag = client.get("/webinars/feed.ics").headers["ETag"]
    with second.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    poll = client.get("/webinars/feed.ics", headers={"If-None-Match": etag})
    assert poll.status_code == 304
    assert statements == []  # the validators came from the shared cache
    with first.app_context():  # an organiser's change through the other instance
        changed = db.session.get(WebinarSession, session_id)
        changed.title = "Renamed session"
        db.session.commit()
    poll = client.get("/webinars/feed.ics", headers={"If-None-Match": etag})
    assert poll.status_code == 200
    assert "Renamed session" in events(poll.data)
    for instance in (first, second):
        with instance.app_context():
            db.engine.dispose()
