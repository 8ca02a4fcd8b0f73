"""A bar chart of credits per year, as inline SVG. Pure: no Flask, no database."""

from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD, AXIS = 560, 220, 16, 28


def credits_chart(per_year: list[tuple[int, Decimal]], goal: Decimal) -> str:
    """Return an accessible SVG (role="img" with a title) of credits per year and the goal line."""
    if not per_year:
        return ""
    top = max([*(c for _, c in per_year), goal, Decimal(1)]) * Decimal("1.1")
    inner_h = HEIGHT - PAD - AXIS
    slot = (WIDTH - 2 * PAD) / len(per_year)
    bar = min(56.0, slot * 0.6)
    summary = ", ".join(f"{year}: {_fmt(c)} ECMEC" for year, c in per_year)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">Credits per year: {escape(summary)}</title>',
        f'<line x1="{PAD}" y1="{HEIGHT - AXIS}" x2="{WIDTH - PAD}" y2="{HEIGHT - AXIS}" '
        'class="chart-axis"/>',
    ]
    for n, (year, value) in enumerate(per_year):
        h = float(value / top) * inner_h
        x = PAD + n * slot + (slot - bar) / 2
        y = HEIGHT - AXIS - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="chart-bar"/>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{max(y - 4, 12):.1f}" '
            f'class="chart-value">{_fmt(value)}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" class="chart-label">{year}</text>'
        )
    goal_y = HEIGHT - AXIS - float(goal / top) * inner_h
    parts.append(
        f'<line x1="{PAD}" y1="{goal_y:.1f}" x2="{WIDTH - PAD}" y2="{goal_y:.1f}" '
        'class="chart-goal"/>'
    )
    parts.append(
        f'<text x="{WIDTH - PAD}" y="{goal_y - 4:.1f}" class="chart-goal-label">'
        f"goal {_fmt(goal)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: Decimal) -> str:
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".") or "0"
