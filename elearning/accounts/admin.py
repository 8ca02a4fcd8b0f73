"""Administration of accounts: list, change a role, disable and re-enable."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from elearning.extensions import db
from elearning.security import role_required

from . import operations, queries
from .forms import EmptyForm, RoleForm
from .models import Role, User

blueprint = Blueprint("admin_users", __name__, url_prefix="/admin/users")


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@blueprint.get("/")
@role_required(Role.ADMIN)
def index():
    search = request.args.get("q", "")[:100]
    role_value = request.args.get("role", "")
    role = Role(role_value) if role_value in {r.value for r in Role} else None
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    users = queries.user_list(search=search, role=role, page=page)
    return render_template(
        "admin/users.html", users=users, search=search, role=role, roles=list(Role)
    )


@blueprint.post("/<int:user_id>/role")
@role_required(Role.ADMIN)
def set_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, description="Choose one of the listed roles.")
    if user.id == current_user.id and form.role.data != Role.ADMIN.value:
        flash("You cannot remove your own administrator role.", "error")
    else:
        operations.set_role(user, Role(form.role.data))
        db.session.commit()
        flash(f"{user.full_name} is now {Role(form.role.data).label.lower()}.", "success")
    return redirect(url_for(".index"))


@blueprint.post("/<int:user_id>/disable")
@role_required(Role.ADMIN)
def disable(user_id: int):
    return _set_disabled(user_id, disabled=True)


@blueprint.post("/<int:user_id>/enable")
@role_required(Role.ADMIN)
def enable(user_id: int):
    return _set_disabled(user_id, disabled=False)


def _set_disabled(user_id: int, *, disabled: bool):
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot disable your own account.", "error")
        return redirect(url_for(".index"))
    try:
        operations.set_disabled(user, disabled)
    except operations.AccountError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{user.full_name} has been {'disabled' if disabled else 're-enabled'}.", "success")
    return redirect(url_for(".index"))
