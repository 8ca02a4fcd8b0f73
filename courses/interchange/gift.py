"""Read GIFT question files, as Moodle's GIFT importer does."""

import re

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

# Escaped characters become private-use placeholders while the question is taken apart.
_ESCAPABLE = "\\:#={}~n"
_PLACEHOLDER = 0xE000
_RESTORE = {_PLACEHOLDER + ord(c): ("\n" if c == "n" else c) for c in _ESCAPABLE}
_FORMAT_NAMES = {"html": t.HTML, "moodle": t.MOODLE, "plain": t.PLAIN, "markdown": t.MARKDOWN}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# (options with correctness, per-option feedback, raw texts with formats for the embed check)
_Parts = tuple[list[tuple[str, bool]], list[tuple[str, str]], list[tuple[str, str]]]
_NO_ANSWERS = "no answers in braces {…}: a description, not a question"


def parse_gift(source: str) -> ParseResult:
    """Read the questions of a GIFT file; questions are separated by blank lines."""
    result = ParseResult("gift", [], [])
    category, answered = "", False
    for block in _blocks(source):
        if block[0][1].startswith("$CATEGORY:"):
            category = category_from_path(_restore(_protect(block[0][1][len("$CATEGORY:") :])))
            block = block[1:]
            if not block:
                continue
        outcome = _question(block, category)
        answered = answered or not (isinstance(outcome, Skipped) and outcome.reason == _NO_ANSWERS)
        result.add(outcome)
    if not answered:
        raise QuizFormatError("No questions found: no GIFT answers in braces {…} in the file.")
    return result


def _blocks(source: str) -> list[list[tuple[int, str]]]:
    """Split the file at blank lines into (line number, line) lists, without comment lines."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(_LINE_BREAK.split(source), start=1):
        line = line.strip()
        if not line:
            blocks.append([])
        elif not line.startswith("//"):
            blocks[-1].append((number, line))
    return [block for block in blocks if block]


def _protect(text: str) -> str:
    return re.sub(r"\\([\\:#={}~n])", lambda m: chr(_PLACEHOLDER + ord(m.group(1))), text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE).strip()


def _split_format(text: str, default: str) -> tuple[str, str]:
    """Split a leading [html], [moodle], [plain] or [markdown] marker off a text."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        name, rest = text[1:].split("]", 1)
        if name in _FORMAT_NAMES:
            return _FORMAT_NAMES[name], rest
    return default, text


def _read(text: str, default: str) -> tuple[str, str, str]:
    """Return (plain text, raw text, format) of a GIFT text with an optional format marker."""
    fmt, raw = _split_format(text, default)
    raw = _restore(raw)
    return t.to_text(raw, fmt), raw, fmt


def _question(block: list[tuple[int, str]], category: str) -> ImportedQuestion | Skipped:
    source = _protect("\n".join(line for _, line in block))
    location = f"line {block[0][0]}"

    def line_at(position: int) -> int:
        return block[source.count("\n", 0, position)][0]

    name, start = "", 0
    if source.startswith("::"):
        end = source.find("::", 2)
        start = 2 if end < 0 else end + 2
        name = t.html_to_text(_restore(source[2:end])) if end >= 0 else ""
    opening, closing = source.find("{", start), source.find("}", start)
    if opening < 0 and closing < 0:
        text = _read(source[start:], t.MOODLE)[0]
        return Skipped(name or t.excerpt(text), _NO_ANSWERS, location)
    if closing < 0:
        raise QuizFormatError(
            f"GIFT line {line_at(opening)}: '{{' is not closed by '}}' before the question ends"
            " (at a blank line or the end of the file); write \\{ for a literal brace."
        )
    if opening < 0 or closing < opening:
        raise QuizFormatError(
            f"GIFT line {line_at(closing)}: '}}' comes before any '{{';"
            " write \\} for a literal brace."
        )
    before, answers, after = (
        source[start:opening],
        source[opening + 1 : closing],
        source[closing + 1 :],
    )
    # Answers inside the sentence leave a blank for the missing word, as in Moodle.
    stem = before + "_____" + after if after.strip() else before
    text, raw_text, text_format = _read(stem, t.MOODLE)
    answers = answers.strip()
    general = ""
    if "####" in answers:
        answers, general = answers.rsplit("####", 1)
        answers = answers.strip()
    general_text, raw_general, general_format = _read(general, text_format)
    skip = name or t.excerpt(text)

    kind, reason = _kind(answers)
    if reason:
        return Skipped(skip, reason, location)
    if kind == TRUE_FALSE:
        options, feedback, raws = _true_false(answers, text_format)
    else:
        options, feedback, raws = _choices(answers, kind, text_format)
        if len(options) < 2:
            return Skipped(skip, "fewer than two options", location)
    texts = [(raw_text, text_format), (raw_general, general_format), *raws]
    if reason := t.embedded_content(texts):
        return Skipped(skip, reason, location)
    return question_or_skip(
        kind,
        text,
        [(option, correct) for option, correct in options if option],
        explanation_from(general_text, feedback),
        name=name,
        category=category,
        location=location,
    )


def _kind(answers: str) -> tuple[str, str]:
    """Return the kind of a question from its answers, or the reason we cannot hold it."""
    if not answers:
        return "", "essay questions are not supported"
    if answers.startswith("#"):
        return "", "numerical questions are not supported"
    if "~" in answers:
        return (SINGLE if "=" in answers else MULTIPLE), ""
    if "=" in answers and "->" in answers:
        return "", "matching questions are not supported"
    value = answers.split("#", 1)[0].strip()
    if value in _TRUE_FALSE:
        return TRUE_FALSE, ""
    if value.upper() in _TRUE_FALSE:
        return "", "short answer questions are not supported (true/false is written {T} or {F})"
    return "", "short answer questions are not supported"


def _true_false(answers: str, fmt: str) -> _Parts:
    """Read {T}, {FALSE#feedback for a wrong answer#feedback for a right one} and the like."""
    value, *comments = answers.split("#", 2)
    wrong, right = [_read(comment, fmt) for comment in (*comments, "", "")[:2]]
    truth = _TRUE_FALSE[value.strip()]
    true_comment, false_comment = (right, wrong) if truth else (wrong, right)
    options = [("True", truth), ("False", not truth)]
    feedback = [("True", true_comment[0]), ("False", false_comment[0])]
    return options, feedback, [wrong[1:], right[1:]]


def _choices(answers: str, kind: str, fmt: str) -> _Parts:
    """Read {=right ~wrong} or {~%50%right ~%-100%wrong}, each with an optional #feedback."""
    chunks = answers.replace("=", "~=").split("~")
    if not chunks[0].strip():
        chunks = chunks[1:]
    options, feedback, raws = [], [], []
    for chunk in chunks:
        chunk = chunk.strip()
        weight = 0.0
        if chunk.startswith("="):
            weight, chunk = 100.0, chunk[1:]
        elif match := _WEIGHT.match(chunk):
            weight, chunk = float(match.group(1)), chunk[match.end() :]
        answer, _, comment = chunk.partition("#")
        option, raw_option, option_format = _read(answer, fmt)
        remark, raw_remark, remark_format = _read(comment, fmt)
        raws += [(raw_option, option_format), (raw_remark, remark_format)]
        correct = weight >= 100 if kind == SINGLE else weight > 0
        options.append((option, correct))
        if option:
            feedback.append((option, remark))
    return options, feedback, raws
