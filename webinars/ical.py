"""iCalendar (RFC 5545) feeds of webinar sessions. Pure: no Flask, no database."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

PRODID = "-//Radiation Protection Learning//Webinars//EN"


@dataclass(frozen=True)
class EventData:
    """What a calendar needs to know of one session."""

    uid: str
    sequence: int
    title: str
    description: str
    url: str
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    timezone: str  # IANA zone the session was scheduled in
    cancelled: bool
    created: datetime
    last_modified: datetime
    location: str = ""  # the join URL, in personal feeds only
    recording_url: str = ""


def build_calendar(
    name: str, events: Iterable[EventData], *, stamp: datetime, description: str = ""
) -> bytes:
    """Return a VCALENDAR with one VEVENT per session and the VTIMEZONEs they use."""
    calendar = _calendar(name, description)
    first, last = date.max, date.min
    for data in events:
        calendar.add_component(_event(data, stamp))
        first = min(first, data.starts_at.date())
        last = max(last, data.ends_at.date())
    if first <= last:
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()


def _calendar(name: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    return calendar


def event_block(data: EventData, stamp: datetime) -> bytes:
    """One VEVENT as text, for feeds that cache each event's text and assemble them."""
    return _event(data, stamp).to_ical()


def timezone_block(zone: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``zone`` with its transitions between ``first`` and ``last``."""
    return Timezone.from_tzid(zone, first_date=first, last_date=last).to_ical()


def assemble_calendar(
    name: str, zones: Iterable[bytes], events: Iterable[bytes], *, description: str = ""
) -> bytes:
    """A VCALENDAR made of VTIMEZONE and VEVENT texts from ``timezone_block``/``event_block``:
    the same calendar ``build_calendar`` writes, without serialising every event again."""
    head = _calendar(name, description).to_ical()
    end = b"END:VCALENDAR\r\n"
    return b"".join([head[: -len(end)], *zones, *events, end])


def _event(data: EventData, stamp: datetime) -> Event:
    zone = ZoneInfo(data.timezone)
    event = Event()
    event.add("uid", data.uid)
    event.add("sequence", data.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("created", data.created.astimezone(UTC))
    event.add("last-modified", data.last_modified.astimezone(UTC))
    event.add("dtstart", data.starts_at.astimezone(zone))
    event.add("dtend", data.ends_at.astimezone(zone))
    event.add("summary", data.title)
    description = data.description
    if data.recording_url:
        description += f"\n\nRecording: {data.recording_url}"
    event.add("description", description.strip())
    event.add("url", data.url)
    if data.location:
        event.add("location", data.location)
    event.add("status", "CANCELLED" if data.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if data.cancelled else "OPAQUE")
    return event
