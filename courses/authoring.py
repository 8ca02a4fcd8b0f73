"""Author and reviewer pages: write modules and quizzes, take them through review."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.security import role_required

from . import access, operations, queries
from .forms import OPTION_SLOTS, ModuleForm, QuestionForm, QuizSettingsForm, WorkingGroupForm
from .models import Module, Question, QuestionKind, Revision, WorkingGroup

blueprint = Blueprint("authoring", __name__, url_prefix="/author")
admin_blueprint = Blueprint("working_groups", __name__, url_prefix="/admin/working-groups")

QUIZ_FIELDS = ("pass_mark", "max_attempts", "reveal_answers_on_fail", "retake_wait_minutes")
MODULE_FIELDS = tuple(f for f in operations.CONTENT_FIELDS if f not in QUIZ_FIELDS)


def module_for_author(module_id: int, *, edit: bool = True) -> Module:
    """The module, if the current user may edit it (or, with edit=False, review it)."""
    module = db.session.get(Module, module_id) or abort(404)
    if access.can_edit(current_user, module):
        return module
    revision = operations.working_revision(module)
    if not edit and revision is not None and access.can_review(current_user, revision):
        return module
    abort(403, description="Only the module's author and administrators may change it.")


def current_revision(module: Module) -> Revision:
    return operations.working_revision(module) or module.published_revision


def draft_or_back(module: Module) -> Revision:
    revision = operations.working_revision(module)
    if revision is None or not revision.is_editable:
        flash("Only a draft can be changed. Start a new revision, or return it to draft.", "error")
        abort(redirect(url_for(".module", module_id=module.id)))
    return revision


def _group_choices() -> list[SelectChoice]:
    return [SelectChoice(g.id, g.name) for g in queries.working_groups()]


def _act(module: Module, action, success: str, back: str = ".module"):
    """Run one operation, commit it or report its error, and go back to ``back``."""
    try:
        action()
    except operations.NotAllowed as error:
        db.session.rollback()
        abort(403, description=str(error))
    except operations.CourseError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for(back, module_id=module.id))


@blueprint.get("/")
@role_required(Role.AUTHOR)
def index():
    return render_template(
        "authoring/index.html",
        modules=queries.authored_modules(current_user, all_modules=current_user.role is Role.ADMIN),
        queue=queries.review_queue(current_user),
    )


def recording_module_url(session) -> str:
    """Where an organiser turns a webinar recording into a module draft, prefilled.

    Registered at start-up as the core's "recording publisher", so webinars need not know
    Tips & Tricks exists. ``session`` is any object with the attributes read below.
    """
    speakers = ", ".join(s.name for s in session.speakers)
    body = (
        f"## Recording\n\n[Watch the recording]({session.recording_url})\n\n"
        f"## About this webinar\n\n{session.abstract}\n"
    )
    return url_for(
        "authoring.new_module",
        title=session.title,
        authors=speakers,
        summary=f"Recording of the webinar “{session.title}”, with a quiz.",
        body=body,
    )


@blueprint.route("/modules/new", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def new_module():
    form = ModuleForm()
    form.working_group.choices = _group_choices()
    if request.method == "GET":
        # Prefilled from a link, for example a webinar recording to be credited as e-learning.
        for name in ("title", "summary", "body", "authors"):
            if request.args.get(name):
                getattr(form, name).data = request.args[name][:5000]
    if form.validate_on_submit():
        group = db.session.get(WorkingGroup, form.working_group.data) or abort(400)
        content = {name: getattr(form, name).data for name in MODULE_FIELDS}
        module = operations.create_module(current_user, group, **content)
        db.session.commit()
        flash("The module has been created as a draft. Add its quiz next.", "success")
        return redirect(url_for(".module", module_id=module.id))
    return render_template("authoring/module_form.html", form=form, module=None)


@blueprint.get("/modules/<int:module_id>")
@role_required(Role.AUTHOR)
def module(module_id: int):
    module = module_for_author(module_id, edit=False)
    revision = current_revision(module)
    return render_template(
        "authoring/module.html",
        module=module,
        revision=revision,
        problems=operations.readiness_problems(revision) if revision.is_editable else [],
        can_edit=access.can_edit(current_user, module),
        can_review=access.can_review(current_user, revision),
    )


@blueprint.route("/modules/<int:module_id>/edit", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def edit_module(module_id: int):
    module = module_for_author(module_id)
    revision = draft_or_back(module)
    form = ModuleForm(obj=revision)
    form.working_group.choices = _group_choices()
    if request.method == "GET":
        form.working_group.data = module.working_group_id
        form.audience.data = revision.audience.value
    if form.validate_on_submit():
        group = db.session.get(WorkingGroup, form.working_group.data) or abort(400)
        content = {name: getattr(form, name).data for name in MODULE_FIELDS}
        operations.update_revision(revision, working_group=group, **content)
        db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for(".module", module_id=module.id))
    return render_template("authoring/module_form.html", form=form, module=module)


@blueprint.route("/modules/<int:module_id>/quiz", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def quiz(module_id: int):
    module = module_for_author(module_id)
    revision = current_revision(module)
    form = QuizSettingsForm(obj=revision)
    if form.validate_on_submit():
        revision = draft_or_back(module)
        operations.update_revision(
            revision, **{name: getattr(form, name).data for name in QUIZ_FIELDS}
        )
        db.session.commit()
        flash("Quiz settings saved.", "success")
        return redirect(url_for(".quiz", module_id=module.id))
    revision = queries.revision_with_quiz(revision.id)  # questions and options in two queries
    return render_template(
        "authoring/quiz.html",
        module=module,
        revision=revision,
        form=form,
    )


def _question(module: Module, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.revision.module_id != module.id:
        abort(404)
    return question


@blueprint.route("/modules/<int:module_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def new_question(module_id: int):
    return _question_form(module_id, None)


@blueprint.route("/modules/<int:module_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def edit_question(module_id: int, question_id: int):
    return _question_form(module_id, question_id)


def _question_form(module_id: int, question_id: int | None):
    module = module_for_author(module_id)
    revision = draft_or_back(module)
    question = _question(module, question_id) if question_id else None
    if question is not None and question.revision_id != revision.id:
        abort(404)
    form = QuestionForm()
    if request.method == "GET" and question is not None:
        form.kind.data = question.kind.value
        form.text.data, form.explanation.data = question.text, question.explanation
        for slot, option in zip(form.options, question.options, strict=False):
            slot.form.text.data, slot.form.correct.data = option.text, option.is_correct
    if form.validate_on_submit():
        values = {
            "kind": QuestionKind(form.kind.data),
            "text": form.text.data,
            "explanation": form.explanation.data or "",
            "options": form.option_inputs(),
        }
        if question is None:
            operations.add_question(revision, **values)
        else:
            operations.update_question(question, **values)
        db.session.commit()
        flash("Question saved.", "success")
        return redirect(url_for(".quiz", module_id=module.id))
    return render_template(
        "authoring/question_form.html",
        module=module,
        form=form,
        question=question,
        slots=OPTION_SLOTS,
    )


@blueprint.post("/modules/<int:module_id>/questions/<int:question_id>/delete")
@role_required(Role.AUTHOR)
def delete_question(module_id: int, question_id: int):
    module = module_for_author(module_id)
    question = _question(module, question_id)
    return _act(
        module, lambda: operations.delete_question(question), "Question removed.", back=".quiz"
    )


@blueprint.post("/modules/<int:module_id>/questions/<int:question_id>/move")
@role_required(Role.AUTHOR)
def move_question(module_id: int, question_id: int):
    module = module_for_author(module_id)
    question = _question(module, question_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    return _act(module, lambda: operations.move_question(question, offset), "Moved.", back=".quiz")


@blueprint.post("/modules/<int:module_id>/submit")
@role_required(Role.AUTHOR)
def submit(module_id: int):
    module = module_for_author(module_id)
    revision = current_revision(module)
    return _act(
        module,
        lambda: operations.submit_for_review(revision, current_user),
        "Submitted for review. An administrator or another author will publish it.",
    )


@blueprint.post("/modules/<int:module_id>/return")
@role_required(Role.AUTHOR)
def return_to_draft(module_id: int):
    module = module_for_author(module_id, edit=False)
    revision = current_revision(module)
    return _act(
        module, lambda: operations.return_to_draft(revision, current_user), "Returned to draft."
    )


@blueprint.post("/modules/<int:module_id>/publish")
@role_required(Role.AUTHOR)
def publish(module_id: int):
    module = module_for_author(module_id, edit=False)
    revision = current_revision(module)
    return _act(module, lambda: operations.publish(revision, current_user), "Published.")


@blueprint.post("/modules/<int:module_id>/retire")
@role_required(Role.AUTHOR)
def retire(module_id: int):
    module = module_for_author(module_id)
    return _act(
        module,
        lambda: operations.retire(module, current_user),
        "Retired: the module has left the catalogue; its past learners can still read it.",
    )


@blueprint.post("/modules/<int:module_id>/reinstate")
@role_required(Role.AUTHOR)
def reinstate(module_id: int):
    module = module_for_author(module_id)
    return _act(
        module, lambda: operations.reinstate(module, current_user), "Back in the catalogue."
    )


@blueprint.post("/modules/<int:module_id>/revisions")
@role_required(Role.AUTHOR)
def new_revision(module_id: int):
    module = module_for_author(module_id)
    return _act(
        module,
        lambda: operations.start_new_revision(module, current_user),
        "A new draft revision has been started from the published one.",
    )


@blueprint.get("/modules/<int:module_id>/preview")
@role_required(Role.AUTHOR)
def preview(module_id: int):
    module = module_for_author(module_id, edit=False)
    revision = queries.revision_with_quiz(current_revision(module).id)
    return render_template("authoring/preview.html", module=module, revision=revision)


@blueprint.get("/modules/<int:module_id>/statistics")
@role_required(Role.AUTHOR)
def statistics(module_id: int):
    module = module_for_author(module_id)
    published = [r for r in module.revisions if r.published_at is not None]
    number = request.args.get("revision", type=int)
    revision = next((r for r in published if r.number == number), None) or (
        module.published_revision or (published[-1] if published else None)
    )
    stats = queries.revision_stats(revision) if revision else None
    return render_template(
        "authoring/statistics.html",
        module=module,
        revision=revision,
        stats=stats,
        published=published,
    )


@admin_blueprint.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def working_groups():
    form = WorkingGroupForm()
    if form.validate_on_submit():
        try:
            operations.create_working_group(form.name.data)
        except operations.CourseError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash("Working group added.", "success")
            return redirect(url_for(".working_groups"))
    return render_template(
        "authoring/working_groups.html", form=form, groups=queries.working_groups()
    )
