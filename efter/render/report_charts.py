"""Simple horizontal bar charts as inline SVG for printed reports: no script, no fonts or images
fetched from anywhere, every text escaped. A bar whose value is withheld (None) is drawn as
its label with the marker text and no bar, so the picture never shows what the table hides."""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from efter.render.svg import clip

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 80
ROW = 22
BAR = 14
COLOURS = ("#2f5d8a", "#7a9cc0")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # what is written after the bar ("63,6 %", "..")


def bar_chart(bars: Sequence[Bar], *, title: str, maximum: float | None = None) -> str:
    """One SVG element; bars scaled to `maximum` (default: the largest value)."""
    values = [b.value for b in bars if b.value is not None]
    top = maximum if maximum is not None else max(values, default=0.0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(bars) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>',
    ]
    for number, bar in enumerate(bars):
        y = 24 + number * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 3}" text-anchor="end">'
            f"{escape(clip(bar.label, 38))}</text>"
        )
        length = 0.0
        if bar.value is not None and top > 0:
            length = max(0.0, min(1.0, bar.value / top)) * span
        if length > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" '
                f'fill="{COLOURS[number % 2]}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + BAR - 3}">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
