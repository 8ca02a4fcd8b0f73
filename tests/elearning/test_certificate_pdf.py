"""Tests for the certificate and transcript PDFs, read back with pypdf and zxing-cpp."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import zxingcpp
from pypdf import PdfReader

from elearning.certificates.pdf import (
    CertificateData,
    TranscriptData,
    TranscriptLine,
    render_certificate,
    render_transcript,
)

NAMES = ("Zoë Łukasiewicz-Ørsted", "Αθηνά Παπαδοπούλου", "Дмитрий Иванов")
STATEMENT = (
    "This e-learning activity is accredited by the European Accreditation Council for Continuing "
    "Medical Education (EACCME®) with 0.5 European CME credits (ECMEC®s). Each medical specialist "
    "should claim only those hours of credit that he/she actually spent in the activity."
)
LONG_TITLE = (
    "Dose management in hybrid imaging: a practical, step-by-step guide for radiographers, "
    "medical physicists and nuclear medicine physicians working with SPECT/CT and PET/CT systems "
    "in their daily routine"
)


def make_certificate(**changes) -> CertificateData:
    data = CertificateData(
        number="RPL-2026-000123",
        learner_name=NAMES[0],
        activity_title="Optimising paediatric CT protocols",
        activity_type="Tips & Tricks e-learning module",
        group_name="Working Group on CT Dosimetry",
        completed_on=date(2026, 3, 12),
        credits=Decimal("0.50"),
        evidence="Quiz passed with 100.00% (attempt 1, revision 1, edition 1)",
        provider_name="European Society for Radiation Protection in Medicine",
        accreditation_statement=STATEMENT,
        verify_url="https://learn.example.org/verify/RPL-2026-000123?code=8f3a2c91",
        issued_on=date(2026, 3, 13),
    )
    return replace(data, **changes)


def make_transcript(count: int) -> TranscriptData:
    lines = tuple(
        TranscriptLine(
            completed_on=date(2026, 1 + index % 12, 1 + index % 28),
            title=f"Module {index}: image quality and dose in interventional radiology",
            activity_type="Live webinar" if index % 4 == 0 else "Tips & Tricks e-learning module",
            group_name="Working Group on Interventional Radiology",
            credits=Decimal("0.25") * (1 + index % 4),
            certificate_number=f"RPL-2026-{index:06d}",
        )
        for index in range(count)
    )
    return TranscriptData(
        learner_name=NAMES[1],
        year=2026,
        lines=lines,
        total=sum((line.credits for line in lines), Decimal(0)),
        provider_name="European Society for Radiation Protection in Medicine",
        accreditation_statement=STATEMENT,
        verify_url="https://learn.example.org/verify/transcript/TR-2026-000045",
        number="TR-2026-000045",
        issued_on=date(2027, 1, 5),
    )


def read(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def texts(pdf: bytes) -> list[str]:
    """The text of each page with all whitespace, line breaks included, made single spaces."""
    return [" ".join(page.extract_text().split()) for page in read(pdf).pages]


def decode_qr(page) -> list[tuple[str, str]]:
    """Decode the page's one image: (text, error correction level) of each code found."""
    barcodes = zxingcpp.read_barcodes(page.images[0].image)
    return [(barcode.text, barcode.ec_level) for barcode in barcodes]


def test_certificate_is_one_landscape_a4_page_with_metadata():
    reader = read(render_certificate(make_certificate()))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)
    assert reader.metadata.title == "Certificate of Completion RPL-2026-000123"
    assert reader.metadata.author == "European Society for Radiation Protection in Medicine"
    assert reader.metadata.creator


def test_certificate_prints_the_details():
    data = make_certificate()

    [text] = texts(render_certificate(data))

    for expected in (
        data.number,
        data.activity_title,
        "Tips & Tricks e-learning module · Working Group on CT Dosimetry",
        "12 March 2026",
        "0.5 ECMEC",
        data.evidence,
        data.provider_name,
        STATEMENT,
        "issued on 13 March 2026",
        data.verify_url,
    ):
        assert expected in text


def test_long_title_and_statement_stay_on_one_page():
    data = make_certificate(
        activity_title=LONG_TITLE,
        accreditation_statement=" ".join([STATEMENT] * 6),
        evidence="Quiz passed with 100.00% (attempt 3, revision 2, edition 1) " * 3,
        learner_name="Maria-Magdalena Wojciechowska-Szczepańska-Brzęczyszczykiewicz",
    )

    reader = read(render_certificate(data))

    assert len(LONG_TITLE) == 200
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert LONG_TITLE in text
    assert data.learner_name in text
    assert data.verify_url in text


@pytest.mark.parametrize("name", NAMES)
def test_unicode_names_are_extractable(name):
    [text] = texts(render_certificate(make_certificate(learner_name=name)))

    assert name in text


def test_names_in_other_scripts_print_with_the_full_fonts():
    name = "Արամ Խաչատրյան"  # Armenian: in DejaVu, but outside the quick font cuts

    [text] = texts(render_certificate(make_certificate(learner_name=name)))

    assert name in text


def test_decomposed_names_print_composed():
    [text] = texts(render_certificate(make_certificate(learner_name="Zoe\u0308 Mu\u0308ller")))

    assert "Zoë Müller" in text


@pytest.mark.parametrize(
    ("credits", "printed"),
    [
        (Decimal("0.50"), "0.5 ECMEC"),
        (Decimal("1.00"), "1 ECMEC"),
        (Decimal("1.25"), "1.25 ECMEC"),
        (Decimal("10"), "10 ECMEC"),
        (Decimal("2.500"), "2.5 ECMEC"),
    ],
)
def test_credits_are_printed_without_trailing_zeros(credits, printed):
    [text] = texts(render_certificate(make_certificate(credits=credits)))

    assert f"CME CREDITS {printed}" in text


@pytest.mark.parametrize(
    ("activity_type", "title", "verb"),
    [
        ("Tips & Tricks e-learning module", "Certificate of Completion", "has successfully"),
        ("Live webinar", "Certificate of Attendance", "has attended"),
        ("Recorded WEBINAR series", "Certificate of Attendance", "has attended"),
    ],
)
def test_webinars_get_a_certificate_of_attendance(activity_type, title, verb):
    [text] = texts(render_certificate(make_certificate(activity_type=activity_type)))

    assert title in text
    assert verb in text
    other = {"Certificate of Completion", "Certificate of Attendance"} - {title}
    assert other.pop() not in text


def test_certificate_qr_code_encodes_the_verify_url():
    data = make_certificate()

    page = read(render_certificate(data)).pages[0]

    assert len(page.images) == 1
    assert decode_qr(page) == [(data.verify_url, "M")]


def test_rendering_is_repeatable():
    data = make_certificate()

    assert render_certificate(data) == render_certificate(data)


def test_transcript_with_many_lines_spans_pages():
    data = make_transcript(100)

    pages = texts(render_transcript(data))

    assert len(pages) >= 3
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert all("Date Activity Type Group ECMEC Certificate" in page for page in pages)
    everything = " ".join(pages)
    for line in data.lines:
        assert line.certificate_number in everything
    assert data.total == Decimal("62.50")
    assert "Total CME credits 2026 62.5 ECMEC" in pages[-1]


def test_transcript_prints_its_header_and_verification():
    data = make_transcript(3)

    reader = read(render_transcript(data))

    [text] = [" ".join(page.extract_text().split()) for page in reader.pages]
    for expected in (
        "Annual CME transcript 2026",
        data.learner_name,
        data.number,
        "issued on 5 January 2027",
        STATEMENT,
        data.verify_url,
        "Page 1 of 1",
    ):
        assert expected in text
    assert decode_qr(reader.pages[0]) == [(data.verify_url, "M")]


def test_empty_transcript_says_so():
    data = replace(make_transcript(0), total=Decimal("0.00"))

    [text] = texts(render_transcript(data))

    assert "No CME credits recorded in 2026." in text
    assert "Total CME credits 2026 0 ECMEC" in text
