"""``make bench``: seed, serve under gunicorn, load from another process, report.

For each database and scale: a fresh database is migrated and seeded (``bench.databases``,
``bench.seed``), the app is served by gunicorn exactly as in production (``app:create_app()``,
configured through the environment), and ``bench.load`` measures each page from a separate
process. SQL statements per request are counted by replaying each request once in-process
against the same database. The table goes to standard output and everything to a JSON file
(``bench.report``).
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from . import load
from .databases import make_app, prepare
from .report import table, write_report
from .seed import ADMIN_EMAIL, BENCH_PASSWORD, DASHBOARD_EMAIL, SEARCH_TERM

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/elearning_bench"
FLOOR = "floor (/healthz)"


# The server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str:
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    host, port = url.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return ""
    return url


def cache_settings() -> dict[str, str]:
    """The shared cache of a run (Redis where one answers), as environment variables."""
    settings = {"CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}:"}
    if cache := redis_url():
        settings["CACHE_REDIS_URL"] = cache
    return settings


@contextmanager
def serve(url: str, secret: str, workers: int, cache: dict[str, str]):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **cache,
        "DATABASE_URL": url,
        "SECRET_KEY": secret,
        "BASE_URL": base,
        "RATELIMIT_ENABLED": "0",  # one client address signs in many learners
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        # Sync workers are killed after --timeout (30 s) without a heartbeat; the export of a
        # million entries streams for longer (docs/deployment.md says the same for production).
        "--timeout",
        "600",
        "app:create_app()",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                if load.request(base, "GET", "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# Scenarios ------------------------------------------------------------------------------


def scenarios(seeded: dict, sessions: dict[str, dict[str, str]]) -> list[dict]:
    """Plain GET scenarios: name, requests (each with the cookies it needs)."""
    learner, admin = sessions["learner"], sessions["admin"]
    group = seeded["search_group_id"]
    entries = seeded["certificate_entry_ids"]
    return [
        {"name": FLOOR, "requests": [{"path": "/healthz"}]},
        {"name": "catalogue, first page", "requests": [{"path": "/modules/"}]},
        {
            "name": "catalogue, filtered search",
            "requests": [{"path": f"/modules/?q={SEARCH_TERM}&group={group}"}],
        },
        {
            "name": "module page",
            "requests": [
                {"path": f"/modules/{slug}", "cookies": learner} for slug in seeded["module_slugs"]
            ],
        },
        {
            "name": "dashboard, 500 completions",
            "requests": [{"path": "/dashboard", "cookies": learner}],
        },
        {"name": "public feed, cached", "requests": [{"path": "/webinars/feed.ics"}]},
        {
            "name": "public feed, 304",
            "requests": [
                {
                    "path": "/webinars/feed.ics",
                    "status": 304,
                    "headers": {"If-None-Match": "{etag}"},
                }
            ],
        },
        {
            "name": "personal feed",
            "requests": [{"path": f"/webinars/calendar/{seeded['calendar_token']}.ics"}],
        },
        {
            "name": "certificate PDF",
            "alone": True,  # its target is a latency: also measured one at a time
            "requests": [
                {"path": f"/credits/{e}/certificate.pdf", "cookies": learner} for e in entries
            ],
        },
        {
            "name": "transcript PDF, 100 entries",
            "alone": True,  # its target is a latency: also measured one at a time
            "requests": [
                {"path": f"/credits/transcript/{seeded['transcript_year']}.pdf", "cookies": learner}
            ],
        },
        {
            "name": "admin ledger, first page",
            "requests": [{"path": "/admin/credits/", "cookies": admin}],
        },
    ]


def run_load(spec: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(result.stdout)


def feed_rebuilds(base: str, url: str, secret: str, cache: dict, session_id: int, rounds: int):
    """Change a session through the app (as an organiser's edit would), then time the feed
    request that must rebuild it."""
    from elearning.extensions import db
    from webinars.models import WebinarSession

    app = make_app(url, secret, {**cache, "BASE_URL": base})
    timings = []
    with app.app_context():
        for n in range(rounds):
            session = db.session.get(WebinarSession, session_id)
            session.title = f"{session.title.split(' [')[0]} [edit {n}]"
            db.session.commit()  # the feed's cached validators are forgotten on commit
            started = time.perf_counter()
            reply = load.request(base, "GET", "/webinars/feed.ics")
            timings.append(time.perf_counter() - started)
            unfolded = reply.body.replace(b"\r\n ", b"")  # iCalendar folds long lines
            if reply.status != 200 or f"[edit {n}]".encode() not in unfolded:
                raise RuntimeError(f"The feed did not show the change (HTTP {reply.status})")
        db.session.remove()
        db.engine.dispose()
    return load.summarise(timings, sum(timings), [])


def export(base: str, master: int, cookies: dict, rounds: int) -> dict:
    """Time the whole CSV export and sample the workers' memory while it streams."""
    timings, growth, rows = [], [], 0
    for _ in range(rounds):
        pids = worker_pids(master)
        before = {pid: rss_kib(pid) for pid in pids}
        peak = dict(before)
        done = threading.Event()

        def sample(pids=pids, peak=peak, done=done):
            while not done.is_set():
                for pid in pids:
                    peak[pid] = max(peak[pid], rss_kib(pid))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.perf_counter()
        reply = load.request(base, "GET", "/admin/credits/export.csv", cookies=cookies)
        timings.append(time.perf_counter() - started)
        done.set()
        sampler.join()
        if reply.status != 200:
            raise RuntimeError(f"The export gave HTTP {reply.status}")
        rows = reply.body.count(b"\n") - 1
        growth.append(max(peak[pid] - before[pid] for pid in pids) / 1024)
    figures = load.summarise(timings, sum(timings), [])
    figures.update(
        rows=rows,
        peak_rss_growth_mib=round(max(growth), 1),
        us_per_row=round(statistics.median(timings) * 1e6 / max(rows, 1), 1),
    )
    return figures


# SQL statements per request ---------------------------------------------------------------


def count_statements(base: str, url: str, secret: str, cache: dict, seeded: dict, specs):
    """Replay each scenario's request in-process, with the server's cache, and count the SQL
    statements it executes (the second of two, as pages are measured warm)."""
    from elearning.extensions import db
    from webinars.models import WebinarSession

    app = make_app(url, secret, {**cache, "BASE_URL": base}, WTF_CSRF_ENABLED=False)
    executed: list[str] = []

    def count(client, method, path, data=None, headers=None):
        executed.clear()
        response = client.open(path, method=method, data=data, headers=headers)
        body = response.get_data()  # a streamed body runs its queries while it is read
        response.close()
        return len(executed), response, body

    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
        session = db.session.get(WebinarSession, seeded["touch_session_id"])
        session.title = f"{session.title.split(' [')[0]} [counted]"
        db.session.commit()  # so that the first feed request below rebuilds it
    # Requests run outside any app context: each gets its own, as under gunicorn (a shared one
    # would share ``g``, and with it Flask-Login's cached user, between the clients).
    event.listen(engine, "before_cursor_execute", lambda *args: executed.append(args[2]))
    clients = {}
    for who, email in (
        ("learner", DASHBOARD_EMAIL),
        ("admin", ADMIN_EMAIL),
        ("quiz", "quiz-0@bench.example"),
        ("anonymous", None),
    ):
        clients[who] = app.test_client()
        if email:
            clients[who].post("/login", data={"email": email, "password": BENCH_PASSWORD})
    counts["public feed, rebuilt after a change"] = count(
        clients["anonymous"], "GET", "/webinars/feed.ics"
    )[0]
    etag = clients["anonymous"].get("/webinars/feed.ics").headers["ETag"]
    for spec in specs:
        item = spec["requests"][0]
        who = "admin" if "admin" in spec["name"] else "learner" if item.get("cookies") else None
        headers = {"If-None-Match": etag} if "headers" in item else None  # the 304 poll
        for _ in range(2):
            n, response, _ = count(
                clients[who or "anonymous"], "GET", item["path"], headers=headers
            )
        if response.status_code != item.get("status", 200):
            raise RuntimeError(f"{item['path']} gave HTTP {response.status_code} in-process")
        counts[spec["name"]] = n
    quiz = clients["quiz"]
    for slug in reversed(seeded["quiz_slugs"]):  # one this learner has not passed in a past run
        posted, reply, _ = count(quiz, "POST", f"/modules/{slug}/attempts")
        path = reply.headers.get("Location", "")
        if "/attempts/" in path:
            break
    else:
        raise RuntimeError("quiz-0@bench.example passed every quiz module: seed again")
    shown, _, page = count(quiz, "GET", path)
    counts["attempt start"] = posted + shown
    posted, reply, _ = count(quiz, "POST", path, load.answer_fields(page))
    shown, _, _ = count(quiz, "GET", reply.headers["Location"])
    counts["attempt submit"] = posted + shown
    counts["CSV export"] = count(clients["admin"], "GET", "/admin/credits/export.csv")[0]
    engine.dispose()
    return counts


# The run --------------------------------------------------------------------------------


def measure(kind: str, scale: float, args) -> dict:
    url, seeded = prepare(
        kind, scale, args.postgres_url, args.reuse, Path(args.work), not args.no_migrate
    )
    secret = seeded["secret"]
    results: dict[str, dict] = {}
    cache = cache_settings()
    with serve(url, secret, args.workers, cache) as (base, master):
        sessions = {
            "learner": load.log_in(base, DASHBOARD_EMAIL, BENCH_PASSWORD),
            "admin": load.log_in(base, ADMIN_EMAIL, BENCH_PASSWORD),
        }
        specs = scenarios(seeded, sessions)
        queries = count_statements(base, url, secret, cache, seeded, specs)
        etag = load.request(base, "GET", "/webinars/feed.ics").headers["etag"]
        common = {
            "base_url": base,
            "duration": args.duration,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
        }
        for spec in specs:
            for item in spec["requests"]:
                if "headers" in item:
                    item["headers"] = {
                        k: v.replace("{etag}", etag) for k, v in item["headers"].items()
                    }
            results.update(run_load({**common, **spec}))
            print(f"  {kind} scale {scale:g}: {spec['name']}", file=sys.stderr)
        for spec in [s for s in specs if s.get("alone")]:
            alone = {**common, **spec, "concurrency": 1, "name": f"{spec['name']}, alone"}
            results.update(run_load(alone))
            queries[alone["name"]] = queries[spec["name"]]
        learners = []
        for n in range(min(args.quiz_learners, 50)):
            cookies = load.log_in(base, f"quiz-{n}@bench.example", BENCH_PASSWORD)
            page = load.request(base, "GET", "/dashboard", cookies=cookies)
            cookies.update(page.cookies)  # the session now holds the CSRF secret
            learners.append((cookies, load.csrf_token(page.body)))
        results.update(
            run_load({**common, "quiz": True, "learners": learners, "slugs": seeded["quiz_slugs"]})
        )
        results["public feed, rebuilt after a change"] = feed_rebuilds(
            base, url, secret, cache, seeded["touch_session_id"], args.rebuilds
        )
        results["CSV export"] = export(base, master, sessions["admin"], args.exports)
    for name, figures in results.items():
        figures["queries"] = queries.get(name)
    floor = results[FLOOR]["p50_ms"]
    for name, figures in results.items():
        # Starting and submitting are two requests each (the POST and the page it leads to).
        figures["requests_per_action"] = 2 if name.startswith("attempt") else 1
        per_request = figures["p50_ms"] / figures["requests_per_action"]
        figures["x_floor"] = round(per_request / floor, 1) if floor else None
    return {
        "database": kind,
        "scale": scale,
        "seed": seeded["counts"],
        "seed_seconds": seeded.get("seconds"),
        "results": results,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated scale factors")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG),
        help="base URL; the scale is appended to the database name",
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--quiz-learners", type=int, default=20)
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--exports", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep databases seeded before")
    parser.add_argument("--seed-only", action="store_true", help="seed, measure nothing")
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="with --reuse, leave the schema as it is (to measure an older checkout)",
    )
    parser.add_argument(
        "--work",
        default=str(ROOT / "instance" / "bench"),
        help="folder for SQLite databases and what each seed left",
    )
    parser.add_argument("--json", default=None, help="results file (default: in --work)")
    args = parser.parse_args(argv)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    args.json = args.json or str(Path(args.work) / "results.json")
    os.chdir(ROOT)
    runs = []
    for kind in args.databases.split(","):
        for scale in (float(s) for s in args.scales.split(",")):
            print(f"{kind} at scale {scale:g}", file=sys.stderr)
            if args.seed_only:
                prepare(kind.strip(), scale, args.postgres_url, args.reuse, Path(args.work))
                continue
            runs.append(measure(kind.strip(), scale, args))
            write_report(args, runs)  # kept as it grows: a later failure loses nothing
    if args.seed_only:
        return 0
    report = write_report(args, runs)
    print(table(runs, report["growth"]))
    print(f"\nJSON: {args.json}")
    return 0
