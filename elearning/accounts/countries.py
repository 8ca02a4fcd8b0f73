"""Countries by ISO 3166-1 alpha-2 code, as learners choose them on their profile."""

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    """Return (code, name) pairs sorted by name."""
    names = ((c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries)
    return sorted(names, key=lambda pair: pair[1])


@cache
def _names() -> dict[str, str]:
    return dict(country_choices())


def country_name(code: str) -> str:
    """Return the country's name, or the code itself when it is unknown."""
    return _names().get(code, code)
