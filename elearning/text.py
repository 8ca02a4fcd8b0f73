"""Small text helpers shared by every package."""

import re
import unicodedata


def slugify(text: str, limit: int = 72, fallback: str = "item") -> str:
    """Make a URL slug of whole words, at most ``limit`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug or fallback


def like_pattern(text: str) -> str:
    """A case-folded LIKE pattern matching ``text`` anywhere; use with ``escape="\\"``.

    The user's % and _ are escaped, so they match themselves rather than anything.
    """
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
