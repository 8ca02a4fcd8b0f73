"""Template filters and globals shared by every package."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_login import current_user

from elearning.accounts.countries import country_name
from elearning.accounts.models import Role
from elearning.ledger.kinds import activity_url
from elearning.markdown import render_markdown


def format_credits(value: Decimal | float | int) -> str:
    """Write credits as accreditors do: 0.50 -> "0.5", 1.00 -> "1"."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


TIME_FORMAT = "%a %d %B %Y, %H:%M"


def user_zone(user) -> ZoneInfo:
    """The zone to show a user times in: their own, else the site's."""
    zone = user is not None and user.is_authenticated and user.timezone
    return ZoneInfo(zone or current_app.config["SITE_TIMEZONE"])


def _format(value: datetime, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return f"{local.strftime(TIME_FORMAT)} {local.tzname()} ({zone.key.replace('_', ' ')})"


def local_time(value: datetime) -> str:
    """Format an aware datetime in the viewer's zone, naming the zone."""
    return _format(value, user_zone(current_user))


def local_time_for(value: datetime, user) -> str:
    """Format an aware datetime in a given user's zone (for mail)."""
    return _format(value, user_zone(user))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(Role=Role, country_name=country_name, activity_url=activity_url)
    app.jinja_env.filters.update(
        markdown=render_markdown,
        credits=format_credits,
        local_time=local_time,
        local_time_for=local_time_for,
    )
