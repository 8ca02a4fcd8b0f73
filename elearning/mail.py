"""Outgoing mail through SMTP, or into the log when no server is configured (development)."""

import logging
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def build_message(
    to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()
) -> EmailMessage:
    """Compose a plain-text message from the configured sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for item in attachments:
        maintype, _, subtype = item.mimetype.partition("/")
        message.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return message


def send_mail(to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()) -> None:
    """Send one message; raises ``smtplib.SMTPException`` or ``OSError`` when delivery fails."""
    config = current_app.config
    message = build_message(to, subject, body, attachments)
    if not config["MAIL_SERVER"]:
        log.info("Mail not sent (no MAIL_SERVER configured):\n%s", message.as_string())
        return
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
