"""Reading attendee reports exported by Zoom and BigBlueButton. Pure: no Flask, no database.

A report has a header row naming at least an email column and either a duration column or join
and leave times; Zoom puts a meeting summary above it, which is skipped. A learner who left
and rejoined has several rows: overlapping intervals are merged, so nobody counts twice.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

MAX_BYTES = 5 * 1024 * 1024

COLUMNS = {
    "name": {"name", "name (original name)", "participant", "user name", "full name", "attendee"},
    "email": {"email", "user email", "e-mail", "email address", "attendee email"},
    "join": {"join time", "join", "joined", "join time (utc)", "first join"},
    "leave": {"leave time", "leave", "left", "leave time (utc)", "last leave"},
    "minutes": {
        "duration (minutes)",
        "duration",
        "duration (mins)",
        "minutes",
        "time in session (minutes)",
        "total duration (minutes)",
    },
}
_TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AttendanceFileError(ValueError):
    """The file cannot be read as an attendee report; nothing should change."""


@dataclass
class Row:
    line: int
    name: str
    email: str
    minutes: int | None
    join: datetime | None
    leave: datetime | None


@dataclass
class Report:
    attendees: dict[str, int] = field(default_factory=dict)  # email -> minutes present
    names: dict[str, str] = field(default_factory=dict)
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    rows: int = 0


def _text(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise AttendanceFileError("The file is larger than 5 MB; is it really an attendee report?")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as some spreadsheets save
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise AttendanceFileError("The file's UTF-16 text is damaged.") from None
    if b"\x00" in content[:4096]:
        raise AttendanceFileError("This is not a text (CSV) file.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttendanceFileError(
            "The file is not UTF-8 text; export the report as CSV (UTF-8)."
        ) from None


def _header_map(row: list[str]) -> dict[str, int] | None:
    found = {}
    for index, cell in enumerate(row):
        key = cell.strip().lower()
        for column, aliases in COLUMNS.items():
            if key in aliases and column not in found:
                found[column] = index
    # Zoom's meeting summary above the participants also has an email and a duration column
    # (the host's): a participants header also names the person or their join time.
    has_time = "minutes" in found or {"join", "leave"} <= set(found)
    if "email" in found and has_time and ("name" in found or "join" in found):
        return found
    return None


def _time(value: str) -> datetime | None:
    value = value.strip()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def _minutes(value: str) -> int | None:
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return int(float(value))
    match = re.fullmatch(r"(\d+):(\d{2}):(\d{2})", value)  # HH:MM:SS
    if match:
        hours, minutes, _seconds = map(int, match.groups())
        return hours * 60 + minutes  # whole minutes, like the intervals below
    return None


def parse_report(content: bytes) -> Report:
    """Read the file; raise AttendanceFileError if it is not an attendee report at all."""
    text = _text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header_line, columns = next(
        ((n, mapping) for n, row in enumerate(rows) if (mapping := _header_map(row))), (None, None)
    )
    if columns is None:
        raise AttendanceFileError(
            "No header row with an email column and a duration (or join and leave times) was "
            "found. Export the participants report from Zoom or BigBlueButton as CSV."
        )
    report = Report()
    parsed: list[Row] = []
    for n, row in enumerate(rows[header_line + 1 :], start=header_line + 2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        row_or_reason = _row(n, row, columns)
        if isinstance(row_or_reason, str):
            report.malformed.append((n, row_or_reason))
        else:
            parsed.append(row_or_reason)
    by_email: dict[str, list[Row]] = defaultdict(list)  # one pass: reports can be long
    for row in parsed:
        by_email[row.email].append(row)
    for email, mine in by_email.items():
        report.attendees[email] = _presence(mine)
        report.names[email] = next((r.name for r in mine if r.name), "")
    return report


def _row(line: int, row: list[str], columns: dict[str, int]) -> Row | str:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    email = cell("email").lower()
    if not email:
        return "no email address"
    if not _EMAIL.match(email):
        return f"{email!r} is not an email address"
    minutes = _minutes(cell("minutes")) if "minutes" in columns else None
    join, leave = _time(cell("join")), _time(cell("leave"))
    if "minutes" in columns and minutes is None and cell("minutes"):
        return f"duration {cell('minutes')!r} is not a number of minutes"
    if minutes is None and (join is None or leave is None):
        return "neither a duration nor readable join and leave times"
    if join and leave and leave < join:
        return "leave time before join time"
    return Row(line, cell("name"), email, minutes, join, leave)


def _presence(rows: list[Row]) -> int:
    """Minutes present: merged join-leave intervals when all rows have them, else the sum."""
    if all(r.join and r.leave for r in rows):
        spans = sorted((r.join, r.leave) for r in rows)
        total, (start, end) = 0.0, spans[0]
        for join, leave in spans[1:]:
            if join <= end:
                end = max(end, leave)
            else:
                total += (end - start).total_seconds()
                start, end = join, leave
        total += (end - start).total_seconds()
        return int(total // 60)  # whole minutes present: 47.5 is not 48
    return sum(r.minutes or 0 for r in rows)
