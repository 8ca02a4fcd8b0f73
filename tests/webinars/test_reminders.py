"""`flask webinars send-reminders`, against a real local SMTP server."""

from datetime import timedelta

from elearning.extensions import db
from elearning.types import utcnow
from webinars import operations


def test_reminders_go_once_to_registered_learners_of_sessions_in_the_next_day(
    app, create_session, create_user, mailbox
):
    soon = create_session("Soon", days=0.5)
    later = create_session("Later", days=3)
    cancelled = create_session("Cancelled", days=0.5)
    lena, otto = create_user(email="lena@example.org"), create_user(email="otto@example.org")
    for session in (soon, later, cancelled):
        operations.register(lena, session)
    full = create_session("Full", days=0.5, capacity=1)
    operations.register(lena, full)
    operations.register(otto, full)  # waiting list: no reminder
    operations.cancel_session(cancelled)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["webinars", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 reminders" in result.output
    subjects = sorted(m["Subject"] for m in mailbox.messages)
    assert subjects == ["Tomorrow: Full", "Tomorrow: Soon"]
    assert {m["To"] for m in mailbox.messages} == {"lena@example.org"}
    message = mailbox.messages[0]
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert b"BEGIN:VCALENDAR" in ics.get_payload(decode=True)
    assert "https://meet.example.org/secret-room" in message.as_string()
    again = runner.invoke(args=["webinars", "send-reminders"])
    assert "Sent 0 reminders" in again.output and len(mailbox.messages) == 2


def test_a_failed_mail_is_retried_next_time(app, create_session, create_user):
    session = create_session("Soon", days=0.5)
    operations.register(create_user(), session)
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    result = app.test_cli_runner().invoke(args=["webinars", "send-reminders"])
    assert result.exit_code == 1 and "1 could not be sent" in result.output
    assert operations.due_reminders(session.starts_at - timedelta(hours=1))


def test_overlapping_runs_send_each_reminder_once(
    app, create_session, create_user, mailbox, monkeypatch
):
    # Two cron runs (two machines, or one run still going when the next starts) both find the
    # same due registration; the claim lets only one of them mail it.
    session = create_session("Soon", days=0.5)
    operations.register(create_user(), session)
    db.session.commit()
    found_by_the_other_run = operations.due_reminders(utcnow())
    runner = app.test_cli_runner()
    assert "Sent 1 reminders" in runner.invoke(args=["webinars", "send-reminders"]).output
    monkeypatch.setattr(operations, "due_reminders", lambda now: found_by_the_other_run)
    again = runner.invoke(args=["webinars", "send-reminders"])
    assert "Sent 0 reminders" in again.output
    assert len(mailbox.messages) == 1
