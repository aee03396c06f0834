"""Plain-text tables without importing rich: the same characters rich prints, at a fraction
of the cost (rich's import and per-cell work is 60 ms for a small table, seconds for thousands
of rows).

It reproduces exactly what `common.table` drew with rich (`Table(box=SIMPLE_HEAD,
pad_edge=False, title_justify="left")`, columns with `overflow="fold"`, every cell plain
`Text`) for text whose every character is one terminal cell wide; `simple()` says when that
holds, and the caller falls back to rich otherwise. tests/test_grid.py compares the two on
random tables. The algorithms below follow rich's `Table._calculate_column_widths`,
`Table._collapse_widths`, `rich._ratio.ratio_reduce` and `rich._wrap.divide_line`.
"""

import os
import re
import sys
from collections.abc import Sequence
from itertools import pairwise

# Characters that are one cell wide in rich and need no special handling: printable ASCII,
# Latin-1 and Latin Extended (Danish letters), general punctuation such as – and …, and €.
_SIMPLE = re.compile(r"[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e\u20ac]*")
_WORD = re.compile(r"\s*\S+\s*")


def simple(text: str) -> bool:
    return _SIMPLE.fullmatch(text) is not None


def console_width() -> int:
    """The width rich's Console would use for stdout (COLUMNS, then the terminal, then 80)."""
    environ = os.environ
    columns = environ.get("COLUMNS")
    lines = environ.get("LINES")
    fixed = int(columns) if columns is not None and columns.isdigit() else None
    if fixed is not None and lines is not None and lines.isdigit():
        return fixed
    if environ.get("TERM", "").lower() in ("dumb", "unknown") and _is_terminal():
        return 80
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    if fixed is not None:
        return fixed
    return width or 80


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def color() -> bool:
    """Whether rich would style the output: a terminal, colour not turned off."""
    environ = os.environ
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    return _is_terminal()


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    total_remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total_remaining / total_ratio))
            result.append(value - distributed)
            total_remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    while total and excess > 0:
        widest = max(widths)
        second = max(width if width != widest else 0 for width in widths)
        difference = widest - second
        ratios = [1 if width == widest else 0 for width in widths]
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _divide(text: str, width: int) -> list[int]:
    """Where rich breaks `text` to fit `width` cells, folding words that are too long."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[i : i + width] for i in range(0, len(word), width)] or [""]
            for index, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if index == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: str, width: int) -> list[str]:
    """`text` as rich folds it into lines of exactly `width` cells (left-justified)."""
    if len(text) <= width:
        return [text.ljust(width)]
    if width <= 0:
        return [""]
    cuts = [0, *_divide(text, width), len(text)]
    return [text[a:b][:width].ljust(width) for a, b in pairwise(cuts)]


def _pads(count: int) -> list[tuple[int, int]]:
    """Left and right padding of each column: (0, 1) cells, none at the table's edges."""
    return [(0 if n == 0 else 1, 0 if n == count - 1 else 1) for n in range(count)]


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None,
    width: int,
    edge: bool = True,
) -> str | None:
    """The table as rich prints it with SIMPLE_HEAD, pad_edge=False, show_edge=edge, fold, no
    styles; None when the terminal is too narrow to give every column a cell (rich's corner
    cases)."""
    count = len(columns)
    pads = _pads(count)
    extra = (2 if edge else 0) + count - 1
    max_width = width - extra
    longest = [len(header) for header in columns]
    for n, cells in enumerate(zip(*rows, strict=True)):
        longest[n] = max(longest[n], *map(len, cells))
    widths = [_fit(longest[n], sum(pads[n]), max_width) or 1 for n in range(count)]
    if sum(widths) > max_width:
        widths = _collapse(widths, max_width)
        if sum(widths) > max_width:
            widths = _ratio_reduce(sum(widths) - max_width, [1] * count, widths, widths)
        widths = [_fit(longest[n], sum(pads[n]), w) for n, w in enumerate(widths)]
    for n, (left, right) in enumerate(pads):
        if widths[n] - left - right < 1 and (longest[n] or widths[n] != left + right):
            return None  # rich's corner cases for a terminal too narrow for the table
    table_width = sum(widths) + extra
    out: list[str] = []
    if title:
        out.extend(wrap(title, table_width))
    side = " " if edge else ""
    if edge:
        out.append(" " * table_width)
    bold = color()
    out.extend(_row(columns, widths, pads, bold, side, bottom=True))
    out.append(side + "─" * (sum(widths) + count - 1) + side)
    inner = [width - left - right for width, (left, right) in zip(widths, pads, strict=True)]
    if all(n <= w for n, w in zip(longest, inner, strict=True)) and min(inner) > 0:
        # Every cell fits on one line (the common case, and the one long lists are made of):
        # one template, left-justified as _row does.
        template = (
            side
            + " ".join(
                " " * left + f"{{:<{w}}}" + " " * right
                for w, (left, right) in zip(inner, pads, strict=True)
            )
            + side
        )
        out.extend(template.format(*row) for row in rows)
    else:
        for row in rows:
            out.extend(_row(row, widths, pads, False, side))
    if edge:
        out.append(" " * table_width)
    return "\n".join(out) + "\n"


def _fit(content: int, pad: int, max_width: int) -> int:
    """A column's width as rich measures it: content plus padding, at most max_width."""
    if max_width < 1:
        return 0
    if max_width - pad < 1:
        return max_width
    return min(min(content, max_width - pad) + pad, max_width)


def _row(
    cells: Sequence[str],
    widths: list[int],
    pads: list[tuple[int, int]],
    bold: bool,
    side: str,
    *,
    bottom: bool = False,
) -> list[str]:
    """One row's lines; cells align to the top, header cells to the bottom (as rich does)."""
    columns = list(zip(cells, widths, pads, strict=True))
    if not bold and all(len(cell) <= w - a - b for cell, w, (a, b) in columns):
        # Every cell fits on one line: the common case, and the one long lists are made of.
        cells_line = " ".join(
            " " * a + cell.ljust(w - a - b) + " " * b for cell, w, (a, b) in columns
        )
        return [side + cells_line + side]
    blocks = []
    for cell, width, (left, right) in columns:
        inner = width - left - right
        lines = wrap(cell, inner) if inner > 0 else [""]
        if bold:
            lines = [f"\x1b[1m{line}\x1b[0m" for line in lines]
        blocks.append([" " * left + line + " " * right for line in lines])
    height = max(len(block) for block in blocks)
    if bottom:
        blocks = [[" " * widths[n]] * (height - len(b)) + b for n, b in enumerate(blocks)]
    return [
        side
        + " ".join(
            block[i] if i < len(block) else " " * widths[n] for n, block in enumerate(blocks)
        )
        + side
        for i in range(height)
    ]
