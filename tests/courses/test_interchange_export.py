"""Exporting questions as Moodle XML and GIFT, and reading them back (courses.interchange)."""

import pytest
from defusedxml.ElementTree import fromstring

from courses.interchange import (
    ImportedOption,
    ImportedQuestion,
    export_gift,
    export_moodle_xml,
    parse,
)
from courses.interchange.model import correct_weights
from tests.courses.test_interchange import brief, read


def _question(kind, text, marked, explanation="", **fields) -> ImportedQuestion:
    """Build a question from options written "+right" or "-wrong"."""
    options = tuple(ImportedOption(o[1:], o[0] == "+") for o in marked)
    return ImportedQuestion(kind, text, options, explanation, **fields)


TRICKY = [
    _question(
        "single",
        "Which is right: a < b & c > d?\n\nLine two {braces} ~tilde =equals #hash :: colons",
        ["+CTDI\\vol ]]> end", "-%50% of DLP", "-[html] is not a format here", "-Зиверт – Ωμέγα"],
        "Because #1: see ICRP.\nSecond line\n\nNew paragraph",
        name="Tricky ::name::",
        category="Radiation/CT",
    ),
    _question("multiple", "Which three?", ["+a", "+b", "+c", "-d"], name="Three"),
    _question("multiple", "Only one is right.", ["+Right", "-Wrong"], "[Note] brackets"),
    _question(
        "true_false",
        "DLP = CTDIvol × length.",
        ["-True", "+False"],
        "Product & more.",
        category="Radiation",
    ),
]
SAMPLE_QUESTIONS = [
    question
    for sample in ("questions.xml", "questions.gift.txt", "questions.aiken.txt")
    for question in read(sample).questions
]


@pytest.mark.parametrize("export", [export_moodle_xml, lambda qs: export_gift(qs).encode()])
def test_export_then_import_gives_back_the_same_questions(export):
    questions = TRICKY + SAMPLE_QUESTIONS
    result = parse(export(questions))
    assert result.skipped == [] and len(result.questions) == len(questions)
    for before, after in zip(questions, result.questions, strict=True):
        assert brief(after) == brief(before)
        assert after.explanation == before.explanation
    assert [(q.name, q.category) for q in result.questions[:4:3]] == [
        ("Tricky ::name::", "Radiation/CT"),
        ("DLP = CTDIvol × length.", "Radiation"),
    ]


def test_moodle_xml_export_has_the_elements_moodle_reads():
    exported = export_moodle_xml(TRICKY, category="Radiation protection")
    assert exported.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    category, single, multiple, _, true_false = fromstring(exported).findall("question")
    assert category.findtext("category/text") == "$course$/Radiation protection"
    assert (single.get("type"), single.findtext("single")) == ("multichoice", "true")
    assert single.find("questiontext").get("format") == "html"
    assert "a &lt; b &amp; c &gt; d?</p><p>Line two" in single.findtext("questiontext/text")
    settings = [single.findtext(tag) for tag in ("defaultgrade", "penalty", "hidden")]
    assert settings == ["1", "0.3333333", "0"]
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "0", "0", "0"]
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.findall("answer")] == ["33.33333"] * 3 + ["0"]
    assert true_false.get("type") == "truefalse"
    answers = [(a.findtext("text"), a.get("fraction")) for a in true_false.findall("answer")]
    assert answers == [("true", "0"), ("false", "100")]


def test_gift_export_escapes_text_and_penalises_wrong_choices():
    exported = export_gift([TRICKY[0], TRICKY[1], TRICKY[3]], category="Radiation protection")
    assert exported.startswith("$CATEGORY: $course$/Radiation protection\n\n")
    for expected in (
        "::Tricky \\:\\:name\\:\\:::[plain]Which is right\\: a < b & c > d?\\n\\nLine two",
        "\\{braces\\} \\~tilde \\=equals \\#hash \\:\\: colons{",
        "\t=CTDI\\\\vol ]]> end\n\t~%0%%50% of DLP\n\t~[plain][html] is not",
        "\t####Because \\#1\\: see ICRP.\\nSecond line\\n\\nNew paragraph\n}",
        "\t~%33.33333%a\n\t~%33.33333%b\n\t~%33.33333%c\n\t~%-33.33333%d\n}",
        "{FALSE####Product & more.}",
    ):
        assert expected in exported
    assert "\n\n\n" not in exported  # a blank line inside a question would end it


@pytest.mark.parametrize("count", range(1, 21))
def test_weights_of_correct_options_are_grades_moodle_accepts(count):
    moodle = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20}
    moodle |= {16.66667, 14.28571, 12.5, 11.11111, 10, 5}
    weights = correct_weights(count)
    assert len(weights) == count and set(weights) <= moodle
    assert round(sum(weights) / 100, 2) == 1  # Moodle's own check of multiple-response grades
