"""Template filters and globals shared by every package."""

from decimal import Decimal

from flask import Flask

from elearning.accounts.countries import country_name
from elearning.accounts.models import Role
from elearning.markdown import render_markdown


def format_credits(value: Decimal | float | int) -> str:
    """Write credits as accreditors do: 0.50 -> "0.5", 1.00 -> "1"."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(Role=Role, country_name=country_name)
    app.jinja_env.filters.update(markdown=render_markdown, credits=format_credits)
