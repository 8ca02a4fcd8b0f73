"""Composition root: builds the Flask application and wires the core and the features together.

``flask --app app ...`` finds ``create_app`` here.
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import courses
import webinars
from elearning import dashboard, navigation, security, site, sqlite, templating
from elearning.accounts import admin as accounts_admin
from elearning.accounts import views as accounts_views
from elearning.accounts.cli import users_cli
from elearning.accounts.queries import user_by_session_token
from elearning.certificates import views as certificate_views
from elearning.config import load_config
from elearning.demo import demo_cli
from elearning.extensions import cache, csrf, db, limiter, login_manager, migrate
from elearning.ledger import views as ledger_views


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides what the environment says (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    settings = dict(config or {})
    env_config = load_config(app.instance_path, env=settings.pop("ENVIRON", None))
    app.config.from_mapping(env_config)
    app.config.from_mapping(settings)

    _bind_extensions(app)
    _register_blueprints(app)
    site.register_error_handlers(app)
    security.init_app(app)
    _register_cli(app)
    _register_template_helpers(app)
    courses.init_app(app)
    webinars.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app


def _bind_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    sqlite.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(user_by_session_token)


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(site.blueprint)
    app.register_blueprint(accounts_views.blueprint)
    app.register_blueprint(accounts_admin.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_blueprint(ledger_views.blueprint)
    app.register_blueprint(certificate_views.blueprint)


def _register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)


def _register_template_helpers(app: Flask) -> None:
    templating.init_app(app)
    navigation.init_app(app)
