"""The report of ``make bench``: growth between scales, the table, the JSON file."""

import json
import os
import sys
from datetime import datetime
from pathlib import Path


def growth(runs: list[dict]) -> list[dict]:
    """p50, p95 and query ratios between the smallest and the largest scale of each database."""
    out = []
    for kind in dict.fromkeys(r["database"] for r in runs):
        mine = sorted((r for r in runs if r["database"] == kind), key=lambda r: r["scale"])
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        for name, figures in large["results"].items():
            before = small["results"].get(name)
            if not before:
                continue

            def ratio(key, a=before, b=figures):
                if a.get(key) is None or b.get(key) is None:
                    return None
                if a[key] == b[key]:
                    return 1.0  # zero queries at both scales included
                return round(b[key] / a[key], 2) if a[key] else None

            out.append(
                {
                    "database": kind,
                    "page": name,
                    "from": small["scale"],
                    "to": large["scale"],
                    "p50": ratio("p50_ms"),
                    "p95": ratio("p95_ms"),
                    "queries": ratio("queries"),
                    "rps": ratio("rps"),
                }
            )
    return out


def table(runs: list[dict], ratios: list[dict]) -> str:
    lines = []
    for run in runs:
        lines.append(
            f"\n{run['database']} at scale {run['scale']:g}  (seeded: "
            + ", ".join(f"{v:,} {k}" for k, v in run["seed"].items())
            + ")"
        )
        lines.append(f"{'page':<38}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'SQL':>6}{'x floor':>9}")
        for name, f in run["results"].items():
            lines.append(
                f"{name:<38}{f['rps']:>8.1f}{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}"
                f"{f['queries'] if f['queries'] is not None else '-':>6}"
                f"{f['x_floor'] if f['x_floor'] is not None else '-':>9}"
            )
            if "peak_rss_growth_mib" in f:
                lines.append(
                    f"{'':<4}{f['rows']:,} rows, {f['us_per_row']} µs a row, worker "
                    f"memory grew by at most {f['peak_rss_growth_mib']} MiB"
                )
            if f["errors"]:
                lines.append(f"{'':<4}{f['errors']} errors, first: {f['first_error']}")
    if ratios:
        lines.append("\ngrowth from the smallest to the largest scale (large / small)")
        lines.append(f"{'database':<12}{'page':<38}{'p50':>7}{'p95':>7}{'SQL':>7}{'rps':>7}")
        for r in ratios:
            cells = "".join(
                f"{r[k] if r[k] is not None else '-':>7}" for k in ("p50", "p95", "queries", "rps")
            )
            lines.append(f"{r['database']:<12}{r['page']:<38}{cells}")
    lines.append(
        "\nx floor: p50 per request over the p50 of /healthz in the same run; an attempt's start"
        "\nand submit are two requests each (the POST and the page it leads to), timed together."
    )
    return "\n".join(lines)


def write_report(args, runs: list[dict]) -> dict:
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": vars(args),
        "runs": runs,
        "growth": growth(runs),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, default=str))
    return report


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
