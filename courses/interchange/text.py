"""Turn the rich texts of quiz files into plain text, and plain text into simple HTML.

Moodle stores each text with a format: HTML, "Moodle auto-format" (HTML in which line breaks
count), plain text or Markdown. Our questions are plain text, shown escaped, so markup is taken
out here: tags are dropped, entities decoded, whitespace collapsed, and paragraphs and line
breaks kept as blank lines and line breaks.
"""

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser

HTML, MOODLE, PLAIN, MARKDOWN = "html", "moodle", "plain", "markdown"

# Elements whose content is never text a learner should read.
_HIDDEN = {"script", "style", "template", "head", "title"}
_BLOCKS = {
    *("p", "div", "section", "article", "header", "footer", "aside", "main", "nav"),
    *("blockquote", "pre", "ul", "ol", "dl", "table", "figure", "figcaption", "address", "hr"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
}
_LINES = {"tr", "dt", "dd", "caption"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")

# C0 and C1 control characters other than tab and line feed: invalid in XML, invisible on a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")

_IMAGES = re.compile(r"<\s*(img|image|svg|picture)\b", re.IGNORECASE)
_MEDIA = re.compile(r"<\s*(video|audio|iframe|object|embed|source|track)\b", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(")

EMBEDDED_IMAGES = "embedded images are not supported"
EMBEDDED_MEDIA = "embedded audio, video or frames are not supported"
EMBEDDED_FILES = "embedded files are not supported"
_EMBEDDED = (EMBEDDED_IMAGES, EMBEDDED_MEDIA, EMBEDDED_FILES)


class _TextExtractor(HTMLParser):
    """Collect the readable text of an HTML fragment, marking paragraphs and line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:])
            # Keep where a link led (often a guideline or reference) unless its text says so.
            if href.lower().startswith(_LINK_SCHEMES) and href not in label:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def tidy(text: str) -> str:
    """Normalise plain text: one space between words, no more than one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def html_to_text(fragment: str) -> str:
    """Return the readable text of an HTML fragment, without any tags."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return tidy("".join(parser.parts))


def to_text(raw: str, fmt: str) -> str:
    """Return plain text for a text stored in one of Moodle's formats."""
    if fmt in (HTML, MOODLE) and "<" not in raw and "&" not in raw:
        # Nothing to parse (most answers): spare the HTML parser.
        return tidy(raw if fmt == MOODLE else " ".join(raw.split()))
    if fmt == HTML:
        return html_to_text(raw)
    if fmt == MOODLE:
        # Moodle auto-format is HTML in which each line break is also a break on the page.
        return html_to_text(raw.replace("\r\n", "\n").replace("\n", "<br>"))
    return tidy(raw)


def plain_to_html(text: str) -> str:
    """Return simple HTML (paragraphs and line breaks) showing plain text as it reads."""
    paragraphs = [p for p in tidy(text).split("\n\n") if p]
    return "".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
    )


def embedded_content(texts: Iterable[tuple[str, str]]) -> str:
    """Return why (raw text, format) pairs cannot be imported because they embed a file, or ""."""
    found = set()
    for raw, fmt in texts:
        rich = fmt in (HTML, MOODLE)
        if (rich and _IMAGES.search(raw)) or (fmt == MARKDOWN and _MARKDOWN_IMAGE.search(raw)):
            found.add(EMBEDDED_IMAGES)
        if rich and _MEDIA.search(raw):
            found.add(EMBEDDED_MEDIA)
        if "@@PLUGINFILE@@" in raw:
            found.add(EMBEDDED_FILES)
    return next((reason for reason in _EMBEDDED if reason in found), "")


def excerpt(text: str, limit: int = 60) -> str:
    """Return the start of a text on one line, cut at a word and marked with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,.;:") + "…"
