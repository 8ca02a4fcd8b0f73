"""Webinars: series and sessions across time zones, registration, iCal feeds, recordings and
attendance credits."""

from flask import Flask

from elearning.accounts.models import Role
from elearning.navigation import NavItem, register_nav_item


def init_app(app: Flask) -> None:
    """Plug the feature into the core: pages, navigation, CLI and demo content."""
    from elearning.dashboard import DashboardSection, completed_loader, register_dashboard_section
    from elearning.demo import register_demo_loader
    from elearning.ledger.kinds import ActivityKind, register_activity_kind

    from . import operations, organising, views
    from .cli import webinars_cli
    from .demo import load_demo_webinars

    app.register_blueprint(views.blueprint)
    app.register_blueprint(organising.blueprint)
    app.cli.add_command(webinars_cli)
    register_nav_item(app, NavItem("Webinars", "webinars.index", order=20))
    register_nav_item(
        app, NavItem("My calendar", "webinars.my_calendar", role=Role.LEARNER, order=30)
    )
    register_nav_item(app, NavItem("Organise", "organising.index", role=Role.ORGANISER, order=80))
    register_demo_loader(app, load_demo_webinars)
    register_activity_kind(
        app, ActivityKind(operations.ACTIVITY_KIND, "Live webinar", views.session_url)
    )
    register_dashboard_section(
        app,
        DashboardSection(
            "webinars-upcoming",
            "Upcoming webinars",
            "webinars/dashboard_upcoming.html",
            views.dashboard_upcoming,
            order=30,
        ),
    )
    register_dashboard_section(
        app,
        DashboardSection(
            "webinars-attended",
            "Attended webinars",
            "dashboard/completed.html",
            completed_loader(operations.ACTIVITY_KIND),
            order=40,
        ),
    )
