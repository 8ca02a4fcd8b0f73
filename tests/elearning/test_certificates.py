"""Certificates and transcripts through the app: contents fixed at issue, access, verification."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import func, select

from elearning.accounts.models import Role
from elearning.certificates.models import Certificate
from elearning.extensions import db
from elearning.ledger.operations import Award, award_credit

NAMES = ["Zoë Łukasiewicz-Ørsted", "Αθηνά Παπαδοπούλου", "Дмитрий Иванов"]


def award(
    user,
    activity_id=1,
    *,
    kind="module",
    title="Paediatric CT: size-adapted protocols",
    credits="0.5",
    when=None,
):
    entry, _ = award_credit(
        user,
        Award(
            kind,
            activity_id,
            3,
            title,
            "Paediatric Imaging",
            Decimal(credits),
            "Quiz passed with 100.00% (attempt 1, revision 3, edition 1)",
        ),
    )
    if when:
        entry.awarded_at = when
    db.session.commit()
    return entry


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def qr_text(reader: PdfReader) -> str:
    images = [image.image for page in reader.pages for image in page.images]
    found = [r.text for image in images for r in zxingcpp.read_barcodes(image)]
    assert found, "no QR code found"
    return found[0]


@pytest.mark.parametrize("name", NAMES)
def test_certificate_prints_the_name_activity_credits_and_verification(
    client, create_user, login, name
):
    user = create_user(full_name=name)
    entry = award(user)
    login(user)
    reader, text = pdf_text(client.get(f"/credits/{entry.id}/certificate.pdf"))
    assert len(reader.pages) == 1
    certificate = db.session.scalar(select(Certificate))
    for fact in (
        name,
        "Paediatric CT: size-adapted protocols",
        "Paediatric Imaging",
        "0.5 ECMEC",
        certificate.number,
        "Tips & Tricks e-learning module",
    ):
        assert fact in text, fact
    verify_url = f"http://learn.example.test/verify/{certificate.code}"
    assert verify_url in text
    assert qr_text(reader) == verify_url
    assert len(certificate.code) >= 20  # 120 random bits in base32


def test_downloading_again_gives_the_same_certificate(client, create_user, login):
    user = create_user()
    entry = award(user)
    login(user)
    client.get(f"/credits/{entry.id}/certificate.pdf")
    client.get(f"/credits/{entry.id}/certificate.pdf")
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_issued_content_is_fixed_until_the_learner_reissues(client, create_user, login):
    user = create_user(full_name="Maria Schmidt")
    entry = award(user)
    login(user)
    client.get(f"/credits/{entry.id}/certificate.pdf")
    first = db.session.scalar(select(Certificate))
    user.full_name = "Maria Schmidt-Weber"
    entry.title = "Renamed module"
    db.session.commit()
    _, text = pdf_text(client.get(f"/credits/{entry.id}/certificate.pdf"))
    assert "Maria Schmidt" in text and "Schmidt-Weber" not in text
    assert "Paediatric CT" in text and "Renamed" not in text
    client.submit(f"/credits/{entry.id}/reissue", page="/credits")
    _, text = pdf_text(client.get(f"/credits/{entry.id}/certificate.pdf"))
    assert "Maria Schmidt-Weber" in text
    old = client.get(f"/verify/{first.code}").get_data(as_text=True)
    assert "replaced" in old and first.number in old  # the old number stays on record


def test_other_learners_get_404_and_admins_get_in(app, client, create_user, login):
    owner = create_user(email="owner@example.org")
    entry = award(owner)
    login(create_user(email="other@example.org"))
    assert client.get(f"/credits/{entry.id}/certificate.pdf").status_code == 404
    assert client.submit(f"/credits/{entry.id}/reissue", page="/credits").status_code == 404
    assert client.get(f"/admin/users/{owner.id}/transcript/2026.pdf").status_code == 404
    assert app.test_client().get(f"/credits/{entry.id}/certificate.pdf").status_code == 302
    admin = app.test_client()
    login(create_user(role=Role.ADMIN), to=admin)
    assert admin.get(f"/credits/{entry.id}/certificate.pdf").status_code == 200


def test_verification_page_and_json(client, create_user, login, app):
    user = create_user(full_name=NAMES[1])
    entry = award(user)
    login(user)
    client.get(f"/credits/{entry.id}/certificate.pdf")
    certificate = db.session.scalar(select(Certificate))
    visitor = app.test_client()
    page = visitor.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "<strong>valid</strong>" in page and NAMES[1] in page and "0.5 ECMEC" in page
    data = visitor.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "valid" and data["learner"] == NAMES[1]
    assert data["credits"] == "0.50" and data["number"] == certificate.number
    assert visitor.get("/verify/doesnotexist").status_code == 404
    assert visitor.get("/verify/doesnotexist.json").status_code == 404


def test_revocation_shows_on_the_verification_page(client, create_user, login, app):
    user = create_user()
    entry = award(user)
    login(user)
    client.get(f"/credits/{entry.id}/certificate.pdf")
    code = db.session.scalar(select(Certificate)).code
    from elearning.ledger.operations import revoke_entry

    revoke_entry(entry, create_user(role=Role.ADMIN), "Quiz answers were shared")
    db.session.commit()
    page = app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "<strong>revoked</strong>" in page
    assert "Quiz answers were shared" not in page  # the reason stays internal (privacy)
    refused = client.get(f"/credits/{entry.id}/certificate.pdf")  # no new copies of it
    assert refused.status_code == 409 and "revoked" in refused.get_data(as_text=True)
    assert app.test_client().get(f"/verify/{code}.json").get_json()["status"] == "revoked"


def test_verification_is_rate_limited(app, client):
    app.config["VERIFY_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert client.get("/verify/unknown").status_code == 404
    assert client.get("/verify/unknown").status_code == 429


def test_transcript_lists_the_year_with_its_total(client, create_user, login):
    user = create_user(full_name=NAMES[2])
    for n in range(100):
        award(
            user,
            n + 1,
            title=f"Module {n + 1:03d}",
            credits="0.25",
            when=datetime(2026, 1 + n % 12, 1 + n % 28, tzinfo=UTC),
        )
    award(user, 500, title="Other year", when=datetime(2025, 5, 5, tzinfo=UTC))
    login(user)
    reader, text = pdf_text(client.get("/credits/transcript/2026.pdf"))
    assert len(reader.pages) > 1
    assert NAMES[2] in text and "Module 001" in text and "Module 100" in text
    assert "Other year" not in text and "25 ECMEC" in text
    transcript_code = qr_text(reader).rsplit("/", 1)[1]
    data = client.get(f"/verify/{transcript_code}.json").get_json()
    assert data["type"] == "transcript" and data["credits"] == "25.00"
    assert data["activities"] == 100
    assert client.get("/credits/transcript/2024.pdf").status_code == 404


def test_transcript_and_certificate_queries_do_not_grow_with_entries(
    client, create_user, login, count_queries
):
    # A commit expires what the session loaded; reading the entries after it cost a query per
    # line (206 queries for a transcript of 100 entries) until the data was read first.
    user = create_user()
    login(user)
    counts = []
    for total in (3, 30):
        made = len(counts) and 3
        for n in range(made, total):
            award(user, n + 1, title=f"Module {n + 1}", when=datetime(2026, 3, 1, tzinfo=UTC))
        client.get("/credits/transcript/2026.pdf")  # issues the missing certificates
        with count_queries() as transcript:
            assert client.get("/credits/transcript/2026.pdf").status_code == 200
        with count_queries() as certificate:
            assert client.get("/credits/1/certificate.pdf").status_code == 200
        counts.append((transcript.count, certificate.count))
    assert counts[0] == counts[1], counts
