"""The site shell: home page, health check, error pages and security headers."""

import re

import pytest

from app import create_app
from elearning.accounts.models import Role
from elearning.config import load_config, normalise_database_url


def test_home_page_says_what_the_platform_offers(client):
    page = client.get("/").get_data(as_text=True)
    assert "<h1" in page
    for offer in ("Tips &amp; Tricks", "Webinars", "certificates"):
        assert offer in page


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    broken = create_app(
        {
            "ENVIRON": {"SECRET_KEY": "x"},
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite",
        }
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/healthz", "/no-such-page"])
def test_every_response_carries_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/reset-password", "/account"])
def test_pages_need_no_inline_script_or_style(client, create_user, login, path):
    login(create_user(role=Role.ADMIN))
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page
    assert "//cdn" not in page and "https://" not in page.split("</head>")[0]


def test_unknown_page_gets_a_helpful_404(client):
    response = client.get("/modules/does-not-exist")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert 'href="/"' in page


def test_unexpected_errors_get_the_500_page(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    first = load_config(str(tmp_path), env={})["SECRET_KEY"]
    second = load_config(str(tmp_path), env={})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_configures_database_mail_and_cookies(tmp_path):
    config = load_config(
        str(tmp_path),
        env={
            "SECRET_KEY": "from-env",
            "DATABASE_URL": "postgres://u@db.internal/elearning",
            "BASE_URL": "https://learn.example.eu/",
            "MAIL_SERVER": "smtp.example.eu",
        },
    )
    assert config["SECRET_KEY"] == "from-env"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/elearning"
    assert config["BASE_URL"] == "https://learn.example.eu"
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["MAIL_USE_TLS"]
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    config = load_config(str(tmp_path), env={"SECRET_KEY": "x"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'elearning.db'}"
    assert not config["SESSION_COOKIE_SECURE"]


def test_database_url_normalisation_keeps_explicit_drivers():
    assert normalise_database_url("postgresql+psycopg://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


RACE = """
import sys, time
from elearning.config import instance_secret_key
start = float(sys.argv[2])
while time.time() < start:
    pass
print(instance_secret_key(sys.argv[1]))
"""


def test_workers_starting_together_agree_on_one_generated_key(tmp_path):
    # gunicorn starts its workers at once; each used to race to create the file, and some got
    # FileExistsError or read it half-written (an empty key).
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for attempt in range(5):
        folder, start = tmp_path / str(attempt), time.time() + 0.5
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACE, str(folder), str(start)],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        results = [racer.communicate(timeout=30) for racer in racers]
        assert all(racer.returncode == 0 for racer in racers), [err for _, err in results]
        keys = {out.strip() for out, _ in results}
        assert len(keys) == 1 and len(keys.pop()) >= 40
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no temporary files left
