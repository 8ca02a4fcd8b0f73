"""Password policy: length bounds and a list of common passwords shipped with the app."""

import gzip
from functools import cache
from pathlib import Path

MIN_LENGTH = 8
MAX_LENGTH = 128
_LIST = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower-cased."""
    with gzip.open(_LIST, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def password_problem(password: str, *, email: str = "", full_name: str = "") -> str | None:
    """Say what is wrong with a new password, or return None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "This password is too common; choose one that is harder to guess."
    if email and lowered == email.lower():
        return "The password must not be your email address."
    if full_name and lowered == full_name.lower():
        return "The password must not be your name."
    return None
