"""The document "Status på livsområder": a table per rater in Markdown, and in HTML also an
inline SVG chart of the first against the latest rating per area."""

from typing import Any

from efter.core import clock
from efter.render.documents import Markdown


def _cell(path: dict[str, Any] | None, key: str) -> str:
    if not path or not path.get(key):
        return "–"
    return str(path[key]["score"])


def _change(path: dict[str, Any] | None) -> str:
    if not path or path["change"] is None:
        return "–"
    value = int(path["change"])
    # Made by efter, not typed by a user: a leading '+' must not be escaped as a list marker.
    return Markdown(f"+{value}" if value > 0 else ("0" if value == 0 else f"−{abs(value)}"))


def _rows(summary: list[dict[str, Any]], rater: str, label_key: str) -> list[dict[str, Any]]:
    return [
        {
            "label": item[label_key],
            "first": _cell(item[rater], "first"),
            "first_date": item[rater]["first"]["date"] if item[rater] else None,
            "latest": _cell(item[rater], "latest"),
            "latest_date": item[rater]["latest"]["date"] if item[rater] else None,
            "end": _cell(item[rater], "end"),
            "change": _change(item[rater]),
        }
        for item in summary
        if item[rater]
    ]


def context(
    person: Any,
    summary: list[dict[str, Any]],
    every: list[dict[str, Any]],
    steps: list[dict[str, Any]],
    *,
    lang: str,
) -> dict[str, Any]:
    label_key = "label_da" if lang == "da" else "label_en"
    current = sorted(r["date"] for r in every if r["replaced_by"] is None)
    return {
        "youth": {
            "id": person.id,
            "name": person.name,
            "ref": person.ref,
            "born": person.born,
            "coordinator": person.coordinator,
            "programme": person.programme,
        },
        "today": clock.today().isoformat(),
        "scale": [{"step": s["step"], "label": s[label_key]} for s in steps],
        "rated": bool(summary),
        "first_date": current[0] if current else None,
        "latest_date": current[-1] if current else None,
        "professional": _rows(summary, "professional", label_key),
        "youth_view": _rows(summary, "youth", label_key),
        "differences": [
            {
                "label": item[label_key],
                "youth": item["youth"]["latest"]["score"],
                "professional": item["professional"]["latest"]["score"],
                "difference": item["difference"],
            }
            for item in summary
            if item["difference"]
        ],
        "both_rated": any(item["difference"] is not None for item in summary),
    }


def status_document(
    person: Any,
    summary: list[dict[str, Any]],
    every: list[dict[str, Any]],
    steps: list[dict[str, Any]],
    *,
    lang: str = "da",
    fmt: str = "md",
) -> str:
    from efter.render.charts import start_vs_latest
    from efter.render.documents import Renderer

    renderer = Renderer(lang)
    title = "Status på livsområder" if lang == "da" else "Status on life areas"
    return renderer.document(
        "status.md",
        context(person, summary, every, steps, lang=lang),
        fmt=fmt,
        title=f"{title}: {person.name}",
        figures={"ratings": lambda: start_vs_latest(summary, lang=lang)},
    )
