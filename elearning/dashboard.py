"""The learner's dashboard. The core shows credits; features add sections at start-up."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from elearning.chart import credits_chart
from elearning.extensions import db
from elearning.ledger import queries as ledger_queries
from elearning.types import utcnow

blueprint = Blueprint("dashboard", __name__)


@dataclass(frozen=True)
class DashboardSection:
    """A part of the dashboard: ``load(user)`` returns the template's context, in a fixed
    number of queries whatever the learner's history."""

    key: str
    title: str
    template: str
    load: Callable[[Any], dict]
    order: int = 50


def register_dashboard_section(app: Flask, section: DashboardSection) -> None:
    sections = app.extensions.setdefault("dashboard_sections", [])
    sections.append(section)
    sections.sort(key=lambda s: s.order)


def completed_loader(kind: str) -> Callable[[Any], dict]:
    """A section listing the learner's latest credit entries of one activity kind."""

    def load(user) -> dict:
        entries, count = ledger_queries.recent_entries(user, kind)
        return {"entries": entries, "count": count}

    return load


@blueprint.get("/dashboard")
@login_required
def dashboard():
    year = utcnow().year
    summary = ledger_queries.credit_summary(current_user, year)
    goal = current_user.credit_goal
    sections = [
        (section, section.load(current_user))
        for section in current_app.extensions.get("dashboard_sections", [])
    ]
    return render_template(
        "dashboard.html",
        year=year,
        summary=summary,
        goal=goal,
        progress=min(int(summary.this_year * 100 / goal), 100) if goal else 0,
        chart=Markup(credits_chart(summary.per_year, goal)),  # noqa: S704 - built from numbers
        sections=sections,
    )


@blueprint.post("/dashboard/goal")
@login_required
def set_goal():
    try:
        goal = Decimal(request.form.get("goal", "").strip().replace(",", "."))
    except InvalidOperation:
        goal = Decimal(-1)
    if not goal.is_finite() or not Decimal(1) <= goal <= Decimal(500):
        flash("The yearly goal is a number of credits from 1 to 500.", "error")
    else:
        current_user.credit_goal = goal.quantize(Decimal("0.01"))
        db.session.commit()
        flash("Your yearly credit goal has been saved.", "success")
    return redirect(url_for(".dashboard"))
