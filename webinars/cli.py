"""``flask webinars ...``: reminders, run from cron."""

import click
from flask.cli import AppGroup

from elearning.extensions import db
from elearning.types import utcnow
from elearning.urls import site_context

from . import notifications, operations

webinars_cli = AppGroup("webinars", help="Webinar tasks.")


@webinars_cli.command("send-reminders")
def send_reminders():
    """Mail registered learners about sessions in the next 24 hours, once each, with the .ics."""
    sent = failed = 0
    with site_context():
        for registration in operations.due_reminders(utcnow()):
            if notifications.send_reminder(registration):
                # Committed one by one: a crash half-way never sends a reminder twice.
                registration.reminded_at = utcnow()
                db.session.commit()
                sent += 1
            else:
                failed += 1
    click.echo(f"Sent {sent} reminders." + (f" {failed} could not be sent." if failed else ""))
    if failed:
        raise SystemExit(1)
