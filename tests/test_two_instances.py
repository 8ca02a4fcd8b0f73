"""Two app instances as real gunicorn servers on one database, as behind a load balancer.

A learner's browser is sent to either instance at random in production: the session cookie, the
CSRF token, the flashed messages and the calendar token issued by one instance must work on the
other, and a session's capacity must hold when two instances register at the same moment. The
data is seeded through the in-process ``app`` fixture and checked in the database afterwards.
Most meaningful on PostgreSQL (``TEST_DATABASE_URL``); with ``TEST_REDIS_URL`` the instances
share rate limits and the feed cache through Redis, as in production.
"""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import func, select

from courses.models import Attempt, Evaluation
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from tests.conftest import _CSRF, PASSWORD, _free_port, race
from tests.courses import conftest as course_builders
from tests.courses.conftest import correct_answers
from tests.webinars import conftest as webinar_builders
from webinars.models import Registration, RegistrationStatus

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None,
    reason="gunicorn is not installed: the two-instance tests need it to serve the app",
)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
BASE_URL = "http://learn.example.test"  # the public address both instances share
RUN = uuid.uuid4().hex[:12]  # names this run's keys in a shared Redis
PREFIX = f"test-two-instances-{RUN}:"  # the cache's keys
# A failed-login limit per client that no other run uses: its counter key is this run's alone.
CLIENT_LIMIT = 10_000 + int(RUN[:4], 16)
ACCOUNT_LIMIT = 3

# This file sits above tests/courses and tests/webinars: it borrows their builder fixtures.
create_module = course_builders.create_module
create_session = webinar_builders.create_session
organiser = webinar_builders.organiser


@dataclass(frozen=True)
class Page:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test follows redirects itself, to see each status and location


class Browser:
    """A cookie-keeping HTTP client, sent to either instance as a load balancer would."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def open(self, url: str, data: dict | None = None, headers: dict | None = None) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        try:
            with self._opener.open(request, timeout=30) as response:
                return Page(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            with error:
                return Page(error.code, dict(error.headers), error.read().decode())

    def get(self, base: str, path: str, **kwargs) -> Page:
        page = self.open(base + path, **kwargs)
        assert page.status in (200, 302, 304), f"GET {base}{path}: {page.status}\n{page.text}"
        return page

    def submit(self, base: str, path: str, data: dict | None = None, *, page: str) -> Page:
        """POST ``data`` to ``path`` with the CSRF token of the form on ``page``."""
        return self.open(base + path, {"csrf_token": self.csrf_token(base, page), **(data or {})})

    def csrf_token(self, base: str, page: str) -> str:
        match = _CSRF.search(self.get(base, page).text)
        assert match, f"no CSRF token on {base}{page}"
        return match.group(1)

    def login(self, base: str, user) -> None:
        data = {"email": user.email, "password": PASSWORD}
        response = self.submit(base, "/login", data, page="/login")
        assert response.status == 302, response.text
        assert any(cookie.name == "session" for cookie in self.cookies)


@dataclass
class Instance:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def app_config() -> dict:
    """The in-process app that seeds the data shares the instances' cache, as a CLI would."""
    if not REDIS_URL:
        return {}
    return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": PREFIX}


def _environment(database_url: str, secret_key: str) -> dict[str, str]:
    """What every instance reads (``elearning/config.py``): one database, one secret key."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "BASE_URL": BASE_URL,
        "MAIL_SERVER": "",  # mail goes to the log: nothing leaves the machine
        "TRUSTED_PROXIES": "0",
        "RATELIMIT_STORAGE_URI": REDIS_URL or "memory://",
        "CACHE_REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": PREFIX,
        "LOGIN_LIMIT_PER_CLIENT": f"{CLIENT_LIMIT} per 10 minutes",
        "LOGIN_LIMIT_PER_ACCOUNT": f"{ACCOUNT_LIMIT} per 15 minutes",
    }


def _start(name: str, env: dict[str, str], log: Path) -> Instance:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "--graceful-timeout",
        "5",
        # Two masters on one host would otherwise share (and take over) one control socket.
        "--no-control-socket",
        "app:create_app()",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    return Instance(name, f"http://127.0.0.1:{port}", process, log)


def _wait_until_healthy(instance: Instance, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            pytest.fail(f"instance {instance.name} exited:\n{instance.output()}")
        try:
            health = instance.url + "/healthz"  # our own server: http only
            with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"instance {instance.name} never became healthy:\n{instance.output()}")


def _stop(instance: Instance) -> None:
    if instance.process.poll() is None:
        instance.process.terminate()
        try:
            instance.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait(timeout=15)


def _redis_keys(pattern: str) -> list[bytes]:
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    try:
        return list(store.scan_iter(pattern))
    finally:
        store.close()


def _forget_redis_keys() -> None:
    """Delete this run's cache entries and login counters. (The personal feed's counter, whose
    limit the environment cannot set, is not told apart from other runs': it lasts a minute.)"""
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    try:
        for pattern in (f"*{RUN}*", f"*/{CLIENT_LIMIT}/*"):
            for key in store.scan_iter(pattern):
                store.delete(key)
    finally:
        store.close()


@pytest.fixture(scope="module")
def instances(database_url, tmp_path_factory) -> Iterator[tuple[Instance, Instance]]:
    """Serve the app twice (A and B) with gunicorn on the test database; stopped afterwards."""
    env = _environment(database_url, secrets.token_urlsafe(32))
    logs = tmp_path_factory.mktemp("instances")
    started: list[Instance] = []
    try:
        for name in ("A", "B"):
            started.append(_start(name, env, logs / f"{name}.log"))
        for instance in started:
            _wait_until_healthy(instance)
        yield started[0], started[1]
    finally:
        for instance in started:
            _stop(instance)
        if REDIS_URL:
            _forget_redis_keys()


def fresh() -> None:
    """End the test's own transaction, so the next reads see what the servers committed."""
    db.session.rollback()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_learner_moves_between_instances_without_noticing(
    instances, create_user, create_module, create_session
):
    a, b = (instance.url for instance in instances)
    learner = create_user(email=f"learner-{RUN}@example.org", full_name="Lena Lerner")
    module = create_module("CT dose modulation", credits="0.5")
    webinar = create_session("Paediatric CT protocols")
    slug, webinar_id = module.slug, webinar.id
    browser = Browser()

    # On A: sign in, start the quiz and pass it.
    browser.login(a, learner)
    started = browser.submit(a, f"/modules/{slug}/attempts", page=f"/modules/{slug}")
    assert started.status == 302
    attempt_path = started.location
    assert re.fullmatch(rf"/modules/{slug}/attempts/\d+", attempt_path), attempt_path
    quiz = browser.get(a, attempt_path).text
    fresh()
    answers = correct_answers(module)  # option positions in this attempt's layout, from the DB
    assert set(re.findall(r'name="(q\d+)"', quiz)) == set(answers)
    token = _CSRF.search(quiz).group(1)
    submitted = browser.open(a + attempt_path, {"csrf_token": token, **answers})
    assert submitted.status == 302 and submitted.location == attempt_path

    # On B, with the cookie A set: the result, then the evaluation sent with a token from A.
    result = browser.get(b, attempt_path).text
    assert "Your result" in result
    assert re.search(r"You scored 100(\.0+)?% on attempt 1:\s*<strong>passed</strong>", result)
    evaluation = {"relevance": "5", "quality": "4", "free_of_bias": "yes", "comment": "Clear."}
    token_from_a = browser.csrf_token(a, f"/modules/{slug}/evaluation")
    sent = browser.open(
        b + f"/modules/{slug}/evaluation", {"csrf_token": token_from_a, **evaluation}
    )
    assert sent.status == 302, sent.text
    # The message B flashed into the session cookie is shown by A.
    assert "You have completed “CT dose modulation”" in browser.get(a, f"/modules/{slug}").text
    assert "<strong>0.5</strong> ECMEC in total" in browser.get(b, "/dashboard").text

    # On B: register for the webinar. A then shows the registration.
    registered = browser.submit(
        b, f"/webinars/{webinar_id}/register", page=f"/webinars/{webinar_id}"
    )
    assert registered.status == 302
    assert "You are registered." in browser.get(a, f"/webinars/{webinar_id}").text
    dashboard = browser.get(a, "/dashboard").text
    assert "<strong>0.5</strong> ECMEC in total" in dashboard
    assert "CT dose modulation" in dashboard and "Paediatric CT protocols" in dashboard

    # The personal calendar token A hands out (an HMAC under the shared key) works on B.
    token_url = re.search(
        r"/webinars/calendar/([\w-]+)\.ics", browser.get(a, "/webinars/calendar").text
    )
    feed = Browser().get(b, token_url.group(0))
    assert feed.status == 200 and "Paediatric CT protocols" in feed.text

    fresh()
    assert count(Attempt, Attempt.user_id == learner.id) == 1
    assert count(Attempt, Attempt.user_id == learner.id, Attempt.passed.is_(True)) == 1
    assert count(Evaluation, Evaluation.user_id == learner.id) == 1
    entries = db.session.scalars(select(CreditEntry).where(CreditEntry.user_id == learner.id))
    assert [(e.activity_id, e.credits) for e in entries] == [(module.id, Decimal("0.5"))]
    assert count(CreditEntry) == 1
    registrations = db.session.scalars(select(Registration)).all()
    assert [(r.user_id, r.session_id, r.status) for r in registrations] == [
        (learner.id, webinar_id, RegistrationStatus.REGISTERED)
    ]


def test_capacity_holds_when_both_instances_register_at_once(
    instances, create_user, create_session
):
    a, b = (instance.url for instance in instances)
    webinar = create_session("Dose audits", capacity=1)
    webinar_id, page = webinar.id, f"/webinars/{webinar.id}"
    learners = [
        create_user(email=f"{name.lower()}-{RUN}@example.org", full_name=f"{name} Learner")
        for name in ("Ana", "Ben")
    ]
    browsers = [Browser(), Browser()]
    for browser, learner, instance in zip(browsers, learners, (a, b), strict=True):
        browser.login(instance, learner)
    tokens = [
        browser.csrf_token(instance, page)
        for browser, instance in zip(browsers, (a, b), strict=True)
    ]
    responses = race(
        *(
            lambda browser=browser, instance=instance, token=token: browser.open(
                f"{instance}/webinars/{webinar_id}/register", {"csrf_token": token}
            )
            for browser, instance, token in zip(browsers, (a, b), tokens, strict=True)
        )
    )
    assert [r.status for r in responses] == [302, 302]

    fresh()
    rows = db.session.execute(
        select(Registration.user_id, Registration.status).where(
            Registration.session_id == webinar_id
        )
    ).all()
    statuses = {user_id: status for user_id, status in rows}
    assert len(rows) == 2
    assert sorted(s.value for s in statuses.values()) == ["registered", "waitlisted"]
    assert count(Registration) == 2
    # Each learner sees, on the other instance, what the database says.
    for browser, learner, other in zip(browsers, learners, (b, a), strict=True):
        text = browser.get(other, page).text
        assert "1 of 1 taken, 1 waiting" in text
        if statuses[learner.id] is RegistrationStatus.REGISTERED:
            assert "You are registered." in text
        else:
            assert "You are on the waiting list." in text


def test_public_feed_validators_agree_across_instances(instances, create_session):
    a, b = (instance.url for instance in instances)
    webinar = create_session("Fluoroscopy dose")
    browser = Browser()
    first = browser.get(a, "/webinars/feed.ics")
    assert first.status == 200 and "Fluoroscopy dose" in first.text
    etag = first.headers["ETag"]
    # The fingerprint comes from the database, so B answers 304 to A's validator.
    assert browser.get(b, "/webinars/feed.ics", headers={"If-None-Match": etag}).status == 304
    second = browser.get(b, "/webinars/feed.ics")
    assert second.headers["ETag"] == etag
    if REDIS_URL:
        # One cached body in Redis: both instances serve the same bytes under the same ETag.
        assert second.text == first.text
        assert _redis_keys(f"{PREFIX}webinars-feed:*")
    # A change committed elsewhere (here: the seeding app) reaches both instances' feeds.
    webinar.title = "Fluoroscopy dose revisited"
    db.session.commit()
    for instance in (a, b):
        changed = browser.get(instance, "/webinars/feed.ics", headers={"If-None-Match": etag})
        assert changed.status == 200 and "Fluoroscopy dose revisited" in changed.text


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set: each instance counts alone")
def test_failed_logins_count_across_instances(instances, create_user):
    a, b = (instance.url for instance in instances)
    learner = create_user(email=f"target-{RUN}@example.org")
    browser = Browser()
    wrong = {"email": learner.email, "password": "not the password"}
    for instance in [a, b, a][:ACCOUNT_LIMIT]:
        assert browser.submit(instance, "/login", wrong, page="/login").status == 200
    assert browser.submit(b, "/login", wrong, page="/login").status == 429
    assert _redis_keys(f"*{learner.email}*"), "the counter lives in Redis, not in process memory"
