"""Quiz import in a real browser: an author imports Moodle XML and GIFT files into a draft,
an admin publishes the module and a learner passes the imported quiz."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from courses import operations
from courses.models import Audience, Module, Question, QuestionKind, RevisionState
from elearning.accounts.models import Role
from elearning.extensions import db
from tests.browser.test_modules_flow import open_module, sign_in, sign_out
from tests.courses.conftest import group

SAMPLES = Path(__file__).parents[1] / "courses" / "samples"
MOODLE_GIFT_EXAMPLES = Path("/work/shared/fixtures/quiz-formats/moodle/gift/examples.txt")
TITLE = "Dose quantities from Moodle"
IMPORT_LINK = "Import from Moodle XML, GIFT or Aiken"

# The questions each sample file creates, in order, with their whitespace collapsed.
XML_QUESTIONS = [
    "Which quantity describes CT scanner output \u2013 per rotation? "
    "Think of the phantom\u2019s size. Ignore <DLP>.",
    "Which settings lower the patient dose?",
    "Which are principles of radiation protection?",
    "DLP equals CTDIvol times the scan length.",
    "Która jednostka? Какая единица? Ποια μονάδα; (dose < 1 mSv)",
    "Lead aprons attenuate scattered radiation.",
]
GIFT_QUESTIONS = [
    "Which quantity describes CT scanner output?",
    "Which settings lower the patient dose?",
    "DLP equals CTDIvol times the scan length.",
    "Lead is a good shield for gamma rays.",
    "Ultrasound uses ionising radiation.",
    "The sievert measures absorbed dose.",
    "Which line is a GIFT control character? Choose one.",
    "Which organ is most & least sensitive ?",
    "Which **unit** is used for *effective* dose?",
    "Is 1 mSv < 2 mSv & < 3 mSv?",
    "Tissue weighting factors come from _____ recommendations.",
    "Która jednostka? Какая единица? Ποια μονάδα;",
]
# Some of the skipped questions of each sample: (name, reason).
XML_SKIPPED = [
    ("Essay", "essay questions are not supported"),
    ("Matching", "matching questions are not supported"),
    ("Numerical", "numerical questions are not supported"),
    ("Short answer", "short answer questions are not supported"),
    ("Image answer", "embedded images are not supported"),
    ("No correct", "no correct answer"),
    ("Two correct singles", "single-choice question with 2 correct options"),
    ("Bad grade", 'invalid grade "many"'),
]
GIFT_SKIPPED = [
    ("Essay", "essay questions are not supported"),
    ("Numerical", "numerical questions are not supported"),
    ("Matching", "matching questions are not supported"),
    ("One option", "fewer than two options"),
    ("Image", "embedded images are not supported"),
]


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def staff(create_user):
    """An author and an administrator; returns them as (author, admin)."""
    author = create_user(email="author@example.org", role=Role.AUTHOR, full_name="Anna Author")
    admin = create_user(email="admin@example.org", role=Role.ADMIN, full_name="Ada Admin")
    return author, admin


@pytest.fixture
def draft(staff) -> int:
    """The author's draft module, without questions; returns its id."""
    module = operations.create_module(
        staff[0],
        group("CT"),
        title=TITLE,
        audience=Audience.PROFESSIONALS,
        credits=Decimal("0.5"),
        summary="Dose quantities, with a quiz brought in from Moodle.",
        body="## CTDIvol and DLP\n\nKnow what the scanner reports.",
        learning_objectives="Name the CT dose quantities",
    )
    db.session.commit()
    return module.id


@pytest.fixture
def learner(create_user) -> str:
    """A learner's email address; the password is PASSWORD."""
    return create_user(email="lena@example.org", full_name="Lena Learner").email


def open_quiz_editor(page) -> None:
    """From the Authoring page, open the draft module and its quiz."""
    with page.loads():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    with page.loads():
        page.get_by_role("region", name="Your modules").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    with page.loads():
        page.get_by_role("link", name="Edit quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz")


def upload(page, path: Path) -> None:
    """Upload ``path`` from the quiz page and land on its preview."""
    with page.loads():
        page.get_by_role("link", name=IMPORT_LINK).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import questions")
    page.get_by_label("Question file").set_input_files(path)
    with page.loads():
        page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Preview: {path.name}")


def check_preview(
    page, fmt: str, questions: list[str], skipped: int, reasons, *, saved: int = 0
) -> None:
    """The preview counts, lists the questions to create and tables the skipped ones."""
    expect(page.get_by_text(re.compile(r"file:\s+\d+\s+question"))).to_have_text(
        f"{fmt} file: {len(questions)} questions to create, {skipped} skipped. "
        "Nothing is saved until you confirm."
    )
    table = page.get_by_role("region", name=f"Skipped ({skipped})").get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Where", "Question", "Why"])
    rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows).to_have_count(skipped)
    for name, reason in reasons:
        row = rows.filter(has=page.get_by_role("cell", name=name, exact=True))
        expect(row.get_by_role("cell")).to_have_text([re.compile(r"\S"), name, reason])
    to_create = page.get_by_role("region", name=f"To create ({len(questions)})")
    expect(to_create.locator(".question-list > li > p > strong")).to_have_text(questions)
    assert saved_questions() == saved  # nothing saved before the confirmation


def saved_questions() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def confirm(page, count: int) -> None:
    with page.loads():
        page.get_by_role("button", name=f"Import {count} questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz")
    expect(page.get_by_role("status")).to_have_text(f"Imported {count} questions.")


def quiz_questions(page):
    """The question texts listed on the author's quiz page."""
    region = page.get_by_role("region", name="Questions")
    return region.locator(".question-list > li > p > strong")


def answer_correctly(page, module_id: int) -> int:
    """Tick the correct options of every question of the published revision, by label."""
    db.session.expire_all()
    revision = db.session.get(Module, module_id).published_revision
    assert revision is not None and revision.state is RevisionState.PUBLISHED
    for question in revision.questions:
        fieldset = page.locator("fieldset", has=page.locator(f'input[name="q{question.id}"]'))
        expect(fieldset.locator("legend")).to_contain_text(collapse(question.text))
        inputs = fieldset.get_by_role(
            "checkbox" if question.kind is QuestionKind.MULTIPLE else "radio"
        )
        expect(inputs).to_have_count(len(question.options))
        for option in question.options:
            if option.is_correct:
                fieldset.get_by_label(option.text, exact=True).check()
    return len(revision.questions)


def test_author_imports_moodle_xml_and_gift_and_a_learner_passes(page, draft, learner):
    """Import both sample files through the preview, publish, and pass the imported quiz."""
    sign_in(page, "author@example.org")
    open_quiz_editor(page)
    expect(page.get_by_text("No questions yet.")).to_be_visible()

    upload(page, SAMPLES / "questions.xml")
    check_preview(page, "Moodle XML", XML_QUESTIONS, 15, XML_SKIPPED)
    confirm(page, len(XML_QUESTIONS))
    expect(quiz_questions(page)).to_have_text(XML_QUESTIONS)

    upload(page, SAMPLES / "questions.gift.txt")
    check_preview(page, "GIFT", GIFT_QUESTIONS, 10, GIFT_SKIPPED, saved=len(XML_QUESTIONS))
    confirm(page, len(GIFT_QUESTIONS))
    expect(quiz_questions(page)).to_have_text(XML_QUESTIONS + GIFT_QUESTIONS)

    with page.loads():
        page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("definition").filter(has_text=re.compile(r"^\d+$"))).to_have_text(
        str(len(XML_QUESTIONS) + len(GIFT_QUESTIONS))
    )
    with page.loads():
        page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted for review.")
    sign_out(page)

    sign_in(page, "admin@example.org")
    with page.loads():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    queue = page.get_by_role("region", name="Waiting for your review")
    with page.loads():
        queue.get_by_role("link", name=TITLE).click()
    with page.loads():
        page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_have_text("Published.")
    sign_out(page)

    sign_in(page, learner)
    page.goto("/modules/")
    open_module(page, TITLE)
    with page.loads():
        page.get_by_role("button", name="Take the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quiz: {TITLE}")
    answered = answer_correctly(page, draft)
    assert answered == len(XML_QUESTIONS) + len(GIFT_QUESTIONS)
    with page.loads():
        page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(page.get_by_text("You scored")).to_have_text(
        re.compile(r"You scored 100\.00% on attempt 1:\s+passed\b")
    )
    expect(page.get_by_text("Incorrect", exact=True)).to_have_count(0)
    expect(page.get_by_text("Correct", exact=True)).to_have_count(answered)


# A mark rather than pytest.skip() in the body: the page fixture fails a test that checked no
# page with axe, so the skip has to come before the fixtures are set up.
@pytest.mark.skipif(
    not MOODLE_GIFT_EXAMPLES.exists(), reason=f"{MOODLE_GIFT_EXAMPLES} is not available"
)
def test_moodle_gift_examples_preview_then_cancel(page, draft):
    """Moodle's own GIFT examples: some questions to create, the rest skipped with reasons."""
    sign_in(page, "author@example.org")
    open_quiz_editor(page)
    upload(page, MOODLE_GIFT_EXAMPLES)

    summary = page.get_by_text(
        re.compile(r"^GIFT file:\s+\d+\s+questions?\s+to create,\s+\d+\s+skipped")
    )
    expect(summary).to_be_visible()
    created, skipped = map(int, re.findall(r"\d+", summary.inner_text())[:2])
    assert created > 0 and skipped > 0
    table = page.get_by_role("region", name=f"Skipped ({skipped})").get_by_role("table")
    rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows).to_have_count(skipped)
    for kind in ("numerical", "matching", "short answer"):
        reason = f"{kind} questions are not supported"
        expect(
            rows.filter(has=page.get_by_role("cell", name=reason, exact=True)).first
        ).to_be_visible()
    expect(page.get_by_role("button", name=f"Import {created} questions")).to_be_visible()

    with page.loads():
        page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status")).to_have_text("The import was cancelled; nothing was added.")
    expect(page.get_by_text("No questions yet.")).to_be_visible()
    assert saved_questions() == 0
