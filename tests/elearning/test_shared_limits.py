"""Login throttling shared by several app instances through Redis, as in production."""

import os
import uuid

import pytest
import redis

from app import create_app
from elearning.extensions import db
from tests.conftest import FormClient, _config

REDIS_URL = os.environ.get("TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="TEST_REDIS_URL not set: Redis-backed limits not tested"
)


@needs_redis
def test_failures_through_one_instance_count_on_another(app, database_url, create_user):
    prefix = f"test-{uuid.uuid4().hex}"
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix}
    first, second = (create_app(_config(database_url, **settings)) for _ in range(2))
    user = create_user()
    store = redis.Redis.from_url(REDIS_URL)
    try:
        for n, instance in enumerate([first, second] * 2 + [first]):
            instance.test_client_class = FormClient
            response = instance.test_client().submit(
                "/login",
                {"email": user.email, "password": "wrong-password"},
                environ_base={"REMOTE_ADDR": f"10.1.0.{n}"},
            )
            assert response.status_code == 200
        blocked = second.test_client().submit(
            "/login",
            {"email": user.email, "password": "wrong-password"},
            environ_base={"REMOTE_ADDR": "10.1.0.99"},
        )
        assert blocked.status_code == 429
        assert store.keys(f"*{prefix}*"), "the counters live in Redis, not in process memory"
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()
        for instance in (first, second):
            with instance.app_context():
                db.engine.dispose()
