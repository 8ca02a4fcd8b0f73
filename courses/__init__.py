"""Tips & Tricks: CME-credited modules with quizzes, evaluation and an editorial workflow."""

from flask import Flask

from elearning.accounts.models import Role
from elearning.navigation import NavItem, register_nav_item


def init_app(app: Flask) -> None:
    """Plug the feature into the core: pages, navigation and demo content."""
    from elearning.dashboard import DashboardSection, completed_loader, register_dashboard_section
    from elearning.demo import register_demo_loader
    from elearning.ledger.kinds import ActivityKind, register_activity_kind

    from . import authoring, operations, queries, transfer_views, views
    from .cli import modules_cli, quiz_cli
    from .demo import load_demo_modules

    app.register_blueprint(views.blueprint)
    app.register_blueprint(authoring.blueprint)
    app.register_blueprint(authoring.admin_blueprint)
    app.register_blueprint(transfer_views.blueprint)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(modules_cli)
    register_nav_item(app, NavItem("Tips & Tricks", "courses.catalogue", order=10))
    register_nav_item(app, NavItem("Authoring", "authoring.index", role=Role.AUTHOR, order=70))
    register_nav_item(
        app, NavItem("Working groups", "working_groups.working_groups", role=Role.ADMIN, order=91)
    )
    register_demo_loader(app, load_demo_modules)
    register_activity_kind(
        app,
        ActivityKind(operations.ACTIVITY_KIND, "Tips & Tricks e-learning module", views.module_url),
    )
    register_dashboard_section(
        app,
        DashboardSection(
            "modules-in-progress",
            "Modules in progress",
            "courses/dashboard_in_progress.html",
            queries.dashboard_in_progress,
            order=10,
        ),
    )
    register_dashboard_section(
        app,
        DashboardSection(
            "modules-completed",
            "Completed modules",
            "dashboard/completed.html",
            completed_loader(operations.ACTIVITY_KIND),
            order=20,
        ),
    )
    app.extensions["recording_publisher"] = authoring.recording_module_url
