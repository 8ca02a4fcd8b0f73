"""Access checks and the security headers sent with every response."""

from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, abort, request
from flask_login import current_user, login_required

from elearning.accounts.models import Role

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Module bodies may show images referenced by URL.
        "img-src 'self' data: https:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def role_required(role: Role) -> Callable:
    """Let only signed-in users holding ``role`` (or admins) through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403, description=f"This page is for users with the {role.label} role.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages of signed-in users must not be kept by shared caches.
    if current_user.is_authenticated and "Cache-Control" not in headers:
        headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
