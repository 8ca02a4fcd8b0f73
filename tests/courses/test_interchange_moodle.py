"""Reading Moodle's own quiz-format test files where they are kept (courses.interchange).

The files live outside the repository (see /work/shared/fixtures/quiz-formats/README.md); these
tests skip when the folder is absent, and QUIZ_FIXTURES can point to it elsewhere.
"""

import os
from pathlib import Path

import pytest

from tests.courses.test_interchange import (
    CLOZE,
    ESSAY,
    IMAGES,
    MATCHING,
    NUMERICAL,
    SHORT,
    STRAY,
    assert_valid,
    brief,
    by_name,
    read,
    reasons,
)

# QUIZ_FIXTURES may name the quiz-formats folder or the moodle folder inside it.
_ROOT = Path(
    os.environ.get("QUIZ_FIXTURES") or Path(__file__).parents[3] / "shared/fixtures/quiz-formats"
)
MOODLE = _ROOT / "moodle" if (_ROOT / "moodle").is_dir() else _ROOT
pytestmark = pytest.mark.skipif(not (MOODLE / "xml").is_dir(), reason="no shared Moodle fixtures")


MC_TF = {"Moodle acronym (False)": IMAGES, "Moodle acronym (True)": IMAGES}
GIFT_SKIPS = {"Q8": ESSAY, "Moodle activities": MATCHING, "Q5": NUMERICAL, "Shortanswer": SHORT}


@pytest.mark.parametrize(
    ("name", "imported", "skipped"),
    [
        ("xml/multichoice.xml", 0, {"Greeting": IMAGES}),
        ("xml/truefalse.xml", 0, MC_TF),
        ("xml/multianswer.xml", 0, {"cloze with images": CLOZE}),
        (
            "xml/sample_questions_with_old_image_tag.xml",
            0,
            {"cloze question with image": CLOZE, "mcq with image": IMAGES},
        ),
        ("xml/nested_categories_with_questions.xml", 4, {"Kappa Essay Question": ESSAY}),
        ("xml/html_chars_in_idnumbers.xml", 1, {}),
        ("xml/old_format_file.xml", 2, {}),
        ("gift/questions.gift.txt", 5, GIFT_SKIPS),
        (
            "gift/questions_in_category.gift.txt",
            2,
            {"Moodle activities": MATCHING, "Moodle user": SHORT},
        ),
        ("aiken/questions.aiken.txt", 2, {}),
    ],
)
def test_moodle_fixtures_import_or_skip_every_question(name, imported, skipped):
    result = read(name, MOODLE)
    assert (len(result.questions), reasons(result)) == (imported, skipped)
    assert_valid(result)


def test_moodle_fixture_details():
    broken = read("xml/broken_cloze_questions.xml", MOODLE)
    assert broken.questions == [] and [s.reason for s in broken.skipped] == [CLOZE] * 5
    (grades,) = read("xml/error_invalid_grades.xml", MOODLE).questions
    assert grades.name == "Question with invalid grades : x > 1 & x < 2"
    assert brief(grades) == "multiple: Select all prime numbers : [-1 | +2 | +3 | -4 | +5]"
    nested = read("xml/nested_categories_with_questions.xml", MOODLE).questions
    assert [q.category for q in nested] == ["Iota", "Iota/Kappa", "Iota/Kappa/Lambda", "Iota/Mu"]
    tf = by_name(read("gift/questions.gift.txt", MOODLE))["Q1"]
    assert tf.explanation.startswith("This is, of course, a Hitchiker's Guide")
    assert tf.explanation.endswith(
        "True: 42 is the Ultimate Answer.\nFalse: You gave the right answer."
    )


def test_moodle_gift_examples_import_choice_questions_and_skip_the_others():
    result = read("gift/examples.txt", MOODLE)
    assert_valid(result)
    kinds = [q.kind for q in result.questions]
    assert [kinds.count(kind) for kind in ("single", "multiple", "true_false")] == [16, 2, 5]
    skipped = [s.reason.split(" (")[0] for s in result.skipped]
    assert [skipped.count(reason) for reason in (SHORT, NUMERICAL, MATCHING)] == [9, 8, 3]
    control = by_name(result)["GIFT Control Characters"]
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]


def test_moodle_aiken_errors_give_reasons():
    result = read("aiken/aiken_errors.txt", MOODLE)
    assert [q.text for q in result.questions] == ["A good question", "A second good question"]
    assert [s.reason for s in result.skipped] == [
        "fewer than two options",
        f"an option {STRAY}",
        f"an ANSWER {STRAY}",
        "no ANSWER: line after the options",
    ]
