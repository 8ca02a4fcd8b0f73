"""The main navigation. The core and each feature register their entries at start-up."""

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from elearning.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    role: Role | None = None  # None: everyone, signed in or not
    order: int = 50


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def register_nav_item(app: Flask, item: NavItem) -> None:
    """Add an entry to the main navigation, shown to users holding ``item.role``."""
    items = app.extensions.setdefault("nav_items", [])
    items.append(item)
    items.sort(key=lambda i: i.order)


def main_nav() -> list[NavLink]:
    """Return the links the current user may follow, marking the current page."""
    links = []
    for item in current_app.extensions.get("nav_items", []):
        if item.role is not None and not (
            current_user.is_authenticated and current_user.has_role(item.role)
        ):
            continue
        url = url_for(item.endpoint)
        current = request.endpoint == item.endpoint
        links.append(NavLink(item.label, url, current))
    return links


def init_app(app: Flask) -> None:
    app.jinja_env.globals["main_nav"] = main_nav
    register_nav_item(app, NavItem("Home", "site.home", order=0))
    register_nav_item(app, NavItem("Dashboard", "dashboard.dashboard", role=Role.LEARNER, order=5))
    register_nav_item(app, NavItem("My credits", "credits.my_credits", role=Role.LEARNER, order=40))
    register_nav_item(app, NavItem("Users", "admin_users.index", role=Role.ADMIN, order=90))
    register_nav_item(app, NavItem("Credits ledger", "credits.ledger", role=Role.ADMIN, order=92))
