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


def _rows(
    summary: list[dict[str, Any]],
    rater: str,
    label_key: str,
    scales: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    def meaning(item: dict[str, Any]) -> str:
        score = item[rater]["latest"]["score"]
        steps = {s["step"]: s for s in scales.get(item["area"], [])}
        return str(steps[score][label_key]) if score in steps else ""

    return [
        {
            "label": item[label_key],
            "first": _cell(item[rater], "first"),
            "first_date": item[rater]["first"]["date"] if item[rater] else None,
            "latest": _cell(item[rater], "latest"),
            "latest_date": item[rater]["latest"]["date"] if item[rater] else None,
            "end": _cell(item[rater], "end"),
            "change": _change(item[rater]),
            "meaning": meaning(item),
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
    scales: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    scales = scales or {}
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
        "professional": _rows(summary, "professional", label_key, scales),
        "youth_view": _rows(summary, "youth", label_key, scales),
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
    scales: dict[str, list[dict[str, Any]]] | None = None,
) -> str:
    """`steps` is the general scale; `scales` each rated area's own (areas.scale)."""
    from efter.render.charts import start_vs_latest
    from efter.render.documents import Renderer

    renderer = Renderer(lang)
    title = "Status på livsområder" if lang == "da" else "Status on life areas"
    return renderer.document(
        "status.md",
        context(person, summary, every, steps, lang=lang, scales=scales),
        fmt=fmt,
        title=f"{title}: {person.name}",
        figures={"ratings": lambda: start_vs_latest(summary, lang=lang)},
    )
