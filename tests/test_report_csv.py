"""A report's --csv, written column by column (efter.cli.reports._csv_lines), is exactly what
the csv module writes for the same rows: the csv module itself writes a section holding a
cell it would quote (or a value of another type)."""

import csv
import io
import sys
from itertools import repeat
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.cli.reports import _write_csv
from efter.core.rows import Rows

texts = st.text(max_size=6) | st.sampled_from(["a,b", 'say "hi"', "x\ny", "x\ry", "%s", "%", ""])
plain = st.none() | st.integers() | st.floats() | st.booleans() | texts
lists = st.lists(st.integers() | st.floats(allow_nan=False) | texts, max_size=2)
keys = st.sampled_from(["id", "name", "count", "share", "%d", "milestones"])


def _column(kind: Any, count: int) -> Any:
    return st.lists(kind, min_size=count, max_size=count)


@st.composite
def sections(draw: Any) -> list[Any]:
    out = []
    for n in range(draw(st.integers(min_value=1, max_value=3))):
        count = draw(st.integers(min_value=0, max_value=4))
        chosen = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
        kinds = st.sampled_from(
            [st.integers(min_value=0, max_value=30), st.none() | st.integers(), texts,
             st.none() | texts, st.none() | st.floats(), lists | st.just([]), plain]
        )  # fmt: skip
        columns = {key: draw(_column(draw(kinds), count)) for key in chosen}
        rows: Any = Rows(columns) if draw(st.booleans()) else list(Rows(columns))
        name = draw(st.sampled_from(["youth", "a,b", "per%cent", "totals"]))
        out.append((f"{name}{n}", "Title", [(key, key) for key in chosen], rows))
    return out


def _by_the_csv_module(sections: list[Any]) -> str:
    """What the reports wrote before: every row by csv.writer."""
    keys: list[str] = []
    for _, _, columns, _ in sections:
        for key, _ in columns:
            if key not in keys:
                keys.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", *keys])
    for name, _, columns, rows in sections:
        own = {key for key, _ in columns}
        cells: list[Any] = [repeat(name, len(rows))]
        for key in keys:
            if key not in own:
                cells.append(repeat(None, len(rows)))
                continue
            values = [row[key] for row in rows]
            cells.append([", ".join(map(str, v)) if isinstance(v, list) else v for v in values])
        writer.writerows(zip(*cells, strict=True))
    return out.getvalue()


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(sections())
def test_csv_by_column_is_what_the_csv_module_writes(chosen: list[Any]) -> None:
    out, before = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        _write_csv(chosen)
    finally:
        sys.stdout = before
    assert out.getvalue() == _by_the_csv_module(chosen)


@settings(max_examples=200)
@given(
    st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=8)
    | st.lists(st.integers(), min_size=1, max_size=8),
    st.sampled_from(["en", "da"]),
)
def test_a_tables_whole_numbers_are_num(values: list[int], lang: str) -> None:
    """A report table's column of whole numbers (cli/reports._column, quick paths for counts
    and ids) is what render.report_pages.num() writes of each."""
    from efter.cli.reports import _column
    from efter.core import i18n
    from efter.render.report_pages import num

    before = i18n.language()
    i18n.use(lang)
    try:
        shown = _column("count", Rows({"count": values}), False)
    finally:
        i18n.use(before)
    assert shown == [num(value, lang, False) for value in values]
