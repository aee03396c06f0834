"""Charts for printed documents, drawn as inline SVG strings: no network, no script, no fonts
to fetch. Every piece of text is escaped, so a label such as `<b>Bolig</b>` prints as typed.

The SVG carries no xmlns: it lives inside an HTML page, where the parser places it.
"""

from html import escape
from typing import Any

from efter.render.svg import clip

START_FILL = "#b9c6d8"
LATEST_FILL = "#1f4e79"
TEXT = "#111111"
GRID = "#c8c8c8"
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'

WORDS = {
    "da": {
        "title": "Første og seneste vurdering pr. livsområde (1–5)",
        "first": "Første",
        "latest": "Seneste",
        "professional": "Fagpersonernes vurdering",
        "youth": "Den unges egen vurdering",
        "none": "ingen",
    },
    "en": {
        "title": "First and latest rating per life area (1–5)",
        "first": "First",
        "latest": "Latest",
        "professional": "The professionals' rating",
        "youth": "The young person's own rating",
        "none": "none",
    },
}


def _text(x: float, y: float, text: str, *, size: int = 11, anchor: str = "start",
          weight: str = "normal", fill: str = TEXT) -> str:  # fmt: skip
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text, quote=True)}</text>'
    )


def start_vs_latest(rows: list[dict[str, Any]], *, lang: str = "da") -> str:
    """Horizontal bars per life area: the first rating against the latest, one panel per rater
    who has rated (the professionals' and the young person's views side by side).

    rows: efter.core.ratings.summary() items.
    """
    words = WORDS["da" if lang == "da" else "en"]
    raters = [r for r in ("professional", "youth") if any(row[r] for row in rows)]
    label_key = "label_da" if lang == "da" else "label_en"
    width, label_w, gap = 680, 190, 16
    top, row_h, bar_h = 58, 28, 9
    panels = max(len(raters), 1)
    panel_w = (width - label_w - gap * panels) / panels
    height = top + row_h * len(rows) + 30
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(words["title"], quote=True)}" {FONT}>',
        f"<title>{escape(words['title'])}</title>",
        _text(0, 16, words["title"], size=13, weight="bold"),
        # legend
        f'<rect x="0" y="26" width="12" height="{bar_h}" fill="{START_FILL}"/>',
        _text(17, 34, words["first"]),
        f'<rect x="80" y="26" width="12" height="{bar_h}" fill="{LATEST_FILL}"/>',
        _text(97, 34, words["latest"]),
    ]
    for index, row in enumerate(rows):
        y = top + row_h * index
        parts.append(_text(0, y + 17, clip(str(row[label_key]), 30)))
    for number, rater in enumerate(raters):
        x0 = label_w + number * (panel_w + gap)
        unit = (panel_w - 24) / 5
        parts.append(_text(x0, top - 6, words[rater], weight="bold"))
        bottom = top + row_h * len(rows)
        for step in range(0, 6):
            x = x0 + step * unit
            parts.append(
                f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{bottom:g}" '
                f'stroke="{GRID}" stroke-width="0.8"/>'
            )
            if step:
                parts.append(_text(x, bottom + 14, str(step), size=10, anchor="middle"))
        for index, row in enumerate(rows):
            y = top + row_h * index + 4
            path = row[rater]
            if not path:
                parts.append(_text(x0 + 4, y + 13, words["none"], size=10, fill="#666666"))
                continue
            for offset, key, fill in ((0, "first", START_FILL), (bar_h + 2, "latest", LATEST_FILL)):
                score = int(path[key]["score"])
                length = score * unit
                parts.append(
                    f'<rect x="{x0:g}" y="{y + offset:g}" width="{length:g}" height="{bar_h}" '
                    f'fill="{fill}"/>'
                )
                parts.append(_text(x0 + length + 3, y + offset + 8, str(score), size=9))
    parts.append("</svg>")
    return "".join(parts)
