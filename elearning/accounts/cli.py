"""``flask users ...``: create accounts and manage roles from the shell."""

import sys

import click
from flask.cli import AppGroup

from elearning.extensions import db

from . import operations
from .models import Profession, Role

users_cli = AppGroup("users", help="Create and manage user accounts.")

_ROLES = click.Choice([r.value for r in Role])


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _user_or_fail(email: str):
    user = operations.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email!r}.")
    return user


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name as printed on certificates.")
@click.option("--role", type=_ROLES, default=Role.LEARNER.value, show_default=True)
@click.option(
    "--profession",
    type=click.Choice([p.value for p in Profession]),
    default="other",
    show_default=True,
)
@click.option("--country", default="BE", show_default=True, help="ISO 3166 two-letter code.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, full_name, role, profession, country, password_stdin):
    """Create an account; the password is prompted for or read from standard input."""
    password = _read_password(password_stdin)
    try:
        user = operations.register_user(
            email=email,
            full_name=full_name,
            password=password,
            profession=Profession(profession),
            country=country,
            role=Role(role),
        )
    except operations.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@users_cli.command("set-role")
@click.option("--email", required=True)
@click.option("--role", type=_ROLES, required=True)
def set_role(email, role):
    """Give an account another role."""
    user = _user_or_fail(email)
    operations.set_role(user, Role(role))
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("disable")
@click.option("--email", required=True)
def disable(email):
    """Disable an account and end all of its sessions."""
    user = _user_or_fail(email)
    try:
        operations.set_disabled(user, True)
    except operations.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email} is disabled.")


@users_cli.command("enable")
@click.option("--email", required=True)
def enable(email):
    """Re-enable a disabled account."""
    user = _user_or_fail(email)
    operations.set_disabled(user, False)
    db.session.commit()
    click.echo(f"{user.email} is enabled.")
