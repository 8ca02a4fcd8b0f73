"""Import and export quiz questions in the formats Moodle reads and writes.

Moodle XML, GIFT and Aiken files become plain-text questions of our three kinds (single choice,
multiple response, true/false); anything else in a file is skipped with a reason. Pure Python:
no Flask and no database, so the views, the CLI and the tests share it.
"""

from .export import export_gift, export_moodle_xml
from .model import (
    FORMATS,
    ImportedOption,
    ImportedQuestion,
    ParseResult,
    QuizFormatError,
    Skipped,
)
from .reading import MAX_BYTES, detect_format, parse

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ImportedOption",
    "ImportedQuestion",
    "ParseResult",
    "QuizFormatError",
    "Skipped",
    "detect_format",
    "export_gift",
    "export_moodle_xml",
    "parse",
]
