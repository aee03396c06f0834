"""Every report's --csv (efter.cli.reports._write_csv) writes exactly what csv.writer writes:
a section whose cells need no quoting is joined as text, column by column; any other is
handed to the writer. Held to the writer whatever the cells hold."""

import csv
import io
import sys
from itertools import repeat
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.cli.reports import _write_csv
from efter.core.rows import Rows

cell = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=6)
    | st.sampled_from(["a,b", 'say "hi"', "two\nlines", "cr\r", "\x00", "", " x ", "æøå"])
    | st.lists(st.integers() | st.text(max_size=3), max_size=3)
)
# Columns as the reports give them: mostly one kind each (text, whole numbers), sometimes mixed
column = (
    st.lists(st.text(max_size=8), min_size=3, max_size=3)
    | st.lists(st.text(st.sampled_from('ab ,"\r\n\x00æ'), max_size=4), min_size=3, max_size=3)
    | st.lists(st.none() | st.integers(min_value=-5, max_value=99_999), min_size=3, max_size=3)
    | st.lists(cell, min_size=3, max_size=3)
)
sections = st.lists(
    st.tuples(
        st.sampled_from(["summary", "youth", "a,b"]),
        st.dictionaries(
            st.sampled_from(["id", "name", "count", "share", "how"]), column, min_size=1, max_size=4
        ),
        st.booleans(),
    ),
    min_size=1,
    max_size=3,
)


def _expected(given: list[tuple[str, str, list[tuple[str, str]], list[dict]]]) -> str:
    """The CSV written row by row by csv.writer, a list as its items comma-separated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys: list[str] = []
    for _, _, columns, _ in given:
        keys += [key for key, _ in columns if key not in keys]
    writer.writerow(["section", *keys])
    for name, _, columns, rows in given:
        own = {key for key, _ in columns}
        for row in rows:
            cells = [row[key] if key in own else None for key in keys]
            listed = [", ".join(map(str, c)) if isinstance(c, list) else c for c in cells]
            writer.writerow([name, *listed])
    return out.getvalue()


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(sections)
def test_report_csv_is_what_csv_writer_writes(drawn):
    given = []
    for name, columns, as_rows in drawn:
        listed = [
            dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)
        ]
        rows = Rows(columns) if as_rows else listed
        given.append((name, "title", [(key, key) for key in columns], rows))
    was, sys.stdout = sys.stdout, io.StringIO()
    try:
        _write_csv(given)  # type: ignore[arg-type]
        written = sys.stdout.getvalue()
    finally:
        sys.stdout = was
    assert written == _expected([(n, t, c, list(rows)) for n, t, c, rows in given])


@pytest.mark.parametrize("odd", [",", '"', "\r", "\n", "\x00", "\r\n", " ", ""])
@pytest.mark.parametrize("as_rows", [True, False])
def test_a_cell_the_writer_quotes_or_keeps_is_written_as_it_writes_it(odd, as_rows):
    columns = {"id": [1, 2, 3], "name": ["Ada", f"B{odd}o", "Cy"], "how": [None, None, None]}
    listed = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    given = [
        ("youth", "title", [(key, key) for key in columns], Rows(columns) if as_rows else listed)
    ]
    was, sys.stdout = sys.stdout, io.StringIO()
    try:
        _write_csv(given)  # type: ignore[arg-type]
        written = sys.stdout.getvalue()
    finally:
        sys.stdout = was
    assert written == _expected([("youth", "title", given[0][2], listed)])


# Sections as the reports make them, each column of one kind (whole numbers by the line's
# own %d, floats, lists), some sections handed to the writer: column by column, the same.
texts = st.text(max_size=6) | st.sampled_from(["a,b", 'say "hi"', "x\ny", "x\ry", "%s", "%", ""])
plain = st.none() | st.integers() | st.floats() | st.booleans() | texts
lists = st.lists(st.integers() | st.floats(allow_nan=False) | texts, max_size=2)
keys = st.sampled_from(["id", "name", "count", "share", "%d", "milestones", "a,b"])


def _column(kind: Any, count: int) -> Any:
    return st.lists(kind, min_size=count, max_size=count)


@st.composite
def report_sections(draw: Any) -> list[Any]:
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
@given(report_sections())
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
