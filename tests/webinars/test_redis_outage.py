"""When the shared Redis stops answering, pages keep working: the cache misses and the rate
limiter counts in process memory meanwhile, instead of a 500 on every page that uses them."""

import logging

import pytest

from app import create_app
from tests.conftest import FormClient, _config

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def outage_app(app, database_url):
    broken = create_app(
        _config(
            database_url,
            CACHE_TYPE="elearning.cache.ResilientRedisCache",
            CACHE_REDIS_URL=UNREACHABLE,
            RATELIMIT_STORAGE_URI=UNREACHABLE,
            RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        )
    )
    broken.test_client_class = FormClient
    yield broken
    with broken.app_context():
        from elearning.extensions import db

        db.engine.dispose()


def test_pages_work_while_redis_is_down(outage_app, create_session, create_user, caplog):
    create_session()
    user = create_user()
    client = outage_app.test_client()
    with caplog.at_level(logging.WARNING, logger="elearning.cache"):
        assert client.get("/modules/").status_code == 200
        feed = client.get("/webinars/feed.ics")
    assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.data
    assert "Cache unavailable" in caplog.text
    signed_in = client.submit(
        "/login", {"email": user.email, "password": "correct horse battery"}, page="/login"
    )
    assert signed_in.status_code == 302
