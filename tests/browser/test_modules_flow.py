"""Tips & Tricks journeys in a real browser: pass a quiz, fail one, write and publish a module."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from courses import operations
from courses.models import Audience
from courses.operations import OptionInput
from elearning.accounts.models import Role
from elearning.extensions import db
from tests.conftest import PASSWORD
from tests.courses.conftest import DEFAULT_QUESTIONS, group

TITLE = "CT dose modulation"
OTHER_TITLE = "Lead aprons in fluoroscopy"
NEW_TITLE = "Pregnancy checks before CT"


def publish_module(author, admin, title: str) -> None:
    """Create a module with the default quiz, put it through review and publish it."""
    module = operations.create_module(
        author,
        group("CT"),
        title=title,
        audience=Audience.PROFESSIONALS,
        credits=Decimal("0.5"),
        summary=f"About {title}.",
        body=f"## {title}\n\nKeep doses as low as reasonably achievable.",
        learning_objectives="Explain the idea",
    )
    revision = module.revisions[0]
    for kind, text, options in DEFAULT_QUESTIONS:
        operations.add_question(
            revision,
            kind=kind,
            text=text,
            explanation=f"Because: {text}",
            options=[OptionInput(o, c) for o, c in options],
        )
    operations.submit_for_review(revision, author)
    operations.publish(revision, admin)


@pytest.fixture
def staff(create_user):
    """An author and an administrator; returns them as (author, admin)."""
    author = create_user(email="author@example.org", role=Role.AUTHOR, full_name="Anna Author")
    admin = create_user(email="admin@example.org", role=Role.ADMIN, full_name="Ada Admin")
    return author, admin


@pytest.fixture
def catalogue(staff):
    """Two published modules, TITLE and OTHER_TITLE, each with the four default questions."""
    for title in (TITLE, OTHER_TITLE):
        publish_module(*staff, title)
    db.session.commit()


@pytest.fixture
def learner(create_user):
    """A learner's email address; the password is PASSWORD."""
    return create_user(email="lena@example.org", full_name="Lena Learner").email


def sign_in(page, email: str) -> None:
    """Sign in through the login page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.loads():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    """Sign out with the header button."""
    with page.loads():
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You have been signed out.")


def open_module(page, title: str) -> None:
    """Follow the module's link from the catalogue."""
    with page.loads():
        page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def answer_quiz(page, *, correctly: bool) -> None:
    """Tick every correct option, or one wrong option a question, by their labels."""
    for _, text, options in DEFAULT_QUESTIONS:
        question = page.get_by_role("group", name=text)
        chosen = [o for o, correct in options if correct] if correctly else None
        if chosen is None:
            chosen = [next(o for o, correct in options if not correct)]
        for option in chosen:
            question.get_by_label(option, exact=True).check()


def take_quiz(page, *, correctly: bool) -> None:
    """Start the quiz from the module page, answer it and submit."""
    with page.loads():
        page.get_by_role("button", name="Take the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quiz: {TITLE}")
    answer_quiz(page, correctly=correctly)
    html = page.content()
    assert "tag-correct" not in html
    assert "is_correct" not in html
    assert "Because:" not in html  # no explanation before the answers are in
    with page.loads():
        page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")


def test_learner_passes_evaluates_and_earns_credits(page, catalogue, learner):
    """A learner finds the module, passes its quiz, sends the evaluation and is credited."""
    sign_in(page, learner)
    page.goto("/modules/")
    expect(page.get_by_role("status")).to_have_text("2 modules")
    page.get_by_role("searchbox", name="Search").fill("modulation")
    with page.loads():
        page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 module")
    expect(page.get_by_role("link", name=OTHER_TITLE)).to_have_count(0)
    open_module(page, TITLE)

    take_quiz(page, correctly=True)
    result = page.get_by_text("You scored")
    expect(result).to_have_text(re.compile(r"You scored 100\.00% on attempt 1:\s+passed\b"))
    expect(page.get_by_text("Incorrect", exact=True)).to_have_count(0)
    with page.loads():
        page.get_by_role("link", name="Send the evaluation to complete the module").click()

    page.get_by_role("group", name="How relevant").get_by_label("5 – excellent").check()
    page.get_by_role("group", name="quality of the content").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="commercial bias").get_by_label("Yes", exact=True).check()
    page.get_by_label("Comments (optional)").fill("Clear and practical.")
    with page.loads():
        page.get_by_role("button", name="Send the evaluation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text("and earned 0.5")
    completed = page.get_by_text("Completed on")
    expect(completed).to_contain_text("0.5 ECMEC earned")
    expect(page.get_by_role("button", name=re.compile("quiz"))).to_have_count(0)


def test_failed_attempt_hides_the_correct_options(page, catalogue, learner):
    """A failed attempt marks the wrong questions only, and the module offers a retry."""
    sign_in(page, learner)
    page.goto("/modules/")
    open_module(page, TITLE)

    take_quiz(page, correctly=False)
    expect(page.get_by_text("You scored")).to_have_text(
        re.compile(r"You scored 0\.00% on attempt 1:\s+not passed\b")
    )
    expect(page.get_by_text("Incorrect", exact=True)).to_have_count(len(DEFAULT_QUESTIONS))
    expect(page.get_by_text("correct option", exact=True)).to_have_count(0)
    assert "tag-correct" not in page.content()
    assert "Because:" not in page.content()
    with page.loads():
        page.get_by_role("link", name="Back to the module").click()

    expect(page.get_by_role("button", name="Try the quiz again")).to_be_visible()
    expect(page.get_by_text("2 attempts left")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Attempt 1")).to_contain_text(
        "0.00%, not passed"
    )


def fill_option(page, number: int, text: str, *, correct: bool = False) -> None:
    """Fill in option ``number`` of the question form and tick its Correct box if asked."""
    page.get_by_label(f"Option {number}", exact=True).fill(text)
    if correct:
        page.get_by_label(f"Correct (option {number})", exact=True).check()


def test_author_writes_and_admin_publishes(page, staff, live_server):
    """An author writes a module and its quiz and submits it; an admin publishes it."""
    group("CT")
    db.session.commit()
    sign_in(page, "author@example.org")
    with page.loads():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    with page.loads():
        page.get_by_role("link", name="Write a new module").click()

    page.get_by_label("Title", exact=True).fill(NEW_TITLE)
    page.get_by_label("Working group").select_option(label="CT")
    page.get_by_label("Audience").select_option(label="Professionals")
    page.get_by_label("Summary").fill("Ask every patient of childbearing age before the scan.")
    page.get_by_label("Learning objectives").fill("Ask the right question\nRecord the answer")
    page.get_by_label("Body", exact=True).fill("## Who to ask\n\nEvery patient aged 12 to 50.")
    page.get_by_label("Estimated minutes").fill("10")
    page.get_by_label("CME credits (ECMEC)").fill("1")
    with page.loads():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The module has been created as a draft.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)

    with page.loads():
        page.get_by_role("link", name="Edit quiz").click()
    with page.loads():
        page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question type").select_option(label="Single choice")
    page.get_by_label("Question", exact=True).fill("Whom do you ask about pregnancy?")
    fill_option(page, 1, "Every patient aged 12 to 50", correct=True)
    with page.loads():
        page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("alert")).to_have_text("A question needs at least two options.")

    fill_option(page, 2, "Only patients who say they may be pregnant")
    fill_option(page, 3, "No one")
    with page.loads():
        page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_have_text("Question saved.")
    options = page.get_by_role("listitem")
    expect(options.filter(has_text=re.compile("^Every patient"))).to_have_text(
        re.compile(r"Every patient aged 12 to 50\s+correct")
    )
    expect(options.filter(has_text=re.compile("^No one"))).to_have_text("No one")
    with page.loads():
        page.get_by_role("link", name=NEW_TITLE).click()
    with page.loads():
        page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted for review.")
    sign_out(page)

    sign_in(page, "admin@example.org")
    with page.loads():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    queue = page.get_by_role("region", name="Waiting for your review")
    with page.loads():
        queue.get_by_role("link", name=NEW_TITLE).click()
    with page.loads():
        page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_have_text("Published.")
    sign_out(page)

    page.goto("/modules/")
    open_module(page, NEW_TITLE)
    expect(page.get_by_role("heading", name="Who to ask", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Sign in to take the quiz")).to_be_visible()
