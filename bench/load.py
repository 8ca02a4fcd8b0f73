"""The load generator: runs in its own process and sends real HTTP requests to the server.

``python -m bench.load`` reads a scenario as JSON on standard input and prints its figures as
JSON. Each of ``concurrency`` threads opens a new connection per request (as a reverse proxy
does with gunicorn's sync workers) and goes round its list of requests for ``duration``
seconds after ``warmup`` seconds whose requests are not counted.

A scenario is either a list of plain requests (``{"method", "path", "headers"}``) or, with
``"quiz": true``, learners who start an attempt (POST, then the quiz page) and submit it (POST,
then the result page), each step timed as the learner sees it.
"""

import http.client
import json
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


def request(base: str, method: str, path: str, *, headers=None, cookies=None, form=None) -> Reply:
    """One request on a new connection; reads the whole body."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
        return Reply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, data, set_cookies
        )
    finally:
        connection.close()


CSRF = re.compile(rb'name="csrf_token"[^>]*? value="([^"]+)"')


def csrf_token(page: bytes) -> str:
    match = CSRF.search(page)
    if not match:
        raise RuntimeError("No CSRF token on the page.")
    return match.group(1).decode()


def log_in(base: str, email: str, password: str) -> dict[str, str]:
    """Sign in through the login form; returns the session cookies."""
    page = request(base, "GET", "/login")
    cookies = dict(page.cookies)
    form = {"csrf_token": csrf_token(page.body), "email": email, "password": password}
    reply = request(base, "POST", "/login", cookies=cookies, form=form)
    if reply.status != 302:
        raise RuntimeError(f"Could not sign in as {email}: HTTP {reply.status}")
    cookies.update(reply.cookies)
    return cookies


def answer_fields(page: bytes) -> dict[str, str]:
    """The first option of every question on a quiz page (positions, as the page sends)."""
    fields: dict[str, str] = {}
    for name, value in re.findall(rb'name="(q\d+)" value="(\d+)"', page):
        fields.setdefault(name.decode(), value.decode())
    return fields


class Learner:
    """A signed-in learner taking quizzes: start, answer the first option of each, submit."""

    def __init__(self, base: str, cookies: dict[str, str], csrf: str) -> None:
        self.base, self.cookies, self.csrf = base, dict(cookies), csrf

    def _go(self, method: str, path: str, form=None) -> Reply:
        reply = request(self.base, method, path, cookies=self.cookies, form=form)
        self.cookies.update(reply.cookies)
        return reply

    def start(self, slug: str) -> tuple[str, bytes] | None:
        """Start an attempt and open it; None when the learner passed this quiz already (an
        earlier run on the same database): the module page is where that sends them."""
        reply = self._go("POST", f"/modules/{slug}/attempts", {"csrf_token": self.csrf})
        if reply.status == 302 and reply.location.rstrip("/").endswith(slug):
            self._go("GET", reply.location)  # read the flashed message, as a browser would
            return None
        if reply.status != 302 or "/attempts/" not in reply.location:
            raise RuntimeError(f"Starting an attempt on {slug} gave HTTP {reply.status}")
        page = self._go("GET", reply.location)
        if page.status != 200:
            raise RuntimeError(f"The quiz page gave HTTP {page.status}")
        return reply.location, page.body

    def submit(self, path: str, page: bytes) -> None:
        reply = self._go("POST", path, {"csrf_token": self.csrf, **answer_fields(page)})
        if reply.status != 302:
            raise RuntimeError(f"Submitting {path} gave HTTP {reply.status}")
        result = self._go("GET", reply.location)
        if result.status != 200:
            raise RuntimeError(f"The result page gave HTTP {result.status}")


def summarise(latencies: list[float], elapsed: float, errors: list[str]) -> dict:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95_ms": pct(0.95),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def run(spec: dict) -> dict:
    """Run a scenario; returns {name: figures} (a quiz scenario gives two names)."""
    base, duration, warmup = spec["base_url"], spec["duration"], spec["warmup"]
    concurrency = spec["concurrency"]
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    begin = time.perf_counter()
    measure_from, stop_at = begin + warmup, begin + warmup + duration

    def record(name: str, started: float) -> None:
        now = time.perf_counter()
        # A page slower than the whole window still gets its one measured request.
        if started >= measure_from and (now <= stop_at or not timings.get(name)):
            with lock:
                timings.setdefault(name, []).append(now - started)

    def going(name: str) -> bool:
        return len(errors) < 50 and (time.perf_counter() < stop_at or not timings.get(name))

    def plain(worker: int) -> None:
        items = spec["requests"]
        i = worker
        while going(spec["name"]):
            item = items[i % len(items)]
            i += concurrency
            started = time.perf_counter()
            try:
                reply = request(
                    base,
                    item.get("method", "GET"),
                    item["path"],
                    headers=item.get("headers"),
                    cookies=item.get("cookies"),
                )
                if reply.status != item.get("status", 200):
                    raise RuntimeError(f"{item['path']} gave HTTP {reply.status}")
            except Exception as error:
                errors.append(str(error))
                continue
            record(spec["name"], started)

    def quiz(worker: int) -> None:
        learners = [
            Learner(base, cookies, token)
            for n, (cookies, token) in enumerate(spec["learners"])
            if n % concurrency == worker
        ]
        slugs, i = spec["slugs"], 0
        while learners and (going("attempt start") or going("attempt submit")):
            learner = learners[i % len(learners)]
            slug = slugs[(i // len(learners) + worker * 7) % len(slugs)]
            i += 1
            try:
                started = time.perf_counter()
                opened = learner.start(slug)
                if opened is None:
                    continue
                path, page = opened
                record("attempt start", started)
                started = time.perf_counter()
                learner.submit(path, page)
                record("attempt submit", started)
            except Exception as error:
                errors.append(str(error))

    target = quiz if spec.get("quiz") else plain
    threads = [threading.Thread(target=target, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = ["attempt start", "attempt submit"] if spec.get("quiz") else [spec["name"]]
    return {name: summarise(timings.get(name, []), duration, errors) for name in names}


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
