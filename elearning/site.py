"""The site shell: home page, health check and error pages."""

import logging

from flask import Blueprint, Flask, jsonify, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from elearning.extensions import db, limiter

log = logging.getLogger(__name__)
blueprint = Blueprint("site", __name__)

ERROR_TITLES = {
    400: "The request could not be understood",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "This action is not allowed here",
    409: "This cannot be done",
    413: "The upload is too large",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


@blueprint.get("/")
def home():
    return render_template("home.html")


@blueprint.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("Health check: the database does not answer")
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")


def _render_error(code: int, message: str | None = None):
    return render_template(
        "error.html", code=code, title=ERROR_TITLES.get(code, "Error"), message=message
    ), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render_error(
            400,
            "The form could not be accepted because its security token was missing or has "
            "expired. Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        message = error.description
        if error.code == 429:
            message = (
                "There have been too many attempts in a short time. For your security, please "
                "wait a few minutes before trying again."
            )
        elif message and message.startswith(("The requested URL", "The server could not")):
            message = None  # werkzeug's stock text says nothing our page does not say better
        return _render_error(error.code, message)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("Unhandled error", exc_info=error)
        db.session.rollback()
        return _render_error(500)
