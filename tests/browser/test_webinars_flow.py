"""Webinar journeys in a real browser: schedule a series, register, subscribe, waiting list."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from elearning.accounts.models import Role
from elearning.extensions import db
from tests.conftest import PASSWORD
from tests.webinars.conftest import local_in
from webinars import operations
from webinars.operations import SessionInput

SERIES_TITLE = "Radiation Protection Webinars"
GROUP = "EFRS Training Activities"
TITLE = "CT dose optimisation in children"
SPEAKER = "Dr Ana Sousa — Hospital de Santa Maria"
JOIN_URL = "https://meet.example.org/secret-room"
LISBON = "Europe/Lisbon"
ATHENS = "Europe/Athens"
SITE_ZONE = "Europe/Brussels"  # the site's default zone, for users who chose none
START = time(14, 0)
# The night clocks go forward in Lisbon in 2030: 01:00 WET becomes 02:00 WEST.
GAP = datetime(2030, 3, 31, 1, 30)


def shown(moment: datetime, zone: str) -> str:
    """How the site writes an instant for a viewer in ``zone``."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a %d %B %Y, %H:%M} {local.tzname()} ({zone})"


def skipped_by(local: datetime, zone: str) -> bool:
    """Whether the wall-clock time ``local`` never happens in ``zone``."""
    aware = local.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != local


def session_day(days: int = 30) -> date:
    """A day about ``days`` ahead, in Lisbon."""
    return local_in(days, LISBON).date()


@dataclass(frozen=True)
class Scheduled:
    """What the test needs of a session, read before the browser starts."""

    id: int
    title: str
    starts_at: datetime


def schedule(organiser, title: str = TITLE, *, capacity: int | None = None):
    """Create a series and one session in it, 30 days ahead at 14:00 Lisbon time."""
    series = operations.create_series(
        organiser, title=SERIES_TITLE, description="Monthly sessions.", organising_group=GROUP
    )
    session = operations.schedule_session(
        series,
        SessionInput(
            title=title,
            abstract="How to *optimise* CT protocols.",
            speakers=[("Dr Ana Sousa", "Hospital de Santa Maria")],
            local_start=datetime.combine(session_day(), START),
            timezone=LISBON,
            duration_minutes=60,
            join_url=JOIN_URL,
            capacity=capacity,
            credits=Decimal("1"),
        ),
    )
    db.session.commit()
    return session


def scheduled(session) -> Scheduled:
    return Scheduled(session.id, session.title, session.starts_at)


@pytest.fixture
def organiser(create_user):
    return create_user(email="organiser@example.org", role=Role.ORGANISER, full_name="Olga Org")


@pytest.fixture
def learner(create_user):
    """A learner's email address; the password is PASSWORD."""
    return create_user(email="eleni@example.org", full_name="Eleni Learner", country="GR").email


@pytest.fixture
def webinar(organiser) -> Scheduled:
    """An upcoming session with no capacity limit."""
    return scheduled(schedule(organiser))


@pytest.fixture
def full_webinar(organiser, create_user) -> Scheduled:
    """A session of capacity 1 whose only place is taken."""
    session = schedule(organiser, capacity=1)
    first = create_user(email="first@example.org", full_name="Fiona First")
    operations.register(first, session)
    db.session.commit()
    return scheduled(session)


def sign_in(page, email: str) -> None:
    """Sign in through the login page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.loads():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_from_nav(page, label: str) -> None:
    """Follow a link of the main navigation."""
    nav = page.get_by_role("navigation", name="Main")
    with page.loads():
        nav.get_by_role("link", name=label, exact=True).click()


def fill_session_form(page, *, title: str, day: str, start: str, zone: str = LISBON) -> None:
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Abstract").fill("How to *optimise* CT protocols for children.")
    page.get_by_label("Speakers").fill(SPEAKER)
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("Time zone").select_option(zone)
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Join link").fill(JOIN_URL)
    page.get_by_label("Capacity").fill("50")
    page.get_by_label("CME credits for live attendance (ECMEC)").fill("1.5")


def test_organiser_schedules_a_series_and_a_session(page, organiser):
    """An organiser starts a series and schedules its first session in Lisbon time."""
    day = session_day()
    starts_at = datetime.combine(day, START, tzinfo=ZoneInfo(LISBON))
    sign_in(page, organiser.email)
    open_from_nav(page, "Organise")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organise webinars")
    with page.loads():
        page.get_by_role("link", name="Start a new series").click()

    page.get_by_label("Title", exact=True).fill(SERIES_TITLE)
    page.get_by_label("Organising group").fill(GROUP)
    page.get_by_label("Description").fill("Monthly sessions on *practical* radiation protection.")
    with page.loads():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Series created. Schedule its first session.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a session")

    fill_session_form(page, title=TITLE, day=day.isoformat(), start="14:00")
    with page.loads():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Session scheduled.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    when = page.locator("dl.facts time")
    # The organiser chose no zone: times are shown in the site's, 15:00 in Brussels.
    expect(when).to_have_text(shown(starts_at, SITE_ZONE))
    instant = datetime.fromisoformat(when.get_attribute("datetime"))
    assert instant == starts_at
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("90 minutes")
    expect(facts).to_contain_text("1.5 ECMEC for attending at least 80% live")
    expect(facts).to_contain_text("0 of 50 taken")
    expect(facts.get_by_role("listitem")).to_have_text("Dr Ana Sousa, Hospital de Santa Maria")
    expect(page.get_by_role("link", name="Join the webinar")).to_have_count(0)  # not registered
    with page.loads():
        page.get_by_role("link", name=SERIES_TITLE).click()
    expect(page.get_by_text(f"Organised by {GROUP}")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # A time the clocks skip is refused, with the reason next to the form.
    assert skipped_by(GAP, LISBON)
    assert not skipped_by(GAP + timedelta(hours=1), LISBON)
    open_from_nav(page, "Organise")
    with page.loads():
        page.get_by_role("link", name=f"Schedule a session in {SERIES_TITLE}").click()
    fill_session_form(page, title="Night owls", day=GAP.date().isoformat(), start="01:30")
    with page.loads():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a session")
    start_time = page.get_by_label("Start time")
    expect(start_time).to_have_attribute("aria-invalid", "true")
    expect(start_time).to_have_accessible_description(
        re.compile("01:30 does not exist on 31 March 2030 in Europe/Lisbon")
    )
    expect(page.get_by_label("Title", exact=True)).to_have_value("Night owls")
    open_from_nav(page, "Organise")
    expect(page.get_by_role("link", name="Night owls")).to_have_count(0)
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def fetch(browser, url: str):
    """GET ``url`` from a fresh browser context: none of the learner's cookies."""
    context = browser.new_context()
    try:
        response = context.request.get(url)
        return response.status, response.headers.get("content-type", ""), response.body()
    finally:
        context.close()


def only_event(body: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    return event


def test_learner_registers_and_subscribes(page, browser, learner, webinar, live_server):
    """A learner in Athens registers, downloads the event and subscribes to a private feed."""
    sign_in(page, learner)
    with page.loads():
        page.get_by_role("navigation", name="Account").get_by_role(
            "link", name="Eleni Learner"
        ).click()
    page.get_by_label("Time zone").select_option(ATHENS)
    with page.loads():
        page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_have_text("Your profile has been saved.")
    expect(page.get_by_label("Time zone")).to_have_value(ATHENS)

    open_from_nav(page, "Webinars")
    upcoming = page.get_by_role("region", name="Upcoming", exact=True)
    expect(upcoming.get_by_role("listitem")).to_contain_text(shown(webinar.starts_at, ATHENS))
    with page.loads():
        upcoming.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("dl.facts time")).to_have_text(shown(webinar.starts_at, ATHENS))
    expect(page.locator("dl.facts time")).to_contain_text("(Europe/Athens)")
    expect(page.get_by_role("link", name="Join the webinar")).to_have_count(0)
    with page.loads():
        page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("You are registered.")
    take_part = page.get_by_role("region", name="Take part")
    expect(take_part).to_contain_text("You are registered.")
    expect(take_part.get_by_role("link", name="Join the webinar")).to_have_attribute(
        "href", JOIN_URL
    )
    expect(take_part.get_by_role("button", name="Cancel my registration")).to_be_visible()

    # The .ics link downloads a file: no document is loaded, so the raw page waits for it.
    with page.page.expect_download() as info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"webinar-{webinar.id}.ics"
    body = download.path().read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR")
    event = only_event(body)
    assert str(event["SUMMARY"]) == TITLE
    assert event.decoded("DTSTART") == webinar.starts_at
    assert str(event["LOCATION"]) == JOIN_URL  # registered: the join link is in
    assert page.url == f"{live_server}/webinars/{webinar.id}"

    open_from_nav(page, "My calendar")
    expect(page.get_by_role("heading", level=1)).to_have_text("My calendar")
    address = page.get_by_label("Feed address")
    expect(address).to_have_attribute("readonly", "")
    old_url = address.input_value()
    assert re.fullmatch(rf"{re.escape(live_server)}/webinars/calendar/[\w-]+\.ics", old_url)
    expect(page.get_by_role("link", name="Subscribe in your calendar")).to_have_attribute(
        "href", "webcal://" + old_url.split("://", 1)[1]
    )
    status, content_type, body = fetch(browser, old_url)
    assert status == 200
    assert content_type.startswith("text/calendar")
    event = only_event(body)
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["LOCATION"]) == JOIN_URL
    assert str(event["URL"]) == f"{live_server}/webinars/{webinar.id}"

    with page.loads():
        page.get_by_role("button", name="Renew the address").click()
    expect(page.get_by_role("status")).to_contain_text("the old one no longer works")
    new_url = page.get_by_label("Feed address").input_value()
    assert new_url != old_url
    assert fetch(browser, old_url)[0] == 404
    status, content_type, body = fetch(browser, new_url)
    assert status == 200 and content_type.startswith("text/calendar")
    assert str(only_event(body)["SUMMARY"]) == TITLE
    # axe checked every page the learner saw; the download loaded none.
    assert not page.missed
    assert page.checked[-4:] == [
        f"{live_server}/webinars/{webinar.id}",
        f"{live_server}/webinars/{webinar.id}",
        f"{live_server}/webinars/calendar",
        f"{live_server}/webinars/calendar",
    ]


def test_full_session_puts_the_learner_on_the_waiting_list(page, learner, full_webinar):
    """With its only place taken, registering for a session joins its waiting list."""
    sign_in(page, learner)
    page.goto("/webinars/")
    with page.loads():
        page.get_by_role("link", name=TITLE).click()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("1 of 1 taken")
    with page.loads():
        page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("you are on the waiting list")
    take_part = page.get_by_role("region", name="Take part")
    expect(take_part).to_contain_text("You are on the waiting list.")
    expect(take_part).not_to_contain_text("You are registered.")
    expect(page.get_by_role("link", name="Join the webinar")).to_have_count(0)
    expect(take_part.get_by_role("button", name="Cancel my registration")).to_be_visible()
    expect(facts).to_contain_text("1 of 1 taken, 1 waiting")
