"""What an import produces: questions we can hold, and the ones skipped with a reason."""

from collections.abc import Sequence
from dataclasses import dataclass

from .text import excerpt

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
FORMATS = ("moodle_xml", "gift", "aiken")

# The lengths of Question.name and Question.category, so imported values always fit.
NAME_MAX = 200
CATEGORY_MAX = 300

# Moodle's category paths start with a context ("$course$/...") and, since Moodle 3.5, the
# context's invisible "top" category; neither means anything outside Moodle.
_CONTEXTS = ("$course$", "$system$", "$module$", "$coursecategory$", "$cat$")

# The positive grades Moodle accepts (question_bank::fraction_options_full), as percentages.
_EQUAL_SHARES = {
    1: 100.0,
    2: 50.0,
    3: 33.33333,
    4: 25.0,
    5: 20.0,
    6: 16.66667,
    7: 14.28571,
    8: 12.5,
    9: 11.11111,
    10: 10.0,
    20: 5.0,
}


@dataclass(frozen=True)
class ImportedOption:
    text: str
    correct: bool


@dataclass(frozen=True)
class ImportedQuestion:
    kind: str
    text: str
    options: tuple[ImportedOption, ...]
    explanation: str
    name: str = ""
    category: str = ""
    location: str = ""


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str
    location: str


@dataclass
class ParseResult:
    format: str
    questions: list[ImportedQuestion]
    skipped: list[Skipped]

    def add(self, outcome: "ImportedQuestion | Skipped") -> None:
        """Record a question or the reason it was skipped."""
        if isinstance(outcome, ImportedQuestion):
            self.questions.append(outcome)
        else:
            self.skipped.append(outcome)


class QuizFormatError(ValueError):
    """The file cannot be read at all; the message names the line or element at fault."""


def problem(kind: str, text: str, options: Sequence[tuple[str, bool]]) -> str:
    """Return why a question would fail courses.operations.validate_question, or ""."""
    if not text.strip():
        return "the question has no text"
    if len(options) < 2:
        return "fewer than two options"
    if any(not option.strip() for option, _ in options):
        return "an option has no text"
    correct = sum(is_correct for _, is_correct in options)
    if correct == 0:
        return "no correct answer"
    if kind in (SINGLE, TRUE_FALSE) and correct != 1:
        label = "single-choice" if kind == SINGLE else "true/false"
        return f"{label} question with {correct} correct options"
    seen = set()
    for option, _ in options:
        if (key := option.strip().casefold()) in seen:
            return f'two options have the same text ("{excerpt(option, 40)}")'
        seen.add(key)
    return ""


def question_or_skip(
    kind: str,
    text: str,
    options: Sequence[tuple[str, bool]],
    explanation: str,
    *,
    name: str,
    category: str,
    location: str,
) -> ImportedQuestion | Skipped:
    """Build an imported question, or the reason it cannot be one."""
    reason = problem(kind, text, options)
    if reason:
        return Skipped(name or excerpt(text), reason, location)
    return ImportedQuestion(
        kind=kind,
        text=text,
        options=tuple(ImportedOption(option, correct) for option, correct in options),
        explanation=explanation,
        name=excerpt(name, NAME_MAX),
        category=category[:CATEGORY_MAX],
        location=location,
    )


def explanation_from(general: str, feedback: Sequence[tuple[str, str]]) -> str:
    """Combine general feedback and per-option feedback ("option: feedback" lines)."""
    lines = [f"{option}: {comment}" for option, comment in feedback if comment]
    return "\n\n".join(part for part in (general, "\n".join(lines)) if part)


def category_from_path(path: str) -> str:
    """Return a Moodle category path without its context and "top" prefixes."""
    parts = " ".join(path.split()).split("/")
    if parts and parts[0] in _CONTEXTS:
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(parts).strip()


def category_to_path(category: str) -> str:
    """Return the Moodle category path that puts questions in a course category."""
    category = " ".join(category.split())
    return category if category.startswith("$") else f"$course$/{category}"


def correct_weights(count: int) -> list[float]:
    """Return grades (percent) for `count` correct options that Moodle accepts and sum to 100."""
    if count in _EQUAL_SHARES:
        return [_EQUAL_SHARES[count]] * count
    if 10 < count < 20:
        # No equal share exists; mix 10% and 5% so the total is still exactly 100%.
        tens = 20 - count
        return [10.0] * tens + [5.0] * (count - tens)
    return [round(100 / count, 5)] * count


def percent(value: float) -> str:
    """Format a grade the way Moodle writes it: 100, 50, 33.33333, -12.5."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
