"""Webinars: series and sessions across time zones, registration, iCal feeds, recordings and
attendance credits."""

from flask import Flask

from elearning.accounts.models import Role
from elearning.navigation import NavItem, register_nav_item


def init_app(app: Flask) -> None:
    """Plug the feature into the core: pages, navigation, CLI and demo content."""
    from elearning.demo import register_demo_loader

    from . import organising, views
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
