"""Learner-facing pages: catalogue, module page, quiz attempts and the evaluation."""

from decimal import Decimal, InvalidOperation

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from elearning.extensions import db

from . import access, attempts, operations, queries
from .forms import EvaluationForm
from .grading import InvalidAnswers
from .models import Attempt, Audience, Module

blueprint = Blueprint("courses", __name__, url_prefix="/modules")


def _readable_module(slug: str) -> Module:
    module = queries.module_by_slug(slug)
    if module is None or module.published_revision_id is None:
        abort(404)
    if not access.can_read(current_user, module):
        abort(404)
    return module


def _own_attempt(module: Module, attempt_id: int) -> Attempt:
    """The attempt, if it is the current learner's and belongs to this module; else 404."""
    attempt = db.session.get(Attempt, attempt_id)
    if (
        attempt is None
        or attempt.user_id != current_user.id
        or attempt.revision.module_id != module.id
    ):
        abort(404)
    return attempt


def module_url(module_id: int) -> str:
    """The page of a module by id, for the ledger and the dashboard (no query needed)."""
    return url_for("courses.module_by_id", module_id=module_id)


@blueprint.get("/id/<int:module_id>")
def module_by_id(module_id: int):
    module = db.session.get(Module, module_id)
    if module is None or module.published_revision_id is None:
        abort(404)
    if not access.can_read(current_user, module):
        abort(404)
    return redirect(url_for(".module_page", slug=module.slug))


@blueprint.get("/")
def catalogue():
    args = request.args
    search = args.get("q", "")[:200]
    group_id = args.get("group", type=int)
    audience = args.get("audience") if args.get("audience") in set(Audience) else None
    try:
        credits = Decimal(args["credits"]) if args.get("credits") else None
    except InvalidOperation:
        credits = None
    if credits is not None and not (credits.is_finite() and 0 <= credits <= 100):
        credits = None
    if group_id is not None and not 0 < group_id < 2**31:
        group_id = None
    page = min(max(args.get("page", 1, type=int), 1), 10_000)
    modules = queries.catalogue(
        search=search,
        group_id=group_id,
        audience=Audience(audience) if audience else None,
        credits=credits,
        page=page,
    )
    filters = {"q": search, "group": group_id, "audience": audience, "credits": credits}
    return render_template(
        "courses/catalogue.html",
        modules=modules,
        filters=filters,
        groups=queries.working_groups(),
        credit_values=queries.credit_values(),
        audiences=list(Audience),
    )


@blueprint.get("/<slug>")
def module_page(slug: str):
    module = _readable_module(slug)
    revision = module.published_revision
    return render_template(
        "courses/module.html",
        module=module,
        revision=revision,
        status=queries.learner_status(current_user, module),
    )


@blueprint.post("/<slug>/attempts")
@login_required
def start_attempt(slug: str):
    module = _readable_module(slug)
    try:
        attempt = attempts.start_attempt(current_user, module)
    except operations.CourseError as error:
        flash(str(error), "error")
        return redirect(url_for(".module_page", slug=slug))
    db.session.commit()
    return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))


@blueprint.route("/<slug>/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(slug: str, attempt_id: int):
    module = _readable_module(slug)
    attempt = _own_attempt(module, attempt_id)
    revision = queries.revision_with_quiz(attempt.revision_id)
    questions = {q.id: q for q in revision.questions}
    if request.method == "POST":
        try:
            selections = attempts.parse_selections(attempt, request.form.to_dict(flat=False))
            missing = attempts.unanswered(attempt, selections)
            if missing and not attempt.is_submitted and not request.form.get("confirm_incomplete"):
                # Nothing is saved: the learner answers the rest, or confirms on purpose.
                return render_template(
                    "courses/attempt.html",
                    module=module,
                    revision=revision,
                    attempt=attempt,
                    questions=questions,
                    selections=selections,
                    missing=missing,
                )
            attempts.submit_attempt(attempt, selections)
        except InvalidAnswers as error:
            db.session.rollback()
            abort(400, description=str(error))
        except attempts.AlreadySubmitted as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
        return redirect(url_for(".attempt", slug=slug, attempt_id=attempt_id))
    if not attempt.is_submitted:
        return render_template(
            "courses/attempt.html",
            module=module,
            revision=revision,
            attempt=attempt,
            questions=questions,
            selections={},
            missing=[],
        )
    status = queries.learner_status(current_user, module)
    reveal = queries.reveals_answers(attempt, revision, status)
    return render_template(
        "courses/result.html",
        module=module,
        revision=revision,
        attempt=attempt,
        questions=questions,
        answers={a.question_id: a for a in attempt.answers},
        reveal=reveal,
        status=status,
    )


@blueprint.route("/<slug>/evaluation", methods=["GET", "POST"])
@login_required
def evaluation(slug: str):
    module = _readable_module(slug)
    status = queries.learner_status(current_user, module)
    if status.completed is not None:
        flash("You have completed this module.", "info")
        return redirect(url_for(".module_page", slug=slug))
    if status.passed is None:
        flash("Pass the quiz first; the evaluation follows.", "info")
        return redirect(url_for(".module_page", slug=slug))
    form = EvaluationForm()
    if form.validate_on_submit():
        try:
            entry = attempts.submit_evaluation(
                current_user,
                module,
                relevance=int(form.relevance.data),
                quality=int(form.quality.data),
                free_of_bias=form.free_of_bias.data == "yes",
                comment=form.comment.data or "",
            )
        except operations.CourseError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".module_page", slug=slug))
        db.session.commit()
        flash(
            f"Thank you. You have completed “{entry.title}” and earned {entry.credits} ECMEC.",
            "success",
        )
        return redirect(url_for(".module_page", slug=slug))
    return render_template("courses/evaluation.html", module=module, form=form)
