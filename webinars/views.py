"""Public and learner pages: listings, session pages, registration and calendar feeds."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from elearning.extensions import db, limiter
from elearning.types import utcnow
from elearning.urls import external_url

from . import feeds, notifications, operations, queries
from .models import Series, WebinarSession

blueprint = Blueprint("webinars", __name__, url_prefix="/webinars")

CALENDAR = "text/calendar; charset=utf-8"


def _session_or_404(session_id: int) -> WebinarSession:
    return queries.session_by_id(session_id) or abort(404)


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


def _calendar_response(body: bytes, filename: str, *, private: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = CALENDAR
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    # Personal feeds carry join links: browsers may keep them, shared proxies never.
    response.headers["Cache-Control"] = "private, no-cache" if private else "public, max-age=300"
    return response


def session_url(session_id: int) -> str:
    """The page of a session, for the ledger and the dashboard."""
    return url_for("webinars.session_page", session_id=session_id)


def dashboard_upcoming(user) -> dict:
    return {"registrations": queries.my_upcoming(user, utcnow())}


@blueprint.get("/")
def index():
    now = utcnow()
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    return render_template(
        "webinars/index.html",
        upcoming=queries.upcoming_sessions(now),
        past=queries.past_sessions(now, page),
        series=queries.all_series(),
        feed_url=external_url("webinars.public_feed"),
        webcal=_webcal,
    )


@blueprint.get("/series/<slug>")
def series_page(slug: str):
    series = queries.series_by_slug(slug) or abort(404)
    now = utcnow()
    return render_template(
        "webinars/series.html",
        series=series,
        upcoming=queries.upcoming_sessions(now, series),
        past=queries.past_sessions(now, 1, series),
        feed_url=external_url("webinars.series_feed", slug=slug),
        webcal=_webcal,
    )


@blueprint.get("/<int:session_id>")
def session_page(session_id: int):
    session = _session_or_404(session_id)
    view = queries.learner_view(current_user, session)
    return render_template(
        "webinars/session.html",
        session=session,
        view=view,
        now=utcnow(),
        can_watch=queries.can_watch_recording(current_user, session, view),
        counts=queries.counts(session),
        ics_url=external_url("webinars.session_ics", session_id=session.id),
        webcal=_webcal,
    )


@blueprint.get("/<int:session_id>.ics")
def session_ics(session_id: int):
    session = _session_or_404(session_id)
    view = queries.learner_view(current_user, session)
    registered = view is not None and view.is_registered
    body = feeds.session_calendar(session, with_join_url=registered)
    response = _calendar_response(body, f"webinar-{session.id}.ics", private=registered)
    response.add_etag()
    return response.make_conditional(request)


def _public_feed(series: Series | None):
    now = utcnow()
    etag, last_modified = feeds.feed_validators(now, series)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        body = feeds.feed_body(now, series, etag)
        name = f"{series.slug}.ics" if series else "webinars.ics"
        response = _calendar_response(body, name, private=False)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)


@blueprint.get("/feed.ics")
def public_feed():
    return _public_feed(None)


@blueprint.get("/series/<slug>/feed.ics")
def series_feed(slug: str):
    return _public_feed(queries.series_by_slug(slug) or abort(404))


@blueprint.post("/<int:session_id>/register")
@login_required
def register(session_id: int):
    session = _session_or_404(session_id)
    try:
        registration = operations.register(current_user, session)
    except operations.WebinarError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        if registration.status.value == "waitlisted":
            flash(
                "The session is full: you are on the waiting list and will be told by email "
                "when a place frees up.",
                "info",
            )
        else:
            flash(
                "You are registered. The join link is on this page and in your calendar feed.",
                "success",
            )
    return redirect(url_for(".session_page", session_id=session_id))


@blueprint.post("/<int:session_id>/unregister")
@login_required
def unregister(session_id: int):
    session = _session_or_404(session_id)
    try:
        promoted = operations.unregister(current_user, session)
    except operations.WebinarError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        notifications.announce_places(promoted)
        flash("Your registration has been cancelled.", "info")
    return redirect(url_for(".session_page", session_id=session_id))


@blueprint.route("/calendar", methods=["GET", "POST"])
@login_required
def my_calendar():
    if request.method == "POST":
        operations.regenerate_calendar_token(current_user)
        db.session.commit()
        flash("Your calendar link has been renewed; the old one no longer works.", "success")
        return redirect(url_for(".my_calendar"))
    token = operations.calendar_token(current_user)
    db.session.commit()
    url = external_url("webinars.personal_feed", token=token)
    return render_template("webinars/calendar.html", feed_url=url, webcal=_webcal)


@blueprint.get("/calendar/<token>.ics")
@limiter.limit(lambda: current_app.config.get("FEED_LIMIT", "120 per minute"))
def personal_feed(token: str):
    user = operations.user_for_calendar_token(token)
    if user is None:
        abort(404)
    response = _calendar_response(feeds.personal_feed(user), "my-webinars.ics", private=True)
    response.add_etag()
    return response.make_conditional(request)
