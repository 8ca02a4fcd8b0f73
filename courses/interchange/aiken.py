"""Read Aiken files: single-answer questions in plain text, one line each.

    Which quantity describes CT scanner output?
    A) CTDIvol
    B. Effective dose
    ANSWER: A

A question that cannot be completed (no ANSWER line, a letter that matches no option, fewer than
two options) is skipped with its reason, like stray option and ANSWER lines, so that one typing
mistake does not hide the rest of the file.
"""

import re
from dataclasses import dataclass, field

from .model import SINGLE, ParseResult, QuizFormatError, Skipped, question_or_skip
from .text import excerpt, tidy

# As in Moodle: a capital letter, ")" or ".", then (usually) a space.
_OPTION = re.compile(r"[A-Z][).][ \t]?")
_ANSWER = re.compile(r"ANSWER:", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class _Draft:
    text: str
    line: int
    options: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        return f"line {self.line}"


def parse_aiken(source: str) -> ParseResult:
    """Read the questions of an Aiken file."""
    result = ParseResult("aiken", [], [])
    draft: _Draft | None = None
    recognised = False
    for number, line in enumerate(_LINE_BREAK.split(source), start=1):
        line = line.strip()
        if len(line) < 2:
            continue
        if option := _OPTION.match(line):
            recognised = True
            if draft is None:
                result.add(_stray(line, number, "an option line before any question"))
            else:
                draft.options.append(tidy(line[option.end() :]))
        elif _ANSWER.match(line):
            recognised = True
            if draft is None:
                result.add(_stray(line, number, "an ANSWER line before any question"))
            else:
                result.add(_finish(draft, line.split(":", 1)[1].strip()[:1].upper()))
                draft = None
        else:
            if draft is not None:
                result.add(_unfinished(draft))
            draft = _Draft(tidy(line), number)
    if draft is not None:
        result.add(_unfinished(draft))
    if not recognised:
        raise QuizFormatError("No questions found: no Aiken options (A) …) or ANSWER: lines.")
    return result


def _stray(line: str, number: int, what: str) -> Skipped:
    return Skipped(excerpt(line), f"{what} (the question text comes first)", f"line {number}")


def _unfinished(draft: _Draft) -> Skipped:
    if draft.options:
        reason = "no ANSWER: line after the options"
    else:
        reason = "no options or ANSWER: line (an Aiken question is a single line)"
    return Skipped(excerpt(draft.text), reason, draft.location)


def _finish(draft: _Draft, letter: str):
    if len(draft.options) < 2:
        return Skipped(excerpt(draft.text), "fewer than two options", draft.location)
    if not letter:
        return Skipped(excerpt(draft.text), "the ANSWER: line gives no letter", draft.location)
    right = ord(letter) - ord("A")
    if not 0 <= right < len(draft.options):
        reason = f'the answer letter "{letter}" matches no option'
        return Skipped(excerpt(draft.text), reason, draft.location)
    return question_or_skip(
        SINGLE,
        draft.text,
        [(option, n == right) for n, option in enumerate(draft.options)],
        "",
        name="",
        category="",
        location=draft.location,
    )
