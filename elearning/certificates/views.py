"""Downloading certificates and transcripts, and verifying them."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from elearning.accounts.models import Role, User
from elearning.extensions import db, limiter
from elearning.ledger.kinds import activity_kind
from elearning.ledger.models import CreditEntry
from elearning.urls import external_url

from . import operations, pdf
from .models import Certificate, Transcript

blueprint = Blueprint("certificates", __name__)


def _own_entry(entry_id: int) -> CreditEntry:
    """The entry, if it is the current user's (or the user is an admin); otherwise 404."""
    entry = db.session.get(CreditEntry, entry_id)
    if entry is None or not (entry.user_id == current_user.id or current_user.role is Role.ADMIN):
        abort(404)
    return entry


def _pdf(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def certificate_data(certificate: Certificate) -> pdf.CertificateData:
    config = current_app.config
    return pdf.CertificateData(
        number=certificate.number,
        learner_name=certificate.learner_name,
        activity_title=certificate.activity_title,
        activity_type=certificate.activity_type,
        group_name=certificate.group_name,
        completed_on=certificate.completed_on,
        credits=certificate.credits,
        evidence=certificate.evidence,
        provider_name=config["CERT_PROVIDER_NAME"],
        accreditation_statement=config["CERT_ACCREDITATION_STATEMENT"],
        verify_url=external_url("certificates.verify", code=certificate.code),
        issued_on=certificate.issued_at.date(),
    )


@blueprint.get("/credits/<int:entry_id>/certificate.pdf")
@login_required
def certificate(entry_id: int):
    entry = _own_entry(entry_id)
    try:
        issued = operations.issue_certificate(entry)
    except operations.CertificateError as error:
        abort(409, description=str(error))
    # Read everything before the commit, which expires what the session loaded.
    data, filename = certificate_data(issued), f"{issued.number}.pdf"
    db.session.commit()
    return _pdf(pdf.render_certificate(data), filename)


@blueprint.post("/credits/<int:entry_id>/reissue")
@login_required
def reissue(entry_id: int):
    entry = _own_entry(entry_id)
    if entry.user_id != current_user.id:
        abort(404)  # re-issuing in a new name is the learner's own decision
    try:
        issued = operations.issue_certificate(entry, reissue=True)
    except operations.CertificateError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            f"Certificate {issued.number} has been issued in the name {issued.learner_name}; "
            "the earlier one stays on record as replaced.",
            "success",
        )
    return redirect(url_for("credits.my_credits"))


@blueprint.get("/credits/transcript/<int:year>.pdf")
@login_required
def transcript(year: int):
    return _transcript_for(current_user, year)


@blueprint.get("/admin/users/<int:user_id>/transcript/<int:year>.pdf")
@login_required
def user_transcript(user_id: int, year: int):
    if current_user.role is not Role.ADMIN:
        abort(404)
    return _transcript_for(db.session.get(User, user_id) or abort(404), year)


def _transcript_for(user: User, year: int):
    try:
        issued, entries = operations.issue_transcript(user, year)
    except operations.CertificateError as error:
        abort(404, description=str(error))
    certificates = operations.certificates_for(entries)
    config = current_app.config
    data = pdf.TranscriptData(
        learner_name=issued.learner_name,
        year=year,
        lines=tuple(
            pdf.TranscriptLine(
                completed_on=e.awarded_at.date(),
                title=e.title,
                activity_type=activity_kind(e.activity_kind).label,
                group_name=e.group_name,
                credits=e.credits,
                certificate_number=certificates[e.id].number,
            )
            for e in entries
        ),
        total=issued.total,
        provider_name=config["CERT_PROVIDER_NAME"],
        accreditation_statement=config["CERT_ACCREDITATION_STATEMENT"],
        verify_url=external_url("certificates.verify", code=issued.code),
        number=issued.number,
        issued_on=issued.issued_at.date(),
    )
    filename = f"{issued.number}.pdf"
    # Committed once the data is read: a commit expires every loaded row, and reading the
    # entries again afterwards would cost a query per line.
    db.session.commit()
    return _pdf(pdf.render_transcript(data), filename)


def _lookup(code: str):
    code = code.strip().lower()
    if not code.isalnum() or len(code) > 40:
        abort(404)
    found = db.session.scalar(select(Certificate).where(Certificate.code == code))
    if found is None:
        found = db.session.scalar(select(Transcript).where(Transcript.code == code))
    return found or abort(404)


def _facts(found) -> dict:
    if isinstance(found, Certificate):
        entry = found.entry
        status = "revoked" if entry.is_revoked else ("replaced" if found.superseded_at else "valid")
        return {
            "type": "certificate",
            "status": status,
            "number": found.number,
            "learner": found.learner_name,
            "activity": found.activity_title,
            "activity_type": found.activity_type,
            "group": found.group_name,
            "date": found.completed_on.isoformat(),
            "credits": f"{found.credits:.2f}",
            "issued": found.issued_at.date().isoformat(),
            "revoked_on": entry.revoked_at.date().isoformat() if entry.is_revoked else None,
        }
    revoked = db.session.scalars(
        select(CreditEntry).where(
            CreditEntry.id.in_(found.entry_ids), CreditEntry.revoked_at.is_not(None)
        )
    ).all()
    return {
        "type": "transcript",
        "status": "partly revoked" if revoked else "valid",
        "number": found.number,
        "learner": found.learner_name,
        "year": found.year,
        "activities": len(found.entry_ids),
        "credits": f"{found.total:.2f}",
        "issued": found.issued_at.date().isoformat(),
        "revoked_activities": [e.title for e in revoked],
    }


@blueprint.get("/verify/<code>")
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT"])
def verify(code: str):
    return render_template("certificates/verify.html", facts=_facts(_lookup(code)))


@blueprint.get("/verify/<code>.json")
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT"])
def verify_json(code: str):
    response = jsonify(_facts(_lookup(code)))
    response.headers["Access-Control-Allow-Origin"] = "*"  # other systems may check from anywhere
    return response
