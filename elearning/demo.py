"""``flask demo load``: demo content for a local installation.

The core loads demo accounts; features add their own content by registering a loader at
start-up (``register_demo_loader``), so the core never imports them.
"""

from collections.abc import Callable

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from elearning.accounts import operations
from elearning.accounts.models import Profession, Role, User
from elearning.extensions import db

DEMO_PASSWORD = "radiation-demo-2026"  # noqa: S105 - documented local demo accounts

DEMO_USERS = [
    ("admin@example.org", "Αθηνά Παπαδοπούλου", Role.ADMIN, Profession.MEDICAL_PHYSICIST, "GR"),
    ("author@example.org", "Zoë Łukasiewicz-Ørsted", Role.AUTHOR, Profession.RADIOLOGIST, "PL"),
    ("organiser@example.org", "Joana Ribeiro", Role.ORGANISER, Profession.RADIOGRAPHER, "PT"),
    ("learner@example.org", "Дмитрий Иванов", Role.LEARNER, Profession.RADIOGRAPHER, "BG"),
    ("nurse@example.org", "Siobhán O'Connor", Role.LEARNER, Profession.NURSE, "IE"),
]

DemoLoader = Callable[[dict[str, User]], None]
demo_cli = AppGroup("demo", help="Demo content for a local installation.")


def register_demo_loader(app: Flask, loader: DemoLoader) -> None:
    """Add a feature's demo content; it is called with the demo users by email."""
    app.extensions.setdefault("demo_loaders", []).append(loader)


def load_demo() -> dict[str, User]:
    """Create the demo accounts and every feature's demo content in one transaction."""
    users = {}
    for email, name, role, profession, country in DEMO_USERS:
        users[email] = operations.register_user(
            email=email,
            full_name=name,
            password=DEMO_PASSWORD,
            profession=profession,
            country=country,
            role=role,
        )
    for loader in current_app.extensions.get("demo_loaders", []):
        loader(users)
    return users


@demo_cli.command("load")
def load_command():
    """Load demo accounts and content into an empty database; otherwise change nothing."""
    if db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has accounts; demo content not loaded.")
        return
    users = load_demo()
    db.session.commit()
    click.echo(f"Loaded demo content. Sign in with any of these (password {DEMO_PASSWORD}):")
    for email, user in users.items():
        click.echo(f"  {email:24} {user.role.value}")
