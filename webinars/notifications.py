"""Mail to learners about their sessions: changes, places freed, reminders (with the .ics)."""

import logging
import smtplib

from flask import render_template

from elearning.mail import Attachment, send_mail

from . import feeds, queries
from .models import Registration, RegistrationStatus
from .operations import Change

log = logging.getLogger(__name__)


def _ics(registration: Registration) -> Attachment:
    # A place on the waiting list is no place: the join link goes to registered learners only.
    registered = registration.status is RegistrationStatus.REGISTERED
    body = feeds.session_calendar(registration.session, with_join_url=registered)
    return Attachment("webinar.ics", body, "text/calendar")


def _send(registration: Registration, subject: str, template: str, **context) -> bool:
    """Send one mail; a failure is logged and reported, never raised into the request."""
    session = registration.session
    body = render_template(template, registration=registration, session=session, **context)
    try:
        send_mail(registration.user.email, subject, body, [_ics(registration)])
    except (smtplib.SMTPException, OSError):
        log.exception("Could not mail %s about session %s", registration.user.email, session.id)
        return False
    return True


def announce(change: Change) -> int:
    """Tell learners what changed; returns the number of mails sent."""
    session, sent = change.session, 0
    if change.kind:
        for registration in queries.registrations(session):
            subject = (
                f"{'Cancelled' if change.kind == 'cancelled' else 'New time'}: {session.title}"
            )
            sent += _send(registration, subject, "mail/webinar_change.txt", kind=change.kind)
    for registration in change.promoted:
        sent += _send(registration, f"You have a place: {session.title}", "mail/webinar_place.txt")
    return sent


def announce_places(registrations: list[Registration]) -> int:
    return sum(
        _send(r, f"You have a place: {r.session.title}", "mail/webinar_place.txt")
        for r in registrations
    )


def send_reminder(registration: Registration) -> bool:
    return _send(
        registration, f"Tomorrow: {registration.session.title}", "mail/webinar_reminder.txt"
    )
