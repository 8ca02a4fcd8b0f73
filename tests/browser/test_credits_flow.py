"""Credits in a real browser: earn them, follow them on the dashboard, prove them with PDFs."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from playwright.sync_api import expect
from pypdf import PdfReader

from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.types import utcnow
from tests.browser.test_modules_flow import answer_quiz, publish_module, sign_in
from tests.browser.test_webinars_flow import open_from_nav
from tests.webinars.conftest import local_in
from webinars import attendance
from webinars import operations as webinars
from webinars.operations import SessionInput

NAME = "Zoë Łukasiewicz-Ørsted"
EMAIL = "zoe@example.org"
MODULE = "CT dose modulation"
WEBINAR = "Dose audits in interventional radiology"
SERIES = "Radiation Protection Webinars"
ZONE = "Europe/Lisbon"
REASON = "The attendance report named another learner"


@pytest.fixture
def staff(create_user):
    """An author, an administrator and an organiser: (author, admin, organiser)."""
    return (
        create_user(email="author@example.org", role=Role.AUTHOR, full_name="Anna Author"),
        create_user(email="admin@example.org", role=Role.ADMIN, full_name="Ada Admin"),
        create_user(email="organiser@example.org", role=Role.ORGANISER, full_name="Olga Org"),
    )


@pytest.fixture
def learner(create_user):
    return create_user(email=EMAIL, full_name=NAME)


@pytest.fixture
def module(staff) -> None:
    """A published module worth 0.5 ECMEC, with the four default questions."""
    author, admin, _ = staff
    publish_module(author, admin, MODULE)
    db.session.commit()


@pytest.fixture
def attended(staff, learner) -> None:
    """A 60-minute session worth 1.5 ECMEC that the learner registered for and attended.

    Registration closes when a session starts, so the learner registers while it is ahead;
    the session is then moved to three hours ago (held), and the organiser records 55 minutes.
    """
    series = webinars.create_series(
        staff[2], title=SERIES, description="Monthly sessions.", organising_group="EFRS"
    )
    data = SessionInput(
        title=WEBINAR,
        abstract="Setting up a *dose audit*.",
        speakers=[("Dr Ana Sousa", "Hospital de Santa Maria")],
        local_start=local_in(7, ZONE),
        timezone=ZONE,
        duration_minutes=60,
        join_url="https://meet.example.org/audits",
        capacity=None,
        credits=Decimal("1.5"),
    )
    session = webinars.schedule_session(series, data)
    webinars.register(learner, session)
    data.local_start = local_in(-0.125, ZONE)
    webinars.update_session(session, data)
    _, entry = attendance.record_attendance(session, learner, 55, "manual")
    assert entry is not None
    db.session.commit()


def download(page, link_name: str) -> PdfReader:
    """Follow a link that downloads a PDF (no document loads) and read the file."""
    with page.page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    path = Path(info.value.path())
    assert path.read_bytes().startswith(b"%PDF-")
    return PdfReader(path)


def pdf_text(reader: PdfReader) -> str:
    """The text of every page, on one line: table cells and long titles wrap."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def qr_text(reader: PdfReader) -> str:
    images = [image.image for page in reader.pages for image in page.images]
    found = [r.text for image in images for r in zxingcpp.read_barcodes(image)]
    assert len(found) == 1, found
    return found[0]


def verification_url(reader: PdfReader, printed_after: str) -> str:
    """The URL of the QR code, checked against the one printed after ``printed_after``."""
    printed = re.search(rf"{printed_after}\s+(\S+)", pdf_text(reader))
    assert printed, f"no URL after {printed_after!r}"
    assert qr_text(reader) == printed.group(1)
    return printed.group(1)


def earn_the_module(page) -> None:
    """Take the module's quiz through the UI, pass it and send the evaluation."""
    open_from_nav(page, "Tips & Tricks")
    with page.loads():
        page.get_by_role("link", name=MODULE).click()
    with page.loads():
        page.get_by_role("button", name="Take the quiz").click()
    answer_quiz(page, correctly=True)
    with page.loads():
        page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("You scored")).to_have_text(re.compile(r"100\.00%.*\s+passed\b"))
    with page.loads():
        page.get_by_role("link", name="Send the evaluation to complete the module").click()
    page.get_by_role("group", name="How relevant").get_by_label("5 – excellent").check()
    page.get_by_role("group", name="quality of the content").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="commercial bias").get_by_label("Yes", exact=True).check()
    with page.loads():
        page.get_by_role("button", name="Send the evaluation").click()
    expect(page.get_by_role("status")).to_contain_text("and earned 0.5")


def test_learner_earns_follows_and_proves_credits(page, live_server, learner, module, attended):
    """Credits from a module and a webinar show on the dashboard; their PDFs verify online."""
    year = utcnow().year
    sign_in(page, EMAIL)
    earn_the_module(page)

    open_from_nav(page, "Dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    summary = page.get_by_role("region", name="Credits", exact=True)
    expect(summary).to_contain_text(f"2 ECMEC in {year}")  # 0.5 + 1.5
    progress = page.get_by_role("progressbar", name=f"Progress toward your {year} goal of 50 ECMEC")
    expect(progress).to_have_attribute("value", "4")
    chart = summary.get_by_role("img", name=f"Credits per year: {year}: 2 ECMEC")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("goal 50")
    modules = page.get_by_role("region", name="Completed modules")
    expect(modules.get_by_role("link", name=MODULE, exact=True)).to_be_visible()
    expect(modules.get_by_role("listitem")).to_contain_text("0.5 ECMEC")
    webinars_ = page.get_by_role("region", name="Attended webinars")
    expect(webinars_.get_by_role("link", name=WEBINAR, exact=True)).to_be_visible()
    expect(webinars_.get_by_role("listitem")).to_contain_text(f"{SERIES} ·")
    expect(webinars_.get_by_role("listitem")).to_contain_text("1.5 ECMEC")

    page.get_by_label("Yearly goal (ECMEC)").fill("8")
    with page.loads():
        page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("status")).to_have_text("Your yearly credit goal has been saved.")
    page.goto("/dashboard")  # saved, not just echoed back
    expect(page.get_by_label("Yearly goal (ECMEC)")).to_have_value("8")
    progress = page.get_by_role("progressbar", name=f"Progress toward your {year} goal of 8 ECMEC")
    expect(progress).to_have_attribute("value", "25")
    expect(page.get_by_role("img", name=re.compile("Credits per year"))).to_contain_text("goal 8")

    open_from_nav(page, "My credits")
    expect(page.get_by_role("heading", level=1)).to_have_text("My credits")
    certificate = download(page, f"Download the certificate for {MODULE} (PDF)")
    text = pdf_text(certificate)
    for fact in (NAME, MODULE, "0.5 ECMEC", "Tips & Tricks e-learning module"):
        assert fact in text, fact
    verify_url = verification_url(certificate, "Verify this certificate at")
    assert re.fullmatch(rf"{re.escape(live_server)}/verify/[a-z0-9]+", verify_url)
    page.goto(verify_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Certificate \S+"))
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(f"Learner{NAME}")
    expect(facts).to_contain_text(f"Activity{MODULE}")
    expect(facts).to_contain_text("0.5 ECMEC")

    open_from_nav(page, "My credits")
    transcript = download(page, f"Transcript {year} (PDF)")
    text = pdf_text(transcript)
    assert NAME in text
    rows = re.findall(r"\d\d \w{3} \d{4} (.+?) (\d+(?:\.\d+)?) RPL-C\S+", text)
    assert sorted(rows) == [
        (f"{MODULE} Tips & Tricks e-learning module CT", "0.5"),
        (f"{WEBINAR} Live webinar {SERIES}", "1.5"),
    ], text
    assert f"Total CME credits {year} 2 ECMEC" in text, text
    page.goto(verification_url(transcript, "Verify this transcript at"))
    expect(page.get_by_text("This transcript is valid.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Activities2")
    assert not page.missed  # the downloads loaded no document


def test_admin_revokes_credits_and_the_certificate_says_so(page, staff, learner, attended):
    """An admin finds the learner's entry in the ledger and revokes it; verification shows it."""
    sign_in(page, "admin@example.org")
    open_from_nav(page, "Credits ledger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Credits ledger")
    page.get_by_label("Learner or activity").fill("Zoë")
    with page.loads():
        page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("1 entry")
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("Valid")
    with page.loads():
        row.get_by_role("link", name=WEBINAR).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WEBINAR)
    verify_url = verification_url(download(page, "Certificate (PDF)"), "Verify this certificate at")

    page.get_by_label("Reason for revoking").fill(REASON)
    with page.loads():
        page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_have_text(
        "The credits have been revoked; the certificate now shows it."
    )
    expect(page.locator("dl.facts")).to_contain_text(f"by Ada Admin: {REASON}")
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)

    page.goto(verify_url)
    expect(page.get_by_text("The credits on this certificate have been revoked")).to_be_visible()
    expect(page.get_by_text(REASON)).to_have_count(0)  # the reason stays internal
    expect(page.locator("dl.facts")).to_contain_text(f"Learner{NAME}")
    expect(page.get_by_text("is valid")).to_have_count(0)
