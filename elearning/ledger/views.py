"""The learner's credit record, and the administrators' ledger, revocation and export."""

from datetime import UTC, date, datetime, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from elearning.accounts.countries import country_name
from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.pagination import paginate
from elearning.security import role_required
from elearning.types import utcnow

from . import queries
from .export import csv_lines
from .forms import RevokeForm
from .kinds import activity_kind, all_kinds
from .models import CreditEntry
from .operations import LedgerError, revoke_entry

blueprint = Blueprint("credits", __name__)


@blueprint.get("/credits")
@login_required
def my_credits():
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    entries = queries.learner_entries(current_user, page)
    summary = queries.credit_summary(current_user, utcnow().year)
    return render_template(
        "ledger/my_credits.html", entries=entries, summary=summary, kind=activity_kind
    )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        abort(400, description=f"{value!r} is not a date (use YYYY-MM-DD).")


def _filters():
    args = request.args
    start, end = _day(args.get("from")), _day(args.get("to"))
    if start and end and end < start:
        abort(400, description="The end of the period is before its start.")
    return {
        "start": datetime.combine(start, datetime.min.time(), UTC) if start else None,
        # "to" is inclusive: the whole of that day counts.
        "end": datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC) if end else None,
        "kind": args.get("kind", "")[:32],
        "group": args.get("group", "")[:120],
    }


@blueprint.get("/admin/credits/")
@role_required(Role.ADMIN)
def ledger():
    filters = _filters()
    search = request.args.get("q", "")[:100]
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    query = (
        queries.ledger_query(**filters, search=search)
        .order_by(None)
        .order_by(CreditEntry.awarded_at.desc(), CreditEntry.id.desc())
    )
    entries = paginate(query, page=page, per_page=50)
    filter_args = {
        k: v for k, v in request.args.items() if k in ("from", "to", "kind", "group") and v
    }
    return render_template(
        "ledger/admin_ledger.html",
        entries=entries,
        args=request.args,
        kinds=all_kinds(),
        groups=queries.group_names(),
        kind=activity_kind,
        export_args=filter_args,
        page_args={**filter_args, **({"q": search} if search else {})},
    )


@blueprint.get("/admin/credits/<int:entry_id>")
@role_required(Role.ADMIN)
def entry(entry_id: int):
    entry = db.session.get(CreditEntry, entry_id) or abort(404)
    return render_template(
        "ledger/admin_entry.html",
        entry=entry,
        events=queries.entry_events(entry),
        kind=activity_kind(entry.activity_kind),
        form=RevokeForm(),
    )


@blueprint.post("/admin/credits/<int:entry_id>/revoke")
@role_required(Role.ADMIN)
def revoke(entry_id: int):
    entry = db.session.get(CreditEntry, entry_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash("Give the reason for revoking these credits.", "error")
    else:
        try:
            revoke_entry(entry, current_user, form.reason.data)
        except LedgerError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("The credits have been revoked; the certificate now shows it.", "success")
    return redirect(url_for(".entry", entry_id=entry_id))


@blueprint.get("/admin/credits/export.csv")
@role_required(Role.ADMIN)
def export():
    query = queries.export_query(**_filters())
    countries: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def rows():
        # Streamed in batches from a server-side cursor: memory stays flat for any period.
        for row in db.session.execute(query.execution_options(yield_per=1000)):
            if row.country not in countries:
                countries[row.country] = country_name(row.country)
            if row.activity_kind not in kinds:
                kinds[row.activity_kind] = activity_kind(row.activity_kind).label
            yield [
                row.full_name,
                row.email,
                row.profession.label,
                countries[row.country],
                row.title,
                kinds[row.activity_kind],
                row.group_name,
                row.awarded_at.strftime("%Y-%m-%d %H:%M"),
                f"{row.credits:.2f}",
                row.evidence,
                "revoked" if row.revoked_at is not None else "valid",
                row.revocation_reason,
            ]

    stamp = utcnow().strftime("%Y%m%d")
    return Response(
        stream_with_context(csv_lines(rows())),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="cme-ledger-{stamp}.csv"',
            "Cache-Control": "private, no-store",
        },
    )
