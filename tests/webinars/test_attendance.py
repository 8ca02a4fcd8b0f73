"""Attendance: marked by hand or imported from Zoom and BigBlueButton reports; credits once."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from webinars.attendance_csv import AttendanceFileError, parse_report
from webinars.models import Attendance

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def held(create_session, create_user):
    """A 60-minute session held yesterday, with three registered learners."""
    session = create_session(days=-1, duration=60)
    people = {
        name: create_user(email=f"{name.split()[0].lower()}@example.org", full_name=name)
        for name in ("Ana Sousa", "Ben Berg", "Cleo Costa")
    }
    return session, people


def upload(client, session, content: bytes, filename="report.csv"):
    from io import BytesIO

    url = f"/organise/sessions/{session.id}/attendance/import"
    return client.submit(
        url,
        {"report": (BytesIO(content), filename)},
        page=f"/organise/sessions/{session.id}/attendance",
        content_type="multipart/form-data",
    )


def credits() -> dict[int, str]:
    return {e.user_id: e.evidence for e in db.session.scalars(select(CreditEntry))}


def test_zoom_report_merges_rejoins_and_reports_what_it_skipped(client, organiser, login, held):
    session, people = held
    login(organiser)
    response = upload(client, session, (SAMPLES / "zoom_participants.csv").read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "6 rows read; 2 learners recorded, 1 with credits" in page
    assert "visitor@elsewhere.example" in page  # unmatched, reported
    assert "Line 9: no email address" in page and "Line 10: duration" in page  # reported
    minutes = {a.user_id: a.minutes for a in db.session.scalars(select(Attendance))}
    # Ana's two overlapping visits (13:59:10-14:31, 14:29-15:00) count once: 60 whole minutes.
    assert minutes == {people["Ana Sousa"].id: 60, people["Ben Berg"].id: 20}
    assert set(credits()) == {people["Ana Sousa"].id}
    assert "Attended 60 of 60 minutes" in credits()[people["Ana Sousa"].id]


def test_importing_twice_changes_nothing(client, organiser, login, held):
    session, _ = held
    login(organiser)
    content = (SAMPLES / "zoom_participants.csv").read_bytes()
    upload(client, session, content)
    upload(client, session, content)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1


def test_bigbluebutton_report_with_semicolons_and_clock_durations(client, organiser, login, held):
    session, people = held
    login(organiser)
    upload(client, session, (SAMPLES / "bbb_attendees.csv").read_bytes())
    # Cleo: 60 of 60 minutes; Ben: 50 minutes, above the 48 that 80 % asks.
    assert set(credits()) == {people["Cleo Costa"].id, people["Ben Berg"].id}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "not a text"),
        (b"just,some,columns\n1,2,3\n", "No header row"),
        (b"", "No header row"),
        ("Name,Email\nZoë,zoe@example.org\n".encode("utf-16"), "No header row"),
        (b"Name,Email\n\xfa\xfb not text at all \xc3(", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_and_change_nothing(
    client, organiser, login, held, content, message
):
    session, _ = held
    login(organiser)
    response = upload(client, session, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_manual_marking_awards_credit_once_at_the_threshold(client, organiser, login, held):
    session, people = held
    ana = people["Ana Sousa"]
    login(organiser)
    url = f"/organise/sessions/{session.id}/attendance/{ana.id}"
    # Only registered learners can be marked by hand.
    assert client.submit(url, {"minutes": "60"}).status_code == 404
    from webinars.models import Registration, RegistrationStatus

    db.session.add(
        Registration(session_id=session.id, user_id=ana.id, status=RegistrationStatus.REGISTERED)
    )
    db.session.commit()
    client.submit(url, {"minutes": "47"})
    assert credits() == {}
    client.submit(url, {"minutes": "48"})
    client.submit(url, {"minutes": "60"})
    assert list(credits()) == [ana.id]
    page = client.get(f"/organise/sessions/{session.id}/attendance").get_data(as_text=True)
    assert "Awarded" in page and 'value="60"' in page


def test_attendance_pages_are_for_organisers(client, create_user, login, held):
    session, _ = held
    login(create_user(role=Role.AUTHOR))
    assert client.get(f"/organise/sessions/{session.id}/attendance").status_code == 403
    assert upload(client, session, b"x").status_code == 403


def test_report_parser_reads_a_header_after_a_preamble():
    report = parse_report((SAMPLES / "zoom_participants.csv").read_bytes())
    assert report.rows == 6 and set(report.attendees) >= {"ana@example.org", "ben@example.org"}
    with pytest.raises(AttendanceFileError):
        parse_report(b"a" * (5 * 1024 * 1024 + 1))


def test_a_utf16_report_is_read(client, organiser, login, held):
    session, people = held
    login(organiser)
    text = (SAMPLES / "bbb_attendees.csv").read_text()
    upload(client, session, text.encode("utf-16"))
    assert set(credits()) == {people["Cleo Costa"].id, people["Ben Berg"].id}
