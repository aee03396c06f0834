"""--growth: every row of the suite at 1,000, 10,000 and 50,000 young people, as a Markdown
table and an SVG chart for docs/performance.md.

The rule (issue 21): time grows linearly with the case file or better. A row's growth is the
exponent k in time ~ size^k between the smallest and the largest size (1 is linear; below 1,
the fixed start-up cost still shows); above LINEAR it is marked worse than linear.

The exponent and the chart use the command's own CPU time (user + system, from os.wait4),
not the wall time: the machines the suite runs on are shared, and another process's load
changes a wall time by more than the growth being judged. The table shows both.
"""

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path

from .suite import Result, Row

LINEAR = 1.15  # room for noise on a shared machine


def exponent(small: float, large: float, sizes: Sequence[int]) -> float:
    return math.log(large / small) / math.log(sizes[-1] / sizes[0])


def _cpu(result: Result | None) -> float | None:
    if result is None or not result.cpu or result.error or result.missing:
        return None
    return statistics.median(result.cpu)


def _wall(result: Result | None) -> float | None:
    if result is None or not result.wall or result.error or result.missing:
        return None
    return result.median


def _time(result: Result | None) -> float | None:
    """What the growth is judged by: the median CPU time."""
    return _cpu(result)


def worse(sizes: Sequence[int], runs: dict[int, dict[str, Result]]) -> list[str]:
    """The rows that grow worse than linearly between the smallest and the largest size."""
    found = []
    for label in runs[sizes[0]]:
        first, last = _time(runs[sizes[0]][label]), _time(runs[sizes[-1]].get(label))
        if first and last and exponent(first, last, sizes) > LINEAR:
            found.append(label)
    return found


def save(path: Path, runs: dict[int, dict[str, Result]]) -> None:
    """Every run's figures, by size and row, as JSON (--save; read back by load())."""
    data = {
        str(n): {
            label: {"wall": r.wall, "cpu": r.cpu, "rss": r.rss, "error": r.error,
                    "missing": r.missing, "section": r.row.section}
            for label, r in results.items()
        }
        for n, results in runs.items()
    }  # fmt: skip
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> tuple[list[int], dict[int, dict[str, Result]]]:
    """What save() wrote: the sizes measured and the results by size and label."""
    data = json.loads(path.read_text(encoding="utf-8"))
    runs: dict[int, dict[str, Result]] = {}
    for n, results in data.items():
        runs[int(n)] = {}
        for label, r in results.items():
            result = Result(Row(r["section"], (), None), label)
            result.wall, result.cpu, result.rss = r["wall"], r["cpu"], r["rss"]
            result.error, result.missing = r["error"], r["missing"]
            runs[int(n)][label] = result
    return sorted(runs), runs


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def table(sizes: Sequence[int], runs: dict[int, dict[str, Result]]) -> str:
    """Markdown: median wall time per size (CPU time in brackets), peak memory at the
    largest size, the growth exponent of the CPU time and the verdict."""
    labels = list(runs[sizes[0]])
    head = ["command", *(f"{n:,} young people" for n in sizes), "peak memory", "growth"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label in labels:
        found = [runs[n].get(label) for n in sizes]
        walls = [_wall(r) for r in found]
        cells = [
            f"{_ms(w)} ({_ms(_cpu(r))})" if w else "-" for w, r in zip(walls, found, strict=True)
        ]
        last = found[-1]
        peak = f"{last.peak:,.0f} MiB" if last is not None and last.peak is not None else "-"
        first, final = _time(found[0]), _time(last)
        if first and final:
            k = exponent(first, final, sizes)
            verdict = f"{k:.2f}: " + ("linear or better" if k <= LINEAR else "WORSE than linear")
        else:
            verdict = "-"
        lines.append("| " + " | ".join([f"`{label}`", *cells, peak, verdict]) + " |")
    return "\n".join(lines)


PALETTE = ("#1b6ca8", "#d1495b", "#edae49", "#00798c", "#30638e", "#66a182", "#8d5a97",
           "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#b56576", "#355070")  # fmt: skip


def chart(sizes: Sequence[int], runs: dict[int, dict[str, Result]]) -> str:
    """Plain SVG, log-log: each row's CPU time relative to its time at the smallest size,
    against the size relative to the smallest; the dashed diagonal is linear growth, and a
    line above it grows worse than linear."""
    width, height, left, top, right, bottom = 760, 520, 60, 20, 300, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    span = sizes[-1] / sizes[0]
    top_ratio = span * 4

    def x(n: int) -> float:
        return left + plot_w * math.log(n / sizes[0]) / math.log(span)

    def y(ratio: float) -> float:
        ratio = min(max(ratio, 0.5), top_ratio)
        return top + plot_h * (1 - math.log(ratio / 0.5) / math.log(top_ratio / 0.5))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>',
        f'<line x1="{x(sizes[0]):.1f}" y1="{y(1):.1f}" x2="{x(sizes[-1]):.1f}" '
        f'y2="{y(span):.1f}" stroke="grey" stroke-dasharray="5,4"/>',
        f'<text x="{x(sizes[-1]) - 4:.1f}" y="{y(span) - 6:.1f}" text-anchor="end" '
        'fill="grey">linear</text>',
    ]
    for n in sizes:
        parts.append(
            f'<text x="{x(n):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{n:,}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle">'
        "young people in the case file</text>"
    )
    for ratio in (1, 10, 100):
        if ratio <= top_ratio:
            parts.append(
                f'<text x="{left - 6}" y="{y(ratio) + 4:.1f}" text-anchor="end">{ratio}x</text>'
            )
    parts.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" transform="rotate(-90 14 {top + plot_h / 2:.1f})" '
        'text-anchor="middle">time relative to the smallest size</text>'
    )
    shown = 0
    for label in runs[sizes[0]]:
        walls = [_time(runs[n].get(label)) for n in sizes]
        if not all(walls) or label.endswith("(yardstick)"):
            continue
        colour = PALETTE[shown % len(PALETTE)]
        dash = "" if shown < len(PALETTE) else ' stroke-dasharray="2,2"'
        points = " ".join(
            f"{x(n):.1f},{y(w / walls[0]):.1f}"
            for n, w in zip(sizes, walls, strict=True)  # type: ignore[operator]
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>'
        )
        legend_y = top + 4 + shown * 14
        parts.append(
            f'<line x1="{width - right + 14}" y1="{legend_y}" x2="{width - right + 34}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        text = label.replace("&", "&amp;").replace("<", "&lt;")
        parts.append(f'<text x="{width - right + 40}" y="{legend_y + 4}">{text[:44]}</text>')
        shown += 1
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
