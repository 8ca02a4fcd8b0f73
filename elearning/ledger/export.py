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


def csv_lines(rows: Iterable[list[object]], chunk_size: int = 64 * 1024) -> Iterator[str]:
    """Yield the CSV text (header first) in chunks of about ``chunk_size`` characters, so a
    response streams it without a write per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # BOM: spreadsheets then read UTF-8 names right
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.tell() >= chunk_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
