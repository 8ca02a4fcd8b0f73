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
            # Claimed and committed before the mail goes: another run (cron on a second
            # machine, an overlapping run) skips it. A crash right after the claim loses that
            # one reminder rather than sending it twice.
            claimed = operations.claim_reminder(registration, utcnow())
            db.session.commit()
            if not claimed:
                continue
            if notifications.send_reminder(registration):
                sent += 1
            else:
                operations.release_reminder(registration)
                db.session.commit()
                failed += 1
    click.echo(f"Sent {sent} reminders." + (f" {failed} could not be sent." if failed else ""))
    if failed:
        raise SystemExit(1)
