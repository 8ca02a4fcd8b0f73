"""Account pages: register, log in and out, profile, password change and reset."""

import logging
import smtplib

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from elearning.extensions import db, limiter
from elearning.urls import safe_next

from . import operations
from .forms import (
    EmptyForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from .models import Profession

log = logging.getLogger(__name__)
blueprint = Blueprint("accounts", __name__)


def _login_email_key() -> str:
    return "login-account:" + (request.form.get("email", "").strip().lower() or "-")


def _reset_email_key() -> str:
    return "reset-account:" + (request.form.get("email", "").strip().lower() or "-")


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _start_session(user, remember: bool) -> None:
    # A fresh session: nothing from before the login survives into the signed-in one.
    session.clear()
    login_user(user, remember=remember)


@blueprint.route("/register", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["REGISTER_LIMIT"],
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 302,
)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = operations.register_user(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                profession=Profession(form.profession.data),
                country=form.country.data,
            )
        except operations.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            _start_session(user, remember=False)
            flash(f"Welcome, {user.full_name}. Your account is ready.", "success")
            return redirect(url_for("site.home"))
    return render_template("accounts/register.html", form=form)


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_CLIENT"],
    methods=["POST"],
    deduct_when=_login_failed,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_email_key,
    methods=["POST"],
    deduct_when=_login_failed,
)
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("site.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data)
        except operations.AccountError as error:
            g.login_failed = True
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            return redirect(target or url_for("site.home"))
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        # Logging out ends this user's sessions everywhere, remember-me cookies included.
        current_user.end_sessions()
        db.session.commit()
        logout_user()
        session.clear()
        flash("You have been signed out.", "info")
    return redirect(url_for("site.home"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.profession.data = current_user.profession.value
        form.timezone.data = current_user.timezone or ""
    if form.validate_on_submit():
        try:
            operations.update_profile(
                current_user,
                full_name=form.full_name.data,
                profession=Profession(form.profession.data),
                country=form.country.data,
                timezone=form.timezone.data,
            )
        except operations.AccountError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Your profile has been saved.", "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            operations.change_password(
                current_user, current=form.current.data, new=form.password.data
            )
        except operations.AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            # Other devices are signed out; this one continues with the new session token.
            _start_session(current_user._get_current_object(), remember=False)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password_change.html", form=form)


@blueprint.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["RESET_LIMIT"], key_func=_reset_email_key, methods=["POST"]
)
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            operations.request_password_reset(form.email.data)
        except (smtplib.SMTPException, OSError):
            # The answer must not differ by address, so the failure goes to the log only.
            log.exception("Could not send a password reset mail")
        flash(
            "If an account exists for that address, we have sent it a link to reset the "
            "password. Check your inbox.",
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        operations.user_for_reset_token(token)
    except operations.AccountError as error:
        return render_template("accounts/reset_invalid.html", message=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            operations.reset_password(token, form.password.data)
        except operations.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash("Your password has been reset. Sign in with the new password.", "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
