"""Render CME certificates and annual transcripts as PDF documents.

Pure: no Flask, no database. fpdf2 draws with the shipped DejaVu fonts; segno draws the QR codes.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

_FONT_DIR = Path(__file__).with_name("fonts")
_FAMILY = "dejavu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Parts of Unicode the fonts are cut into: a document embeds only the parts its text uses, since
# fpdf2 parses the embedded font for every document. Text outside them uses the full fonts.
_BLOCKS = (
    ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2122, 0x2122)),
    ((0x100, 0x17F),),  # Latin Extended-A
    ((0x180, 0x24F), (0x2B0, 0x36F)),  # Latin Extended-B, modifier letters, combining marks
    ((0x370, 0x3FF),),  # Greek
    ((0x400, 0x52F),),  # Cyrillic
    ((0x1E00, 0x1EFF),),  # Latin Extended Additional (Vietnamese)
    ((0x20A0, 0x20BF), (0x2100, 0x214F), (0x2190, 0x21FF)),  # currency, letterlike, arrows
)
_ALL_BLOCKS = frozenset(range(len(_BLOCKS)))
_CREATOR = "radprotect-elearning"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_NAVY = (24, 52, 92)
_GOLD = (176, 137, 58)
_INK = (33, 37, 41)
_MUTED = (96, 103, 112)
_HAIRLINE = (205, 211, 219)
_STRIPE = (243, 245, 248)


@dataclass(frozen=True)
class CertificateData:
    number: str
    learner_name: str
    activity_title: str
    activity_type: str
    group_name: str
    completed_on: date
    credits: Decimal
    evidence: str
    provider_name: str
    accreditation_statement: str
    verify_url: str
    issued_on: date


@dataclass(frozen=True)
class TranscriptLine:
    completed_on: date
    title: str
    activity_type: str
    group_name: str
    credits: Decimal
    certificate_number: str


@dataclass(frozen=True)
class TranscriptData:
    learner_name: str
    year: int
    lines: tuple[TranscriptLine, ...]
    total: Decimal
    provider_name: str
    accreditation_statement: str
    verify_url: str
    number: str
    issued_on: date


@dataclass(frozen=True)
class _Block:
    """A piece of a vertical stack: its height, the space above it, and how to draw it at y."""

    height: float
    gap: float
    draw: Callable[[float], None]


def _clean(text: str) -> str:
    """Put ``text`` on one line in composed form: there is no shaping engine to combine marks."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _credits(value: Decimal) -> str:
    """Write a credit amount without trailing zeros: 0.5, 1, 1.25."""
    return format(value.normalize(), "f")


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


@cache
def _block_of() -> dict[int, int]:
    """Map each code point of the blocks to its block."""
    return {
        c: i
        for i, ranges in enumerate(_BLOCKS)
        for low, high in ranges
        for c in range(low, high + 1)
    }


@cache
def _font_cut(style: str, blocks: frozenset[int]) -> bytes:
    """Cut a shipped font down to ``blocks``, from the cut of all blocks as that parses faster."""
    if blocks == _ALL_BLOCKS:
        font = TTFont(_FONT_DIR / _FONT_FILES[style], recalcTimestamp=False, recalcBBoxes=False)
    else:
        font = TTFont(BytesIO(_font_cut(style, _ALL_BLOCKS)), recalcBBoxes=False)
    for tag in ("GSUB", "GPOS", "GDEF", "kern"):  # fpdf2 shapes no text here: dead weight
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.drop_tables += ["FFTM", "hdmx", "LTSH", "VDMX"]
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[c for i in blocks for low, high in _BLOCKS[i] for c in range(low, high + 1)]
    )
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _add_fonts(pdf: FPDF, text: str) -> None:
    """Register DejaVu regular and bold, cut to the blocks ``text`` uses when it can be."""
    block_of = _block_of()
    blocks = {block_of.get(ord(char)) for char in _clean(text) if char.isprintable()}
    for style, file_name in _FONT_FILES.items():
        if None in blocks:
            pdf.add_font(_FAMILY, style, _FONT_DIR / file_name)
            continue
        # add_font() takes only a path, so register the cut as add_font() would (fpdf2 2.8.9).
        key = _FAMILY + style
        font = TTFFont(pdf, BytesIO(_font_cut(style, frozenset(blocks | {0}))), key, style)
        font.ttfont.recalcBBoxes = False  # outlines are unchanged: skip recomputing their boxes
        pdf.fonts[key] = font


def _prepare(
    pdf: FPDF, fields: Iterable[str], *, title: str, author: str, subject: str, issued: date
) -> None:
    """Register the fonts for ``fields`` and the metadata, dated on the issue day: repeatable."""
    _add_fonts(pdf, " ".join(fields))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_subject(subject)
    pdf.set_creator(_CREATOR)
    pdf.set_lang("en")
    pdf.set_creation_date(datetime.combine(issued, time(), tzinfo=UTC))


def _width(pdf: FPDF, text: str) -> float:
    """``pdf.get_string_width(text)`` for our embedded fonts (no shaping, no kerning), read from
    the font's advance widths: eight times faster, and a transcript measures thousands of words."""
    widths = pdf.current_font.cw
    return sum(widths[ord(char)] for char in text) * pdf.font_size_pt / 1000 / pdf.k


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Break ``text`` at spaces into lines that fit a cell ``width`` wide in the current font."""
    room = width - 2 * pdf.c_margin
    space = _width(pdf, " ")
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        size = _width(pdf, word)
        if line and used + space + size <= room:
            line, used = f"{line} {word}", used + space + size
            continue
        if line:
            lines.append(line)
        while size > room and len(word) > 1:  # a word wider than a line: break it anywhere
            end = 1
            while end < len(word) - 1 and _width(pdf, word[: end + 1]) <= room:
                end += 1
            lines.append(word[:end])
            word = word[end:]
            size = _width(pdf, word)
        line, used = word, size
    return [*lines, line] if line else lines


def _fit(
    pdf: FPDF, text: str, width: float, attempts: Sequence[tuple[float, int]], style: str = ""
) -> tuple[float, list[str]]:
    """Wrap ``text`` at the first (size, most lines) that holds it, else cut the last line short."""
    for size, most in attempts:
        pdf.set_font(_FAMILY, style, size)
        lines = _wrap(pdf, text, width)
        if len(lines) <= most:
            return size, lines
    lines = lines[:most]
    last = lines[-1]
    while last and _width(pdf, f"{last}…") > width - 2 * pdf.c_margin:
        last = last[:-1]
    lines[-1] = f"{last.rstrip()}…"
    return size, lines


def _write(
    pdf: FPDF, lines: Sequence[str], x: float, y: float, width: float, height: float, align: str
) -> float:
    """Write ``lines`` in the current font from ``y``; return the y below them."""
    for line in lines:
        pdf.set_xy(x, y)
        pdf.cell(width, height, line, align=align)
        y += height
    return y


def _write_fast(
    pdf: FPDF, lines: Sequence[str], x: float, y: float, width: float, height: float, align: str
) -> None:
    """What ``_write`` draws, placed by hand with ``pdf.text()``: cell() costs four times as
    much, and a transcript table has hundreds of cells. Same baseline as cell() puts it."""
    baseline = y + 0.5 * height + 0.3 * pdf.font_size
    for line in lines:
        if align == "R":
            left = x + width - pdf.c_margin - _width(pdf, line)
        elif align == "C":
            left = x + (width - _width(pdf, line)) / 2
        else:
            left = x + pdf.c_margin
        pdf.text(left, baseline, line)
        baseline += height


def _text_block(
    pdf: FPDF,
    text: str,
    box: tuple[float, float],
    attempts: Sequence[tuple[float, int]],
    *,
    style: str = "",
    color: tuple[int, int, int] = _INK,
    gap: float = 0,
) -> _Block:
    """Fit ``text`` into ``box`` (x, width), centred, as a block of a stack."""
    size, lines = _fit(pdf, text, box[1], attempts, style)
    height = size * 0.47  # mm per line: 1.33 times the font size in points

    def draw(y: float) -> None:
        pdf.set_font(_FAMILY, style, size)
        pdf.set_text_color(*color)
        _write(pdf, lines, box[0], y, box[1], height, "C")

    return _Block(height * len(lines), gap, draw)


def _stack(blocks: Sequence[_Block], top: float, bottom: float) -> None:
    """Draw ``blocks`` centred between ``top`` and ``bottom``, closing gaps if space is short."""
    heights = sum(block.height for block in blocks)
    gaps = sum(block.gap for block in blocks)
    squeeze = min(1.0, max(0.0, bottom - top - heights) / gaps) if gaps else 1.0
    y = top + max(0.0, (bottom - top - heights - gaps * squeeze) / 2)
    for block in blocks:
        y += block.gap * squeeze
        block.draw(y)
        y += block.height


def _draw_qr(pdf: FPDF, url: str, right: float, top: float, size: float) -> float:
    """Draw a QR code of ``url``, ``size`` mm wide, right edge at ``right``; return its bottom."""
    # A fixed mask: choosing the best of eight by their penalty scores takes segno 10 ms of
    # the 30 a certificate costs, and readers decode any mask (tests decode it with ZXing).
    qr = segno.make(url, error="m", micro=False, boost_error=False, mask=2)
    modules = qr.symbol_size(border=0)[0]
    quiet = 4  # modules of white around the code, which readers need
    png = BytesIO()
    qr.save(png, kind="png", scale=8, border=quiet)
    module = size / modules
    pdf.image(
        png,
        x=right - size - quiet * module,
        y=top - quiet * module,
        w=size + 2 * quiet * module,
        alt_text=f"QR code linking to {url}",
    )
    return top + size


def _write_link(pdf: FPDF, label: str, url: str, x: float, y: float, width: float) -> None:
    """Write ``label`` then ``url`` as a link on one line, shrinking it to fit ``width``."""
    for size in (8, 7.5, 7, 6.5, 6, 5.5, 5):
        pdf.set_font(_FAMILY, "", size)
        if pdf.get_string_width(f"{label} {url}") + 2 * pdf.c_margin <= width:
            break
    label_width = pdf.get_string_width(f"{label} ")
    pdf.set_text_color(*_MUTED)
    pdf.set_xy(x, y)
    pdf.cell(label_width + pdf.c_margin, 4, label)
    pdf.set_text_color(*_NAVY)
    pdf.set_xy(x + label_width, y)
    pdf.cell(width - label_width, 4, url, link=url)


def render_certificate(data: CertificateData) -> bytes:
    """Render a one-page landscape certificate with a QR code of its verification URL."""
    webinar = "webinar" in data.activity_type.casefold()
    heading = "Certificate of Attendance" if webinar else "Certificate of Completion"
    fields = (data.learner_name, data.activity_title, data.activity_type, data.group_name)
    fields += (data.evidence, data.provider_name, data.accreditation_statement, data.number)
    fields += (data.verify_url,)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    _prepare(
        pdf,
        fields,
        title=f"{heading} {data.number}",
        author=data.provider_name,
        subject=f"{_clean(data.activity_title)}: {_clean(data.learner_name)}",
        issued=data.issued_on,
    )
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*_NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(7, 7, 283, 196)
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.35)
    pdf.rect(10.5, 10.5, 276, 189)
    _certificate_body(pdf, data, heading, webinar)
    _certificate_foot(pdf, data)
    return bytes(pdf.output())


def _certificate_body(pdf: FPDF, data: CertificateData, heading: str, webinar: bool) -> None:
    box = (26.0, 245.0)
    sizes = (28, 26, 24, 22, 20, 18, 16)
    blocks = [
        _text_block(pdf, _clean(data.provider_name), box, [(10, 1), (9, 1), (8, 2)], style="B",
                    color=_MUTED),
        _text_block(pdf, heading, box, [(30, 1)], style="B", color=_NAVY, gap=3),
        _Block(6, 0, lambda y: _rule(pdf, 148.5 - 22, y + 3, 148.5 + 22)),
        _text_block(pdf, "This is to certify that", box, [(12, 1)], color=_MUTED, gap=1),
        _text_block(pdf, _clean(data.learner_name), box, [(s, 1) for s in sizes] + [(16, 2)],
                    style="B", gap=2),
        _text_block(pdf, "has attended" if webinar else "has successfully completed", box,
                    [(12, 1)], color=_MUTED, gap=2),
        _text_block(pdf, _clean(data.activity_title), (36.0, 225.0),
                    [(18, 2), (17, 2), (16, 2), (15, 3), (14, 3), (13, 3), (12, 3)],
                    style="B", color=_NAVY, gap=2),
        _text_block(pdf, f"{_clean(data.activity_type)} · {_clean(data.group_name)}", box,
                    [(11, 1), (10, 1), (9, 2)], color=_MUTED, gap=1.5),
        _details_block(pdf, data, webinar),
        _text_block(pdf, _clean(data.evidence), (46.0, 205.0), [(8, 1), (8, 2), (7, 2)],
                    color=_MUTED, gap=5),
    ]  # fmt: skip
    _stack(blocks, 16, 143)


def _rule(pdf: FPDF, x1: float, y: float, x2: float) -> None:
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.4)
    pdf.line(x1, y, x2, y)


def _details_block(pdf: FPDF, data: CertificateData, webinar: bool) -> _Block:
    """Three labelled values side by side: date, credits and certificate number."""
    details = (
        ("ATTENDED ON" if webinar else "COMPLETED ON", _long_date(data.completed_on)),
        ("CME CREDITS", f"{_credits(data.credits)} ECMEC"),
        ("CERTIFICATE NO.", _clean(data.number)),
    )
    width, left = 70.0, 148.5 - 105.0

    def draw(y: float) -> None:
        pdf.set_draw_color(*_HAIRLINE)
        pdf.set_line_width(0.3)
        for index, (label, value) in enumerate(details):
            x = left + index * width
            if index:
                pdf.line(x, y + 1, x, y + 14)
            pdf.set_font(_FAMILY, "", 7.5)
            pdf.set_text_color(*_MUTED)
            _write(pdf, [label], x, y + 1, width, 4.5, "C")
            lines = _fit(pdf, value, width, [(s, 1) for s in (13, 12, 11, 10, 9)], "B")[1]
            pdf.set_text_color(*_INK)
            _write(pdf, lines, x, y + 6.5, width, 7, "C")

    return _Block(15, 6, draw)


def _certificate_foot(pdf: FPDF, data: CertificateData) -> None:
    """Draw the accreditation, issue details and verification link under a rule, QR on the right."""
    top, left, right, qr_size = 148.0, 26.0, 271.0, 27.0
    bottom = _draw_qr(pdf, data.verify_url, right, top + 5, qr_size)
    pdf.set_font(_FAMILY, "", 6.5)
    pdf.set_text_color(*_MUTED)
    _write(pdf, ["Scan to verify"], right - qr_size, bottom + 1, qr_size, 3.5, "C")
    _rule(pdf, left, top, right)
    width = right - left - qr_size - 12
    pdf.set_text_color(*_NAVY)
    size, lines = _fit(pdf, _clean(data.provider_name), width, [(8.5, 1), (7.5, 1)], "B")
    _write(pdf, lines, left, top + 4, width, 4.5, "L")
    room = 183.5 - (top + 9)
    attempts = [(s, int(room // (s * 0.45))) for s in (7.5, 7, 6.5, 6)]
    size, lines = _fit(pdf, _clean(data.accreditation_statement), width, attempts)
    pdf.set_text_color(*_INK)
    _write(pdf, lines, left, top + 9, width, size * 0.45, "L")
    issued = f"Certificate {_clean(data.number)} · issued on {_long_date(data.issued_on)}"
    pdf.set_font(_FAMILY, "", 8)
    pdf.set_text_color(*_MUTED)
    _write(pdf, [issued], left, 185, width, 4, "L")
    _write_link(pdf, "Verify this certificate at", data.verify_url, left, 189.5, width)


class _TranscriptPDF(FPDF):
    """Portrait pages with a running header and a "Page n of N" footer."""

    def __init__(self, data: TranscriptData) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.transcript = data

    def header(self) -> None:
        data = self.transcript
        self.set_font(_FAMILY, "B", 8.5)
        self.set_text_color(*_NAVY)
        _write(self, [_clean(data.provider_name)], 15, 10, 120, 5, "L")
        self.set_font(_FAMILY, "", 8)
        self.set_text_color(*_MUTED)
        _write(self, [f"Annual CME transcript {data.year}"], 135, 10, 60, 5, "R")
        self.set_draw_color(*_GOLD)
        self.set_line_width(0.4)
        self.line(15, 16.5, 195, 16.5)
        self.set_y(22)

    def footer(self) -> None:
        data = self.transcript
        self.set_draw_color(*_HAIRLINE)
        self.set_line_width(0.2)
        self.line(15, 283, 195, 283)
        self.set_font(_FAMILY, "", 7.5)
        self.set_text_color(*_MUTED)
        left = f"Transcript {_clean(data.number)} · {_clean(data.learner_name)}"
        _write(self, _fit(self, left, 140, [(7.5, 1)])[1], 15, 284.5, 140, 4, "L")
        _write(self, [f"Page {self.page_no()} of {{nb}}"], 155, 284.5, 40, 4, "R")


def render_transcript(data: TranscriptData) -> bytes:
    """Render an annual transcript: one table row per credit, the total and a verification QR."""
    fields = [data.learner_name, data.provider_name, data.accreditation_statement]
    fields += (data.number, data.verify_url)
    for line in data.lines:
        fields += (line.title, line.activity_type, line.group_name, line.certificate_number)
    pdf = _TranscriptPDF(data)
    title = f"Annual CME transcript {data.year}"
    _prepare(
        pdf,
        fields,
        title=f"{title}: {_clean(data.learner_name)}",
        author=data.provider_name,
        subject=f"{title}, transcript {data.number}",
        issued=data.issued_on,
    )
    pdf.set_margins(15, 22, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(_FAMILY, "B", 20)
    pdf.set_text_color(*_NAVY)
    y = _write(pdf, [title], 15, 24, 180, 10, "L")
    name = _fit(pdf, _clean(data.learner_name), 180, [(15, 1), (13, 1), (13, 2)], "B")[1]
    pdf.set_text_color(*_INK)
    y = _write(pdf, name, 15, y + 1, 180, 7.5, "L")
    pdf.set_font(_FAMILY, "", 9)
    pdf.set_text_color(*_MUTED)
    issued = f"Transcript {_clean(data.number)} · issued on {_long_date(data.issued_on)}"
    pdf.set_y(_write(pdf, [issued], 15, y + 1, 180, 5, "L") + 5)
    _transcript_table(pdf, data)
    _transcript_closing(pdf, data)
    return bytes(pdf.output())


_HEADING = ("Date", "Activity", "Type", "Group", "ECMEC", "Certificate")
_ALIGNS = ("L", "L", "L", "L", "R", "L")
_ROW_LINE, _ROW_PAD = 3.6, 1.3  # mm: line height and space above and below the text of a row


def _transcript_table(pdf: FPDF, data: TranscriptData) -> None:
    """Draw the credits table, its heading repeated on every page, and the total row."""
    rows = [
        (_short_date(line.completed_on), _clean(line.title), _clean(line.activity_type),
         _clean(line.group_name), _credits(line.credits), _clean(line.certificate_number))
        for line in data.lines
    ]  # fmt: skip

    def column(index: int, most: float) -> float:
        pdf.set_font(_FAMILY, "B", 8)
        widest = _width(pdf, _HEADING[index])
        pdf.set_font(_FAMILY, "", 8)
        widest = max([widest] + [_width(pdf, row[index]) for row in rows])
        return min(most, widest + 2 * pdf.c_margin + 2)

    fixed = (column(0, 26), column(4, 18), column(5, 42))
    rest = 180 - sum(fixed)
    widths = (fixed[0], rest * 0.5, rest * 0.24, rest * 0.26, fixed[1], fixed[2])
    _table_row(pdf, _HEADING, widths, style="B", color=(255, 255, 255), fill=_NAVY)
    for index, row in enumerate(rows):
        if _table_row(pdf, row, widths, fill=_STRIPE if index % 2 else None):
            _table_row(pdf, _HEADING, widths, style="B", color=(255, 255, 255), fill=_NAVY)
            _table_row(pdf, row, widths, fill=_STRIPE if index % 2 else None)
    if not rows:
        _table_row(pdf, (f"No CME credits recorded in {data.year}.",), (180,), aligns="L")
    total = (f"Total CME credits {data.year}", _credits(data.total), "ECMEC")
    _table_row(
        pdf, total, (sum(widths[:4]), *widths[4:]), style="B", fill=(226, 232, 240), aligns="LRL"
    )


def _table_row(
    pdf: FPDF,
    cells: Sequence[str],
    widths: Sequence[float],
    *,
    style: str = "",
    color: tuple[int, int, int] = _INK,
    fill: tuple[int, int, int] | None = None,
    aligns: Sequence[str] = _ALIGNS,
) -> bool:
    """Draw one row of the table, its text wrapped; if the page is full add one, draw nothing."""
    pdf.set_font(_FAMILY, style, 8)
    wrapped = [
        _fit(pdf, text, width, [(8, 12)], style)[1]
        for text, width in zip(cells, widths, strict=True)
    ]
    height = max(1, *map(len, wrapped)) * _ROW_LINE + 2 * _ROW_PAD
    if pdf.will_page_break(height):
        pdf.add_page()
        return True
    x, y = pdf.l_margin, pdf.get_y()
    if fill:
        pdf.set_fill_color(*fill)
        pdf.rect(x, y, sum(widths), height, style="F")
    pdf.set_text_color(*color)
    for lines, width, align in zip(wrapped, widths, aligns, strict=True):
        _write_fast(pdf, lines, x, y + _ROW_PAD, width, _ROW_LINE, align)
        x += width
    pdf.set_draw_color(*_HAIRLINE)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + height, x, y + height)
    pdf.set_y(y + height)
    return False


def _transcript_closing(pdf: FPDF, data: TranscriptData) -> None:
    """Draw accreditation, transcript number and verification link beside a QR code."""
    width, qr_size = 140.0, 26.0
    statement = _clean(data.accreditation_statement)
    pdf.set_font(_FAMILY, "", 7.5)
    lines = _wrap(pdf, statement, width)
    height = max(qr_size + 2, 5 + len(lines) * 3.4 + 11) + 8
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y() + 6
    _rule(pdf, 15, top, 195)
    _draw_qr(pdf, data.verify_url, 195, top + 4, qr_size)
    pdf.set_xy(15, top + 3)
    pdf.set_font(_FAMILY, "B", 8.5)
    pdf.set_text_color(*_NAVY)
    pdf.multi_cell(width, 4.5, _clean(data.provider_name), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 7.5)
    pdf.set_text_color(*_INK)
    for line in lines:
        pdf.cell(width, 3.4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 8)
    pdf.set_text_color(*_MUTED)
    pdf.set_y(pdf.get_y() + 2)
    issued = f"Transcript {_clean(data.number)} · issued on {_long_date(data.issued_on)}"
    pdf.cell(width, 4, issued, new_x="LMARGIN", new_y="NEXT")
    _write_link(pdf, "Verify this transcript at", data.verify_url, 15, pdf.get_y() + 0.5, width)
