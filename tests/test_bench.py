"""`make bench` keeps working: the whole benchmark at a tiny scale, on the test database's kind.

No timing is asserted (figures depend on the machine); what is checked is that every page was
measured without errors, and that the SQL statements per request are the same at both scales.
"""

import importlib.util
import json

import pytest
from sqlalchemy.engine import make_url

from bench.run import main

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed"
)

PAGES = {
    "floor (/healthz)",
    "catalogue, first page",
    "catalogue, filtered search",
    "module page",
    "dashboard, 500 completions",
    "public feed, cached",
    "public feed, 304",
    "public feed, rebuilt after a change",
    "personal feed",
    "certificate PDF",
    "certificate PDF, alone",
    "transcript PDF, 100 entries",
    "transcript PDF, 100 entries, alone",
    "admin ledger, first page",
    "attempt start",
    "attempt submit",
    "CSV export",
}


def test_the_benchmark_runs_at_a_tiny_scale(database_url, tmp_path, capsys):
    url = make_url(database_url)
    kind = url.get_backend_name()
    arguments = ["--scales", "0.003,0.006", "--databases", kind, "--work", str(tmp_path)]
    arguments += ["--duration", "0.3", "--warmup", "0.1", "--quiz-learners", "2"]
    arguments += ["--rebuilds", "2", "--exports", "1", "--workers", "1"]
    if kind == "postgresql":  # databases of its own beside the test database
        base = url.set(drivername="postgresql", database=f"{url.database}_bench")
        arguments += ["--postgres-url", base.render_as_string(hide_password=False)]
    assert main(arguments) == 0
    report = json.loads((tmp_path / "results.json").read_text())
    assert [run["scale"] for run in report["runs"]] == [0.003, 0.006]
    for run in report["runs"]:
        assert set(run["results"]) == PAGES
        for page, figures in run["results"].items():
            assert figures["errors"] == 0, (page, figures["first_error"])
            assert figures["requests"] > 0, page
            assert figures["queries"] is not None, page
        assert run["results"]["CSV export"]["rows"] == run["seed"]["credit_entries"]
    flat = {row["page"]: row["queries"] for row in report["growth"]}
    assert set(flat) == PAGES
    assert all(ratio == 1.0 for ratio in flat.values()), flat
    table = capsys.readouterr().out
    assert "growth from the smallest to the largest scale" in table
