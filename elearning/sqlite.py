"""Making the embedded SQLite database behave like PostgreSQL where the app relies on it."""

from flask import Flask
from sqlalchemy import event

from elearning.extensions import db


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    """Give SQLite a Unicode-aware lower(): its own folds A-Z only, so searches for "Ørsted"
    or "Łukasz" found nothing (PostgreSQL's lower() handles every script)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record) -> None:
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
