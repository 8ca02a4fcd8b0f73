"""Organiser pages: series, sessions, recordings and attendance."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.security import role_required
from elearning.types import utcnow

from . import attendance as attendance_ops
from . import notifications, operations, queries
from .attendance_csv import AttendanceFileError
from .forms import AttendanceImportForm, MinutesForm, RecordingForm, SeriesForm, SessionForm
from .models import RecordingAccess, Series, WebinarSession

blueprint = Blueprint("organising", __name__, url_prefix="/organise")


def _series(series_id: int) -> Series:
    return db.session.get(Series, series_id) or abort(404)


def _session(session_id: int) -> WebinarSession:
    return queries.session_by_id(session_id) or abort(404)


def _session_input(form: SessionForm) -> operations.SessionInput:
    return operations.SessionInput(
        title=form.title.data,
        abstract=form.abstract.data or "",
        speakers=operations.parse_speakers(form.speakers.data or ""),
        local_start=datetime.combine(form.date.data, form.time.data),
        timezone=form.timezone.data,
        duration_minutes=form.duration_minutes.data,
        join_url=form.join_url.data or "",
        capacity=form.capacity.data,
        credits=form.credits.data,
        attendance_threshold=form.attendance_threshold.data,
    )


def _show_error(form: SessionForm, error: operations.WebinarError) -> None:
    """Put the error next to the field it is about, so the field is marked and linked to it."""
    if isinstance(error, operations.NonexistentTime):
        form.time.errors.append(str(error))
    else:
        form.form_errors.append(str(error))


@blueprint.get("/")
@role_required(Role.ORGANISER)
def index():
    now = utcnow()
    return render_template(
        "organising/index.html",
        series=queries.all_series(),
        upcoming=queries.upcoming_sessions(now),
        past=queries.past_sessions(now, 1),
    )


@blueprint.route("/series/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_series():
    form = SeriesForm()
    if form.validate_on_submit():
        series = operations.create_series(
            current_user,
            title=form.title.data,
            description=form.description.data or "",
            organising_group=form.organising_group.data or "",
        )
        db.session.commit()
        flash("Series created. Schedule its first session.", "success")
        return redirect(url_for(".new_session", series_id=series.id))
    return render_template("organising/series_form.html", form=form, series=None)


@blueprint.route("/series/<int:series_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_series(series_id: int):
    series = _series(series_id)
    form = SeriesForm(obj=series)
    if form.validate_on_submit():
        operations.update_series(
            series,
            title=form.title.data,
            description=form.description.data or "",
            organising_group=form.organising_group.data or "",
        )
        db.session.commit()
        flash("Series saved.", "success")
        return redirect(url_for(".index"))
    return render_template("organising/series_form.html", form=form, series=series)


@blueprint.route("/series/<int:series_id>/sessions/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_session(series_id: int):
    series = _series(series_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = operations.schedule_session(series, _session_input(form))
        except operations.WebinarError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash("Session scheduled.", "success")
            return redirect(url_for("webinars.session_page", session_id=session.id))
    return render_template("organising/session_form.html", form=form, series=series, session=None)


@blueprint.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_session(session_id: int):
    session = _session(session_id)
    form = SessionForm(obj=session)
    if request.method == "GET":
        local = session.starts_at.astimezone(ZoneInfo(session.timezone))
        form.date.data, form.time.data = local.date(), local.time()
        form.speakers.data = operations.format_speakers(session)
    if form.validate_on_submit():
        try:
            change = operations.update_session(session, _session_input(form))
        except operations.WebinarError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            sent = notifications.announce(change)
            flash(
                "Session saved." + (f" {sent} learners were told by email." if sent else ""),
                "success",
            )
            return redirect(url_for("webinars.session_page", session_id=session.id))
    return render_template(
        "organising/session_form.html", form=form, series=session.series, session=session
    )


@blueprint.post("/sessions/<int:session_id>/cancel")
@role_required(Role.ORGANISER)
def cancel_session(session_id: int):
    session = _session(session_id)
    try:
        change = operations.cancel_session(session)
    except operations.WebinarError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        sent = notifications.announce(change)
        flash(f"Session cancelled. {sent} learners were told by email.", "success")
    return redirect(url_for("webinars.session_page", session_id=session_id))


@blueprint.post("/sessions/<int:session_id>/complete")
@role_required(Role.ORGANISER)
def complete_session(session_id: int):
    session = _session(session_id)
    try:
        operations.complete_session(session)
    except operations.WebinarError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("Marked as held.", "success")
    return redirect(url_for(".attendance", session_id=session_id))


@blueprint.route("/sessions/<int:session_id>/recording", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def recording(session_id: int):
    session = _session(session_id)
    form = RecordingForm(obj=session)
    if form.validate_on_submit():
        operations.set_recording(
            session,
            url=form.recording_url.data or "",
            access=RecordingAccess(form.recording_access.data),
            slides_url=form.slides_url.data or "",
        )
        db.session.commit()
        flash("Recording and slides saved.", "success")
        return redirect(url_for("webinars.session_page", session_id=session.id))
    publisher = current_app.extensions.get("recording_publisher")
    publish_url = publisher(session) if publisher and session.recording_url else None
    return render_template(
        "organising/recording.html", form=form, session=session, publish_url=publish_url
    )


@blueprint.get("/sessions/<int:session_id>/attendance")
@role_required(Role.ORGANISER)
def attendance(session_id: int, import_result=None, import_form=None):
    session = _session(session_id)
    return render_template(
        "organising/attendance.html",
        session=session,
        registrations=queries.registrations(session),
        attendance=queries.attendance_by_user(session),
        credited=queries.credited_users(session),
        import_form=import_form or AttendanceImportForm(),
        minutes_form=MinutesForm(),
        result=import_result,
    )


@blueprint.post("/sessions/<int:session_id>/attendance/import")
@role_required(Role.ORGANISER)
def import_attendance(session_id: int):
    session = _session(session_id)
    form = AttendanceImportForm()
    result = None
    if form.validate_on_submit():
        try:
            result = attendance_ops.import_attendance(session, form.report.data.read())
        except (AttendanceFileError, operations.WebinarError) as error:
            db.session.rollback()
            form.report.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Imported: {len(result.recorded)} learners recorded.", "success")
    status = 200 if not form.errors else 400
    return attendance(session_id, import_result=result, import_form=form), status


@blueprint.post("/sessions/<int:session_id>/attendance/<int:user_id>")
@role_required(Role.ORGANISER)
def mark_attendance(session_id: int, user_id: int):
    session = _session(session_id)
    registration = next(
        (r for r in queries.registrations(session) if r.user_id == user_id), None
    ) or abort(404)
    form = MinutesForm()
    if not form.validate_on_submit():
        flash("Enter the minutes attended, from 0 to 1440.", "error")
    else:
        try:
            _, entry = attendance_ops.record_attendance(
                session, registration.user, form.minutes.data, "manual"
            )
        except operations.WebinarError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(
                f"Attendance of {registration.user.full_name} saved"
                + (": credits awarded." if entry else "."),
                "success",
            )
    return redirect(url_for(".attendance", session_id=session_id))
