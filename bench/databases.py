"""The databases of ``make bench``: one per database kind and scale, migrated and seeded once
(``--reuse`` keeps them), and the app configured to serve them."""

import json
import secrets
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from .seed import Plan, Seeder


def _scale_name(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def database_url(kind: str, scale: float, pg_base: str, work: Path) -> str:
    if kind == "sqlite":
        path = work / f"scale-{_scale_name(scale)}.db"
        return f"sqlite:///{path}"
    url = make_url(pg_base)
    return url.set(database=f"{url.database}_{_scale_name(scale)}").render_as_string(False)


def recreate(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{parsed.database}"')


def make_app(url: str, secret: str, environ: dict[str, str] | None = None, **extra):
    from app import create_app

    return create_app(
        {
            "ENVIRON": {
                "SECRET_KEY": secret,
                "DATABASE_URL": url,
                "RATELIMIT_ENABLED": "0",
                **(environ or {}),
            },
            **extra,
        }
    )


def prepare(
    kind: str, scale: float, pg_base: str, reuse: bool, work: Path, migrate: bool = True
) -> tuple[str, dict]:
    """A migrated, seeded database and what the seed left for the benchmark to find."""
    from flask_migrate import upgrade

    from elearning.extensions import db

    url = database_url(kind, scale, pg_base, work)
    marker = work / f"{kind}-scale-{_scale_name(scale)}.json"
    if reuse and marker.exists():
        print(f"  reusing the {kind} database seeded at scale {scale:g}", file=sys.stderr)
        seeded = json.loads(marker.read_text())
        if migrate:
            with make_app(url, seeded["secret"]).app_context():
                upgrade()  # migrations added since it was seeded (indexes, say)
                db.session.remove()
                _postgresql_only(db.engine, "ANALYZE")  # so that plans see the new indexes
                db.engine.dispose()
        return url, seeded
    recreate(url)
    secret = secrets.token_hex(32)
    app = make_app(url, secret)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        seeded = Seeder(Plan.at(scale)).run().as_dict()
        db.session.remove()
        _postgresql_only(db.engine, "VACUUM ANALYZE")
        db.engine.dispose()
    seeded["secret"] = secret
    seeded["seconds"] = round(time.perf_counter() - started, 1)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(seeded))
    print(f"  seeded {kind} at scale {scale:g} in {seeded['seconds']} s", file=sys.stderr)
    return url, seeded


def _postgresql_only(engine, statement: str) -> None:
    """Run VACUUM or ANALYZE (outside a transaction, as they must be) on PostgreSQL."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(statement))
