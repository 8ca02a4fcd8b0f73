"""The ledger as CSV for accreditation bodies. Pure: no Flask, no database."""

import csv
import io
from collections.abc import Iterable, Iterator

HEADER = [
    "Learner",
    "Email",
    "Profession",
    "Country",
    "Activity",
    "Activity type",
    "Group",
    "Date (UTC)",
    "Credits (ECMEC)",
    "Evidence",
    "Status",
    "Revocation reason",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Keep spreadsheets from reading a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(rows: Iterable[list[object]]) -> Iterator[str]:
    """Yield the CSV text line by line (header first), so a response can stream it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield "\ufeff" + buffer.getvalue()  # BOM: spreadsheets then read UTF-8 names right
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in row])
        yield buffer.getvalue()
