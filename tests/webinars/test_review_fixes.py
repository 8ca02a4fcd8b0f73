"""Regressions found in review of webinars: each failed before its fix."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from elearning.extensions import db
from elearning.types import utcnow
from webinars import operations as webinar_ops
from webinars.models import Registration


def test_waiting_list_mail_carries_no_join_link(app, create_session, create_user, mailbox):
    from webinars import notifications

    session = create_session(capacity=1)
    webinar_ops.register(create_user(email="first@example.org"), session)
    webinar_ops.register(create_user(email="waiting@example.org"), session)
    local = session.starts_at.astimezone(ZoneInfo(session.timezone)).replace(tzinfo=None)
    change = webinar_ops.update_session(session, _same(session, local + timedelta(hours=1)))
    db.session.commit()
    with app.test_request_context():
        notifications.announce(change)

    def attachment(to):
        message = next(m for m in mailbox.messages if m["To"] == to)
        return next(message.iter_attachments()).get_payload(decode=True)

    assert b"meet.example.org" in attachment("first@example.org")
    assert b"meet.example.org" not in attachment("waiting@example.org")


def _same(session, local_start):
    return webinar_ops.SessionInput(
        title=session.title,
        abstract="",
        speakers=[],
        local_start=local_start,
        timezone=session.timezone,
        duration_minutes=session.duration_minutes,
        join_url=session.join_url,
        capacity=session.capacity,
        credits=Decimal(1),
    )


def test_no_unregistering_once_a_session_has_started(client, create_session, create_user, login):
    session = create_session(days=-0.01, duration=60)
    user = create_user()
    db.session.add(Registration(session_id=session.id, user_id=user.id, status="registered"))
    db.session.commit()
    login(user)
    response = client.submit(
        f"/webinars/{session.id}/unregister", page="/account", follow_redirects=True
    )
    assert "has started" in response.get_data(as_text=True)


def test_a_new_time_brings_a_new_reminder(create_session, create_user):
    session = create_session(days=0.5)
    registration = webinar_ops.register(create_user(), session)
    registration.reminded_at = utcnow()
    db.session.commit()
    local = session.starts_at.astimezone(ZoneInfo(session.timezone))
    webinar_ops.update_session(
        session, _same(session, (local + timedelta(hours=2)).replace(tzinfo=None))
    )
    db.session.commit()
    db.session.refresh(registration)
    assert registration.reminded_at is None
