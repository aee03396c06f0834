"""The network map (netværkskort) as an inline SVG: the young person in the middle, three rings
for closeness (tæt, mellem, fjern: recorded per person, the middle ring when not recorded),
the people in three groups (professionals above, family below left, other adults and friends
below right), each on their ring and joined to the centre. Plain SVG 1.1, no scripts, no fonts fetched; every
piece of text is XML-escaped, so a name is printed exactly as typed."""

import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from efter.render.svg import clip

WIDTH, HEIGHT = 760, 640
CX, CY = WIDTH / 2, HEIGHT / 2 + 6
RINGS = {"close": 110.0, "middle": 180.0, "distant": 250.0}
RING_NAMES = {
    "close": ("Tæt", "Close"),
    "middle": ("Mellem", "Middle"),
    "distant": ("Fjern", "Distant"),
}
# group -> (first angle, last angle) in degrees, 0 = right, 90 = down (SVG's y grows down)
SECTORS = {"team": (200.0, 340.0), "family": (110.0, 170.0), "others": (10.0, 70.0)}
COLOURS = {"team": "#2f6f9f", "family": "#b0562b", "others": "#4d8a3c"}
TITLES = {
    "team": ("Fagpersoner", "Professionals"),
    "family": ("Familie", "Family"),
    "others": ("Andre voksne og venner", "Other adults and friends"),
}
TITLE_AT = {"team": (CX, 22), "family": (120, HEIGHT - 14), "others": (WIDTH - 120, HEIGHT - 14)}


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f" {key.replace('_', '-')}={quoteattr(value)}" for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(clip(text, 26))}</text>'


def people(data: dict[str, Any], lang: str) -> dict[str, list[tuple[str, str, str]]]:
    """(name, role, ring) per group, the coordinator first among the professionals."""
    groups: dict[str, list[tuple[str, str, str]]] = {"team": [], "family": [], "others": []}
    if data.get("coordinator"):
        groups["team"].append(
            (data["coordinator"], "Koordinator" if lang == "da" else "Coordinator", "middle")
        )
    for person in [*data["team"], *data["network"]]:
        ring = person.get("closeness") or "middle"
        groups[person["group"]].append((person["name"], person["role_label"], ring))
    return groups


def network_svg(data: dict[str, Any], lang: str) -> str:
    groups = people(data, lang)
    title = "Netværkskort" if lang == "da" else "Network map"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label={quoteattr(title)} '
        'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="12">',
        f"<title>{escape(title)}: {escape(str(data['youth']['name']))}</title>",
    ]
    for ring, radius in RINGS.items():
        parts.append(
            f'<circle cx="{CX:.1f}" cy="{CY:.1f}" r="{radius:.1f}" fill="none" '
            'stroke="#bbb" stroke-width="1" stroke-dasharray="4 4"/>'
        )
        name = RING_NAMES[ring][0 if lang == "da" else 1]
        parts.append(
            # At three o'clock: the gap between the professionals and the other adults.
            _text(CX + radius - 4, CY + 4, name, text_anchor="end", fill="#888", font_size="10")
        )
    nodes: list[str] = []
    for group, members in groups.items():
        colour = COLOURS[group]
        tx, ty = TITLE_AT[group]
        label = TITLES[group][0 if lang == "da" else 1]
        parts.append(_text(tx, ty, label, text_anchor="middle", font_weight="bold", fill=colour))
        if not members:
            continue
        first, last = SECTORS[group]
        step = (last - first) / (len(members) - 1) if len(members) > 1 else 0.0
        for n, (name, role, ring) in enumerate(members):
            angle = math.radians((first + last) / 2 if len(members) == 1 else first + n * step)
            radius = RINGS[ring]
            x, y = CX + radius * math.cos(angle), CY + radius * math.sin(angle)
            parts.append(
                f'<line x1="{CX:.1f}" y1="{CY:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="1.2" opacity="0.7"/>'
            )
            # Labels on the outer side of the node, away from the line to the centre; in a
            # crowded group every other label goes on the other side, so they do not meet.
            outer = (math.sin(angle) < 0) != (len(members) > 4 and n % 2 == 1)
            name_y, role_y = (y - 26, y - 12) if outer else (y + 22, y + 36)
            nodes.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"/>'
                + _text(x, name_y, name, text_anchor="middle", font_weight="bold")
                + _text(x, role_y, role, text_anchor="middle", fill="#444", font_size="11")
            )
    parts += nodes
    centre = clip(data["youth"]["name"], 26)
    rx = max(46.0, 8.0 + 4.2 * len(centre))
    parts.append(
        f'<ellipse cx="{CX:.1f}" cy="{CY:.1f}" rx="{rx:.1f}" ry="34" fill="#fff" '
        'stroke="#222" stroke-width="2"/>'
    )
    parts.append(
        _text(CX, CY + 5, data["youth"]["name"], text_anchor="middle", font_weight="bold",
              font_size="13")
    )  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)
