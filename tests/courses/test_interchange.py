"""Importing Moodle XML, GIFT and Aiken quiz files, from our own samples (courses.interchange)."""

from pathlib import Path

import pytest

from courses.interchange import (
    FORMATS,
    ImportedQuestion,
    QuizFormatError,
    detect_format,
    parse,
)
from courses.interchange.text import html_to_text
from courses.models import QuestionKind
from courses.operations import OptionInput, validate_question

SAMPLES = Path(__file__).parent / "samples"

ESSAY = "essay questions are not supported"
MATCHING = "matching questions are not supported"
NUMERICAL = "numerical questions are not supported"
SHORT = "short answer questions are not supported"
CLOZE = "cloze (embedded answers) questions are not supported"
IMAGES = "embedded images are not supported"
STRAY = "line before any question (the question text comes first)"


def read(name: str, folder: Path = SAMPLES):
    return parse((folder / name).read_bytes(), name)


def brief(question: ImportedQuestion) -> str:
    """Show a question on one line: kind, text and options, "+" marking the correct ones."""
    marked = (("+" if option.correct else "-") + option.text for option in question.options)
    return f"{question.kind}: {question.text} [{' | '.join(marked)}]"


def by_name(result) -> dict[str, ImportedQuestion]:
    return {question.name: question for question in result.questions}


def reasons(result) -> dict[str, str]:
    return {skipped.name: skipped.reason for skipped in result.skipped}


def assert_valid(result) -> None:
    """Every imported question passes the validation of questions typed in by hand."""
    for question in result.questions:
        inputs = [OptionInput(option.text, option.correct) for option in question.options]
        validate_question(QuestionKind(question.kind), question.text, inputs)
        if question.kind == "true_false":
            assert [option.text for option in question.options] == ["True", "False"]


# Moodle XML


def test_moodle_xml_sample_imports_the_questions_we_can_hold():
    result = read("questions.xml")
    assert (result.format, len(result.questions), len(result.skipped)) == ("moodle_xml", 6, 15)
    assert_valid(result)
    questions = by_name(result)
    ct = questions["CT output & dose"]
    assert brief(ct) == (
        "single: Which quantity describes CT scanner output – per rotation?\n\n"
        "Think of the phantom’s size.\nIgnore <DLP>."
        " [+CTDIvol | -Effective dose | -Kerma-area product]"
    )
    assert ct.explanation == (
        "See ICRP 135 (https://www.icrp.org/publication.asp?id=ICRP%20Publication%20135).\n\n"
        "CTDIvol: Right: it is measured in a phantom.\n"
        "Effective dose: No, that depends on the patient."
    )
    assert (ct.category, ct.location) == (
        "Radiation protection/CT",
        'question 2 (<question type="multichoice">)',
    )
    assert brief(questions["Lower dose"]).endswith(
        "[+Lower mAs | -Longer scan range | +Tighter collimation]"
    )
    assert brief(questions["Three principles"]).startswith("multiple: Which are principles")
    assert brief(questions["DLP"]).endswith("length. [+True | -False]")
    assert (
        questions["DLP"].explanation == "DLP is given in mGy·cm.\n\nTrue: Correct.\nFalse: It does."
    )
    assert brief(questions["Ωμέγα"]) == (
        "single: Która jednostka? Какая единица? Ποια μονάδα; (dose < 1 mSv)"
        " [+Зиверт | -Grej (Gy) – zażółć gęślą jaźń]"
    )
    assert questions["Ωμέγα"].category == "Języki"
    assert brief(questions["Auto-format"]) == (
        "true_false: Lead aprons\nattenuate scattered radiation. [-True | +False]"
    )


def test_moodle_xml_sample_skips_the_rest_with_a_reason_each():
    assert reasons(read("questions.xml")) == {
        "Essay": ESSAY,
        "Matching": MATCHING,
        "Numerical": NUMERICAL,
        "Short answer": SHORT,
        "Cloze": CLOZE,
        "Intro": "descriptions (text without a question) are not supported",
        "Calculated": "calculated questions are not supported",
        "Drag and drop": "drag and drop questions are not supported",
        "Embedded file": "embedded files are not supported",
        "Image answer": IMAGES,
        "No correct": "no correct answer",
        "Two correct singles": "single-choice question with 2 correct options",
        "Duplicates": 'two options have the same text ("same")',
        "Both wrong": "true/false with no answers marked correct",
        "Bad grade": 'invalid grade "many"',
    }


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("billion_laughs.xml", "Line 2: the file declares a DOCTYPE"),
        ("external_entity.xml", "Line 2: the file declares a DOCTYPE"),
        ("malformed.xml", "Malformed XML at line 5, column 48: mismatched tag"),
        ("only_categories.xml", "No questions found"),
    ],
)
def test_broken_or_hostile_xml_is_refused_naming_the_line(sample, message):
    with pytest.raises(QuizFormatError, match=message):
        read(sample)


def test_xml_in_another_encoding_or_without_a_quiz_is_refused():
    with pytest.raises(QuizFormatError, match="only UTF-8"):
        parse(b'<?xml version="1.0" encoding="ISO-8859-1"?><quiz/>', "q.xml")
    with pytest.raises(QuizFormatError, match="found <html>"):
        parse(b"<html><body/></html>", "q.xml")


def test_html_becomes_plain_text_without_markup_or_scripts():
    text = html_to_text(
        '<p>Hi&nbsp;<b onclick="x()">there</b><script>alert(1)</script><style>p{}</style></p>'
        "<ul><li>one</li><li>two &amp; &#x3B1;</li></ul><p>a<br/>b</p>"
    )
    assert text == "Hi there\n\n- one\n- two & α\n\na\nb"


# GIFT


def test_gift_sample_reads_titles_categories_formats_escapes_and_feedback():
    result = read("questions.gift.txt")
    assert (result.format, len(result.questions), len(result.skipped)) == ("gift", 12, 10)
    assert_valid(result)
    questions = by_name(result)
    ct = questions["CT output"]
    assert (ct.kind, ct.category, ct.location) == ("single", "Radiation protection/CT", "line 7")
    assert ct.explanation == (
        "See ICRP 135.\n\nCTDIvol: Right: it is measured in a phantom.\n"
        "Effective dose: No, that depends on the patient."
    )
    assert brief(questions["Lower dose"]).endswith(
        "[+Lower mAs | +Tighter collimation | -Longer scan range]"
    )
    # The first true/false feedback is for a wrong answer, the second for a right one.
    assert questions["DLP"].explanation == "DLP is in mGy·cm.\n\nTrue: Correct.\nFalse: It does."
    assert brief(questions["Sievert"]).endswith("[-True | +False]")
    assert brief(questions["Escapes: all of them"]) == (
        "single: Which line is a GIFT control character?\nChoose one."
        " [+~ tilde | -= equals # hash | -{ braces } | -a back\\slash]"
    )
    assert brief(questions["HTML"]) == (
        "single: Which organ is most & least sensitive ? [+Thyroid | -<skin> | -Bone <cortex>]"
    )
    assert questions["Markdown"].text == "Which **unit** is used for *effective* dose?"
    assert questions["Plain"].text == "Is 1 mSv < 2 mSv & < 3 mSv?"
    assert result.questions[10].text == "Tissue weighting factors come from _____ recommendations."
    assert brief(questions["Ωμέγα"]) == (
        "single: Która jednostka? Какая единица? Ποια μονάδα; [+Зиверт | -Grej – zażółć gęślą jaźń]"
    )
    assert questions["Ωμέγα"].category == "Języki"
    assert reasons(result) == {
        "Essay": ESSAY,
        "Short answer": SHORT,
        "Numerical": NUMERICAL,
        "Matching": MATCHING,
        "Description": "no answers in braces {…}: a description, not a question",
        "Lower case": SHORT + " (true/false is written {T} or {F})",
        "No correct": "no correct answer",
        "Two correct": "single-choice question with 2 correct options",
        "One option": "fewer than two options",
        "Image": IMAGES,
    }


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("unclosed_brace.gift.txt", "GIFT line 1: '{' is not closed"),
        ("stray_brace.gift.txt", "GIFT line 3: '}' comes before any '{'"),
    ],
)
def test_gift_with_unbalanced_braces_is_refused_naming_the_line(sample, message):
    with pytest.raises(QuizFormatError, match=message):
        read(sample)


# Aiken


def test_aiken_sample_reads_single_choice_questions_as_plain_text():
    result = read("questions.aiken.txt")
    assert result.format == "aiken"
    assert_valid(result)
    assert [(brief(q), q.location, q.name) for q in result.questions] == [
        (
            "single: Which quantity describes CT scanner output?"
            " [+CTDIvol | -Effective dose | -Kerma-area product]",
            "line 1",
            "",
        ),
        (
            # Aiken is plain text: what looks like markup is the author's text.
            "single: Która jednostka? Какая единица? Ποια μονάδα; (dose < 1 mSv & more)"
            " [-Grej | +Зиверт]",
            "line 7",
            "",
        ),
    ]


def test_aiken_mistakes_skip_one_question_each_with_a_reason():
    result = read("aiken_broken.txt")
    assert [(s.location, s.reason) for s in result.skipped] == [
        ("line 1", f"an option {STRAY}"),
        ("line 2", f"an ANSWER {STRAY}"),
        ("line 4", 'the answer letter "D" matches no option'),
        ("line 9", "fewer than two options"),
        ("line 13", "no ANSWER: line after the options"),
        ("line 17", "no options or ANSWER: line (an Aiken question is a single line)"),
        ("line 28", "an option has no text"),
    ]
    assert [brief(q) for q in result.questions] == [
        "single: two lines [+Yes | -No]",
        "single: A good question at the end [-Yes | +No]",
    ]


# Reading files

AIKEN = b"Q?\nA) yes\nB) no\nANSWER: A\n"


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b'\xef\xbb\xbf<?xml version="1.0"?><quiz/>', "", "moodle_xml"),
        (b"<quiz></quiz>", "export.txt", "moodle_xml"),
        (b"Q?{T}", "a.gift", "gift"),
        (b"Anything", "questions.gift.txt", "gift"),
        (AIKEN, "questions.aiken.txt", "aiken"),
        (AIKEN, "upload.txt", "aiken"),
        (b"::Title::Q? {=a ~b}", "upload.txt", "gift"),
        (b"$CATEGORY: $course$/X\n", "", "gift"),
    ],
)
def test_format_is_detected_from_content_and_name(content, filename, expected):
    assert detect_format(content, filename) == expected


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (b"Just some prose.", None, "Cannot tell the format"),
        (b"Just some prose.", "gift", "No questions found"),
        (b"Just some prose.", "aiken", "No questions found"),
        (b"", "moodle_xml", "Malformed XML at line 1"),
        (b"Q?{T}", "qti", "Unknown format 'qti'"),
        ("Q1?{T}\n\nZażółć?{T}".encode("cp1250"), "gift", "Line 3: the file is not UTF-8"),
        (b"x" * (1024 * 1024 + 1), "gift", "at most 1 MiB"),
    ],
)
def test_unreadable_files_raise_quiz_format_error(content, fmt, message):
    with pytest.raises(QuizFormatError, match=message):
        parse(content, "upload.txt", format=fmt)


def test_utf8_with_a_byte_order_mark_reads_like_without():
    content = "::Ω::Ποια μονάδα;{=Sv ~Gy}".encode()
    assert parse(b"\xef\xbb\xbf" + content).questions == parse(content).questions
    assert FORMATS == ("moodle_xml", "gift", "aiken")


def test_many_leading_comments_do_not_hang_format_detection():
    from courses.interchange import QuizFormatError, detect_format

    # The old regular expression backtracked exponentially here: 30 comments took hours.
    with pytest.raises(QuizFormatError):
        detect_format(b"<!--x-->" * 5000 + b"X", "bank.txt")
    assert detect_format(b"<!-- a --> <!-- b -->\n<quiz></quiz>", "bank.txt") == "moodle_xml"
