"""Building links that leave the site (mail) and checking links that come in (``next``)."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """Return an absolute URL built on the configured BASE_URL, never on the request's Host."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def safe_next(target: str | None) -> str | None:
    """Return ``target`` when it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    # Browsers treat backslashes as slashes: "/\evil.example" would leave the site.
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def site_context():
    """A request context on BASE_URL, for commands that build links outside any request."""
    return current_app.test_request_context("/", base_url=current_app.config["BASE_URL"])
