"""Tips & Tricks: CME-credited modules with quizzes, evaluation and an editorial workflow."""

from flask import Flask

from elearning.accounts.models import Role
from elearning.navigation import NavItem, register_nav_item


def init_app(app: Flask) -> None:
    """Plug the feature into the core: pages, navigation and demo content."""
    from elearning.demo import register_demo_loader

    from . import authoring, views
    from .demo import load_demo_modules

    app.register_blueprint(views.blueprint)
    app.register_blueprint(authoring.blueprint)
    app.register_blueprint(authoring.admin_blueprint)
    register_nav_item(app, NavItem("Tips & Tricks", "courses.catalogue", order=10))
    register_nav_item(app, NavItem("Authoring", "authoring.index", role=Role.AUTHOR, order=70))
    register_nav_item(
        app, NavItem("Working groups", "working_groups.working_groups", role=Role.ADMIN, order=91)
    )
    register_demo_loader(app, load_demo_modules)
    app.extensions["recording_publisher"] = authoring.recording_module_url
