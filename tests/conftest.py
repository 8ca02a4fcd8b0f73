"""Fixtures shared by the whole suite.

The schema is built once per run with the migrations, on SQLite (a file in a temporary folder)
or on PostgreSQL when TEST_DATABASE_URL is set. Each test gets a fresh app; its rows are removed
afterwards, so tests stay independent without rebuilding the schema.
"""

import contextvars
import os
import re
import socket
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from app import create_app
from elearning.accounts import operations
from elearning.accounts.models import Profession, Role, User
from elearning.config import normalise_database_url
from elearning.extensions import Base, db

PASSWORD = "correct horse battery"

_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class FormClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser's form would."""

    def open(self, *args, **kwargs):
        # Each request runs in a context of its own, as under a real server: a fresh app context
        # and database session, rather than the one the test itself holds open. A streamed body
        # is read inside that context too (noting that it was streamed).
        return contextvars.Context().run(self._open_and_read, *args, **kwargs)

    def _open_and_read(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        response.was_streamed = response.is_streamed
        if response.is_streamed:
            response.make_sequence()
        return response

    def csrf_token(self, page: str = "/reset-password", **kwargs) -> str:
        match = _CSRF.search(self.get(page, **kwargs).get_data(as_text=True))
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
        """POST ``data`` to ``url`` with a valid token taken from ``page`` (default: a form)."""
        base = {"base_url": kwargs["base_url"]} if "base_url" in kwargs else {}
        token = self.csrf_token(page or "/reset-password", **base)
        return self.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def race(*calls):
    """Run the calls at the same moment in threads; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """Build the schema once with the migrations and return the database URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        name = make_url(url).database or ""
        if "test" not in name:
            pytest.exit(f"TEST_DATABASE_URL must name a test database, not {name!r}", 2)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app(_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _config(url: str, **overrides) -> dict:
    return {
        "ENVIRON": {"SECRET_KEY": "test-secret-key"},
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "BASE_URL": "http://learn.example.test",
        "MAIL_SERVER": "",
        "RATELIMIT_STORAGE_URI": "memory://",
        # Cheap hashing keeps the suite fast; test_password_hashing checks the real default.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        **overrides,
    }


def _empty_tables() -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - names from metadata


@pytest.fixture
def app_config() -> dict:
    """Extra configuration for the ``app`` fixture; override it in a test module."""
    return {}


@pytest.fixture
def app(database_url, app_config) -> Iterator[Flask]:
    app = create_app(_config(database_url, **app_config))
    app.test_client_class = FormClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FormClient:
    return app.test_client()


@pytest.fixture
def create_user(app):
    """Build users with sensible defaults: ``create_user(role=Role.AUTHOR)``."""
    counter = iter(range(1, 1_000_000))

    def build(
        *,
        email: str | None = None,
        full_name: str = "Maria Schmidt",
        password: str = PASSWORD,
        role: Role = Role.LEARNER,
        profession: Profession = Profession.RADIOGRAPHER,
        country: str = "DE",
        disabled: bool = False,
    ) -> User:
        user = operations.register_user(
            email=email or f"user{next(counter)}@example.org",
            full_name=full_name,
            password=password,
            profession=profession,
            country=country,
            role=role,
        )
        user.is_disabled = disabled
        db.session.commit()
        return user

    return build


@pytest.fixture
def login(client):
    """Sign a user in through the login form."""

    def sign_in(user: User, password: str = PASSWORD, *, remember: bool = False, to=None):
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = (to or client).submit("/login", data, page="/login")
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run while a block executes: ``with count_queries() as c:``."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


class Mailbox:
    """Messages received by a real SMTP server on localhost (aiosmtpd)."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox(app) -> Iterator[Mailbox]:
    """Start a local SMTP server and point the app's mail at it."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USERNAME=""
    )
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the test app over HTTP on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
