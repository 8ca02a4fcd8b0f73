"""Benchmarks: ``make bench`` seeds, serves under gunicorn, measures; see docs/performance.md."""
