"""Activity kinds: features tell the core what their ledger entries are and where they live."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class ActivityKind:
    name: str  # as stored in CreditEntry.activity_kind
    label: str  # as printed on certificates, e.g. "Tips & Tricks e-learning module"
    url: Callable[[int], str | None]  # the activity's page, from its id


def register_activity_kind(app: Flask, kind: ActivityKind) -> None:
    app.extensions.setdefault("activity_kinds", {})[kind.name] = kind


def activity_kind(name: str) -> ActivityKind:
    """The registered kind, or a plain stand-in for one no feature claims any more."""
    kinds = current_app.extensions.get("activity_kinds", {})
    return kinds.get(name) or ActivityKind(
        name, name.replace("_", " ").capitalize(), lambda _: None
    )


def all_kinds() -> list[ActivityKind]:
    return list(current_app.extensions.get("activity_kinds", {}).values())


def activity_url(entry) -> str | None:
    """The page of a ledger entry's activity, if its feature still offers one."""
    return activity_kind(entry.activity_kind).url(entry.activity_id)
