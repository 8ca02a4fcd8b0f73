"""Read Moodle XML question files (safely, with defusedxml)."""

import math
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import text as t
from .model import (
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
    ImportedQuestion,
    ParseResult,
    QuizFormatError,
    Skipped,
    category_from_path,
    explanation_from,
    question_or_skip,
)

# Moodle's names for text formats; anything else Moodle reads as HTML.
_FORMATS = {
    "html": t.HTML,
    "moodle_auto_format": t.MOODLE,
    "wiki_like": t.MOODLE,
    "plain_text": t.PLAIN,
    "markdown": t.MARKDOWN,
}
_UNSUPPORTED = {
    "essay": "essay questions are not supported",
    "match": "matching questions are not supported",
    "matching": "matching questions are not supported",
    "randomsamatch": "matching questions are not supported",
    "numerical": "numerical questions are not supported",
    "shortanswer": "short answer questions are not supported",
    "cloze": "cloze (embedded answers) questions are not supported",
    "multianswer": "cloze (embedded answers) questions are not supported",
    "description": "descriptions (text without a question) are not supported",
    "calculated": "calculated questions are not supported",
    "calculatedsimple": "calculated questions are not supported",
    "calculatedmulti": "calculated questions are not supported",
    "ddwtos": "drag and drop questions are not supported",
    "ddimageortext": "drag and drop questions are not supported",
    "ddmarker": "drag and drop questions are not supported",
    "gapselect": "select missing words questions are not supported",
    "random": "random questions are not supported",
}
_ENCODING = re.compile(r"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)""")
_FULL_MARKS = 99.99999


def parse_moodle_xml(source: str) -> ParseResult:
    """Read the questions of a Moodle XML file."""
    root = _root(source)
    result = ParseResult("moodle_xml", [], [])
    category = ""
    for number, element in enumerate(root.findall("question"), start=1):
        qtype = (element.get("type") or "").strip()
        if qtype == "category":
            category = category_from_path(_text(element.find("category")))
            continue
        location = f'question {number} (<question type="{qtype}">)'
        result.add(_question(element, qtype, category, location))
    if not result.questions and not result.skipped:
        raise QuizFormatError("No questions found: the <quiz> element holds no <question>.")
    return result


def _root(source: str) -> ET.Element:
    declared = _ENCODING.match(source)
    if declared and declared.group(1).strip().lower() not in ("utf-8", "utf8"):
        raise QuizFormatError(
            f"The XML declares the encoding {declared.group(1)!r}; only UTF-8 is supported."
        )
    try:
        root = fromstring(source, forbid_dtd=True)
    except DefusedXmlException:
        line = source[: max(source.find("<!DOCTYPE"), 0)].count("\n") + 1
        raise QuizFormatError(
            f"Line {line}: the file declares a DOCTYPE. It is refused because its entities can"
            " expand to huge sizes or read other files, and Moodle XML never needs one."
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(": line")[0]
        raise QuizFormatError(f"Malformed XML at line {line}, column {column}: {reason}.") from None
    if root.tag != "quiz":
        raise QuizFormatError(f"Expected Moodle XML with a <quiz> element, found <{root.tag}>.")
    return root


def _text(container: ET.Element | None) -> str:
    """Return what a <text> child holds, markup included, or the container's own text."""
    if container is None:
        return ""
    node = container.find("text")
    if node is None:
        node = container
    inner = (node.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in node)
    return inner.strip()


def _format(element: ET.Element | None, default: str) -> str:
    if element is None or element.get("format") is None:
        return default
    return _FORMATS.get(element.get("format", "").strip(), t.HTML)


def _embedded(element: ET.Element, texts: list[tuple[str, str]]) -> str:
    image = element.find("image")
    if image is not None and (image.text or "").strip():
        return t.EMBEDDED_IMAGES
    reason = t.embedded_content(texts)
    if not reason and element.find(".//file") is not None:
        return t.EMBEDDED_FILES
    return reason


def _question(
    element: ET.Element, qtype: str, category: str, location: str
) -> ImportedQuestion | Skipped:
    name = t.html_to_text(_text(element.find("name")))
    body = element.find("questiontext")
    text_format = _format(body, t.HTML)
    raw_text = _text(body)
    if qtype not in ("multichoice", "truefalse"):
        reason = _UNSUPPORTED.get(qtype, f'"{qtype}" questions are not supported')
        if not qtype:
            reason = "the question has no type"
        return Skipped(name or t.excerpt(t.to_text(raw_text, text_format)), reason, location)

    question_text = t.to_text(raw_text, text_format)
    general = element.find("generalfeedback")
    texts = [(raw_text, text_format), (_text(general), _format(general, text_format))]
    answers = []
    for answer in element.findall("answer"):
        feedback = answer.find("feedback")
        option = (_text(answer), _format(answer, text_format))
        remark = (_text(feedback), _format(feedback, text_format))
        texts += [option, remark]
        answers.append((t.to_text(*option), answer.get("fraction", "0"), t.to_text(*remark)))
    skip = name or t.excerpt(question_text)
    if reason := _embedded(element, texts):
        return Skipped(skip, reason, location)
    try:
        graded = [(option, _grade(fraction), comment) for option, fraction, comment in answers]
    except ValueError as error:
        return Skipped(skip, str(error), location)

    general_text = t.to_text(*texts[1])
    if qtype == "truefalse":
        options_or_reason = _true_false(graded)
        if isinstance(options_or_reason, str):
            return Skipped(skip, options_or_reason, location)
        kind, options, feedback = TRUE_FALSE, *options_or_reason
    else:
        single = _child_text(element, "single", "true") not in ("false", "0", "")
        kind = SINGLE if single else MULTIPLE
        threshold = (lambda g: g >= _FULL_MARKS) if single else (lambda g: g > 0)
        # Moodle ignores answers left blank; so do we.
        graded = [(option, grade, comment) for option, grade, comment in graded if option]
        options = [(option, threshold(grade)) for option, grade, _ in graded]
        feedback = [(option, comment) for option, _, comment in graded]
    return question_or_skip(
        kind,
        question_text,
        options,
        explanation_from(general_text, feedback),
        name=name,
        category=category,
        location=location,
    )


def _child_text(element: ET.Element, tag: str, default: str) -> str:
    child = element.find(tag)
    return default if child is None else (child.text or "").strip().lower()


def _grade(fraction: str) -> float:
    try:
        value = float(fraction)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -100 <= value <= 100:
        raise ValueError(f'invalid grade "{fraction}"')
    return value


def _true_false(
    graded: list[tuple[str, float, str]],
) -> tuple[list[tuple[str, bool]], list[tuple[str, str]]] | str:
    if len(graded) != 2:
        return f"true/false with {len(graded)} answers instead of true and false"
    by_text = {option.strip().lower(): (grade, comment) for option, grade, comment in graded}
    if set(by_text) != {"true", "false"}:
        # Old Moodle exports wrote localised answer texts, true first (as Moodle assumes too).
        by_text = {"true": graded[0][1:], "false": graded[1][1:]}
    true_right = by_text["true"][0] >= _FULL_MARKS
    false_right = by_text["false"][0] >= _FULL_MARKS
    if true_right == false_right:
        return f"true/false with {'both' if true_right else 'no'} answers marked correct"
    options = [("True", true_right), ("False", false_right)]
    return options, [("True", by_text["true"][1]), ("False", by_text["false"][1])]
