"""Authors import question files (preview, then confirm) and export quizzes."""

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
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.security import role_required

from . import importing
from .authoring import current_revision, draft_or_back, module_for_author
from .interchange import QuizFormatError
from .operations import CourseError

blueprint = Blueprint("quiz_files", __name__, url_prefix="/author/modules/<int:module_id>/quiz")


class ImportForm(FlaskForm):
    question_file = FileField(
        "Question file (Moodle XML, GIFT or Aiken; at most 1 MB)",
        validators=[FileRequired("Choose a file to import.")],
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the buttons say what to do."""


@blueprint.route("/import", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def upload(module_id: int):
    module = module_for_author(module_id)
    revision = draft_or_back(module)
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        upload = form.question_file.data
        limit = current_app.config["QUIZ_IMPORT_MAX_BYTES"]
        content = upload.read(limit + 1)
        try:
            pending, _ = importing.stage_import(
                revision, current_user, upload.filename or "", content, limit
            )
        except (QuizFormatError, CourseError) as error:
            db.session.rollback()
            form.question_file.errors.append(str(error))
            status = 400
        else:
            db.session.commit()
            return redirect(url_for(".preview", module_id=module.id, pending_id=pending.id))
    elif form.is_submitted():
        status = 400
    return render_template(
        "authoring/import.html", module=module, revision=revision, form=form
    ), status


@blueprint.route("/import/<int:pending_id>", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def preview(module_id: int, pending_id: int):
    module = module_for_author(module_id)
    revision = draft_or_back(module)
    pending = importing.find_pending(revision, current_user, pending_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        if request.form.get("action") == "confirm":
            try:
                added = importing.confirm_import(pending)
            except (QuizFormatError, CourseError) as error:
                db.session.rollback()
                flash(f"Nothing was imported: {error}", "error")
                return redirect(url_for("authoring.quiz", module_id=module.id))
            db.session.commit()
            flash(f"Imported {added} {'question' if added == 1 else 'questions'}.", "success")
        else:
            importing.cancel_import(pending)
            db.session.commit()
            flash("The import was cancelled; nothing was added.", "info")
        return redirect(url_for("authoring.quiz", module_id=module.id))
    return render_template(
        "authoring/import_preview.html",
        module=module,
        pending=pending,
        form=form,
        result=importing.preview(pending),
    )


@blueprint.get("/export.<fmt>")
@role_required(Role.AUTHOR)
def export(module_id: int, fmt: str):
    module = module_for_author(module_id)
    revision = current_revision(module)
    name = {"xml": "moodle_xml", "gift": "gift"}.get(fmt) or abort(404)
    mimetype, extension = importing.EXPORTS[name]
    body = importing.export_quiz(revision, name, category=module.working_group.name)
    filename = f"{module.slug}-r{revision.number}.{extension}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
