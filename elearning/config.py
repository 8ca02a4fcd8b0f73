"""Configuration read from environment variables, with safe defaults.

``load_config`` is called by the app factory; nothing here runs at import time.
"""

import os
import secrets
from pathlib import Path
from typing import Any


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver, whatever form the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, creating it on first use.

    Several workers may start at once: the key is written to a private temporary file and
    linked into place, so a reader sees either no file or the whole key, and the first writer
    wins. (Several machines need SECRET_KEY set to one value instead.)
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 so the key is never readable by other users, even briefly.
        temporary = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process got there first: its key it is
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable secret key; remove it or set SECRET_KEY.")
    return key


def load_config(instance_path: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the configuration mapping from the environment."""
    env = dict(os.environ if env is None else env)
    base_url = env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    https = base_url.startswith("https://")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'elearning.db'}"
    mail_server = env.get("MAIL_SERVER", "")
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "SITE_NAME": env.get("SITE_NAME", "Radiation Protection Learning"),
        "SITE_TIMEZONE": env.get("SITE_TIMEZONE", "Europe/Brussels"),
        # Mail: with no MAIL_SERVER, messages are written to the log (development).
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), default=bool(mail_server)),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL")),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "no-reply@localhost"),
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "10")),
        # Cookies: Secure whenever the public site is served over HTTPS.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        # Number of proxies in front of the app whose X-Forwarded-* headers are trusted.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        # Rate limits: memory by default, Redis (redis://...) when several processes serve the app.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # If the shared storage (Redis) stops answering, count in process memory meanwhile
        # rather than failing every limited request.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_LIMIT_PER_CLIENT": env.get("LOGIN_LIMIT_PER_CLIENT", "20 per 10 minutes"),
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "RESET_LIMIT": env.get("RESET_LIMIT", "5 per hour"),
        "REGISTER_LIMIT": env.get("REGISTER_LIMIT", "10 per hour"),
        # Caches (feeds): process memory by default, Redis shared by every instance in production.
        "CACHE_TYPE": (
            "elearning.cache.ResilientRedisCache" if env.get("CACHE_REDIS_URL") else "SimpleCache"
        ),
        "CACHE_REDIS_URL": env.get("CACHE_REDIS_URL", ""),
        "CACHE_KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "elearning:"),
        "CACHE_DEFAULT_TIMEOUT": 300,
        # SimpleCache prunes past this many entries; feeds cache one entry per event.
        "CACHE_THRESHOLD": 20_000,
        # Certificates.
        "CERT_PROVIDER_NAME": env.get(
            "CERT_PROVIDER_NAME", "Radiation Protection Learning (demo provider)"
        ),
        "CERT_ACCREDITATION_STATEMENT": env.get(
            "CERT_ACCREDITATION_STATEMENT",
            "This activity is designated for the number of European CME credits (ECMEC) shown. "
            "Each medical specialist should claim only those credits that he or she actually "
            "spent in the educational activity. (Demo statement: set "
            "CERT_ACCREDITATION_STATEMENT to the wording your accreditation body approved.)",
        ),
        "CERT_NUMBER_PREFIX": env.get("CERT_NUMBER_PREFIX", "RPL"),
        "VERIFY_LIMIT": env.get("VERIFY_LIMIT", "60 per minute"),
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE", "3600")),
        "PASSWORD_HASH_METHOD": "scrypt",
        "QUIZ_IMPORT_MAX_BYTES": int(env.get("QUIZ_IMPORT_MAX_BYTES", str(1024 * 1024))),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    }
