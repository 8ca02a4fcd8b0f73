"""Account forms. Field rules that the operations also enforce are checked through them."""

from zoneinfo import available_timezones

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from .countries import country_choices
from .models import Profession, Role
from .operations import AccountError, normalise_email, normalise_full_name
from .passwords import MAX_LENGTH, password_problem


def _profession_choices() -> list[SelectChoice]:
    return [SelectChoice(p.value, p.label) for p in Profession]


def _country_choices() -> list[SelectChoice]:
    countries = [SelectChoice(code, name) for code, name in country_choices()]
    return [SelectChoice("", "Choose a country…"), *countries]


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(r.value, r.label) for r in Role]


def _checked_by(normaliser):
    def check(form, field) -> None:
        try:
            normaliser(field.data or "")
        except AccountError as error:
            raise ValidationError(str(error)) from None

    return check


def _new_password_rule(form, field) -> None:
    email = form.email.data if hasattr(form, "email") else ""
    problem = password_problem(field.data or "", email=email or "")
    if problem:
        raise ValidationError(problem)


_email = [DataRequired("Enter your email address."), _checked_by(normalise_email)]
_name = [DataRequired("Enter your full name."), _checked_by(normalise_full_name)]
_password_length = Length(max=MAX_LENGTH)


class ProfileFields:
    full_name = StringField(
        "Full name (as printed on certificates)",
        validators=_name,
        render_kw={"autocomplete": "name"},
    )
    profession = SelectField("Profession", choices=_profession_choices)
    country = SelectField(
        "Country", choices=_country_choices, validators=[DataRequired("Choose a country.")]
    )


class RegistrationForm(ProfileFields, FlaskForm):
    email = EmailField("Email", validators=_email, render_kw={"autocomplete": "email"})
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password."), _new_password_rule],
        render_kw={"autocomplete": "new-password"},
        description="At least 8 characters. Common passwords are refused.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )


def _timezone_choices() -> list[SelectChoice]:
    site_zone = current_app.config["SITE_TIMEZONE"]
    zones = [SelectChoice(zone, zone.replace("_", " ")) for zone in sorted(available_timezones())]
    return [SelectChoice("", f"The site's zone ({site_zone})"), *zones]


class ProfileForm(ProfileFields, FlaskForm):
    timezone = SelectField(
        "Time zone",
        choices=_timezone_choices,
        description="Webinar times are shown in this zone.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.timezone.data is None:  # no zone chosen: the site's
            self.timezone.data = ""


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address.")],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password."), _password_length],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password."), _new_password_rule],
        render_kw={"autocomplete": "new-password"},
        description="At least 8 characters. Common passwords are refused.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=_email, render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password."), _new_password_rule],
        render_kw={"autocomplete": "new-password"},
        description="At least 8 characters. Common passwords are refused.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=_role_choices)


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that POST (logout, disable)."""
