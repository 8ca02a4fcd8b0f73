"""Check an uploaded quiz file, tell its format and hand it to the right reader."""

import re

from .aiken import parse_aiken
from .gift import parse_gift
from .model import FORMATS, ParseResult, QuizFormatError
from .moodle_xml import parse_moodle_xml

MAX_BYTES = 1024 * 1024

_READERS = {"moodle_xml": parse_moodle_xml, "gift": parse_gift, "aiken": parse_aiken}
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER:", re.IGNORECASE | re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^[ \t]*[A-Z][).]", re.MULTILINE)
_GIFT = re.compile(r"(?<!\\)\{|^\s*\$CATEGORY:|^\s*::", re.MULTILINE)
_EXTENSIONS = {
    ".xml": "moodle_xml",
    ".gift": "gift",
    ".gift.txt": "gift",
    ".aiken": "aiken",
    ".aiken.txt": "aiken",
}


def _looks_like_xml(text: str) -> bool:
    """An XML declaration, or <quiz> after any comments. A plain scan, not a regular
    expression: nested repetition over comments backtracks exponentially (a tiny upload
    could hang a worker)."""
    rest = text.lstrip()
    if rest.startswith("<?xml"):
        return True
    while rest.startswith("<!--"):
        end = rest.find("-->")
        if end < 0:
            return False
        rest = rest[end + 3 :].lstrip()
    return rest.startswith("<quiz") and (len(rest) == 5 or not rest[5].isalnum())


def decode(content: bytes) -> str:
    """Return the text of a quiz file: at most 1 MiB of UTF-8, with or without a BOM."""
    if len(content) > MAX_BYTES:
        raise QuizFormatError(
            f"The file is {len(content) / 1024 / 1024:.1f} MiB; quiz files may be at most 1 MiB."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise QuizFormatError(
            f"Line {line}: the file is not UTF-8 text. Save it as UTF-8 and try again."
        ) from None


def _detect(text: str, filename: str) -> str:
    if _looks_like_xml(text):
        return "moodle_xml"
    name = filename.lower()
    for extension, fmt in sorted(_EXTENSIONS.items(), key=lambda item: -len(item[0])):
        if name.endswith(extension):
            return fmt
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if _GIFT.search(text):
        return "gift"
    raise QuizFormatError(
        "Cannot tell the format of the file: expected Moodle XML (<quiz>), GIFT (answers in"
        " braces {…}) or Aiken (options A), B)… and an ANSWER: line)."
    )


def detect_format(content: bytes, filename: str = "") -> str:
    """Return "moodle_xml", "gift" or "aiken" from the file's content and name."""
    return _detect(decode(content), filename)


def parse(content: bytes, filename: str = "", format: str | None = None) -> ParseResult:
    """Read a quiz file into questions we can hold and skipped ones, each with its reason."""
    text = decode(content)
    chosen = format or _detect(text, filename)
    if chosen not in FORMATS:
        raise QuizFormatError(f"Unknown format {chosen!r}; expected one of {', '.join(FORMATS)}.")
    return _READERS[chosen](text)
