"""efter.cli.grid draws exactly what rich draws, without importing rich."""

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efter.cli import grid
from efter.core.dates import add_months

# Danish letters, punctuation rich counts as one cell, spaces that make words.
ALPHABET = "abcxyzæøåÆØÅé-–.,:/@§€…'() 0123456789\xa0"
text = st.text(alphabet=ALPHABET, max_size=40)


def rich_table(
    columns: list[str], rows: list[list[str]], title: str | None, width: int, edge: bool = False
) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, markup=False, emoji=False, highlight=False,
                      soft_wrap=False, color_system=None)  # fmt: skip
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False,
                  show_edge=edge)  # fmt: skip
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    return out.getvalue()


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str | None, int, bool]:
    count = draw(st.integers(1, 8))
    columns = draw(st.lists(text, min_size=count, max_size=count))
    rows = draw(st.lists(st.lists(text, min_size=count, max_size=count), min_size=1, max_size=5))
    title = draw(st.none() | text)
    width = draw(st.integers(10, 140))
    return columns, rows, title, width, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(tables())
def test_grid_draws_what_rich_draws(
    case: tuple[list[str], list[list[str]], str | None, int, bool],
):
    columns, rows, title, width, edge = case
    drawn = grid.render(columns, rows, title=title, width=width, edge=edge)
    if drawn is not None:  # None: too narrow a terminal, common.table asks rich instead
        assert drawn == rich_table(columns, rows, title, width, edge)


def test_grid_handles_the_usual_table_itself():
    columns = ["ID", "Role", "Name", "Organisation", "Period"]
    rows = [["1", "Myndighedsrådgiver", "Lene Bach", "Børn & Kultur, Esbjerg Kommune",
             "2025-09-01 – 2026-01-31"]]  # fmt: skip
    for width in (40, 80, 100):
        drawn = grid.render(columns, rows, title="Team", width=width, edge=False)
        assert drawn == rich_table(columns, rows, "Team", width)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Anna [plejefamilie]", True), ("Østergaard – § 46", True), ("中文", False),
     ("e\u0301", False), ("tab\there", False), ("two\nlines", False), ("😀", False)],
)  # fmt: skip
def test_simple_lets_through_only_one_cell_characters(value: str, expected: bool):
    assert grid.simple(value) is expected


def test_a_wide_character_falls_back_to_rich(run, casefile):
    result = run("youth", "add", "李 Nørgaard", "--born", "2009-03-14", "--start", "2025-09-01")
    assert result.exit_code == 0, result.stderr
    listing = run("youth", "list")
    assert listing.exit_code == 0
    assert "李 Nørgaard" in listing.stdout


@settings(max_examples=300, deadline=None)
@given(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.integers(-400, 400))
def test_add_months_agrees_with_dateutil(day: date, months: int):
    from dateutil.relativedelta import relativedelta

    assert add_months(day, months) == day + relativedelta(months=months)


@pytest.mark.parametrize(
    "environ",
    [{"COLUMNS": "57"}, {"COLUMNS": "57", "LINES": "20"}, {}, {"COLUMNS": "wide"},
     {"TERM": "dumb", "COLUMNS": "120"}],
)  # fmt: skip
def test_console_width_is_the_width_rich_would_use(monkeypatch, environ):
    from rich.console import Console

    for key in ("COLUMNS", "LINES", "TERM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert grid.console_width() == Console().width


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.text(alphabet=ALPHABET, min_size=1, max_size=20), st.none() | text),
             min_size=1, max_size=6),
    st.integers(20, 120),
)  # fmt: skip
def test_fields_prints_what_rich_prints(pairs: list[tuple[str, str | None]], width: int):
    import contextlib
    import os
    from unittest import mock

    from rich.console import Console
    from rich.text import Text

    from efter.cli.common import fields

    label_width = max(len(label) for label, _ in pairs)
    expected = io.StringIO()
    console = Console(file=expected, width=width, markup=False, emoji=False, highlight=False,
                      soft_wrap=False, color_system=None)  # fmt: skip
    for label, value in pairs:
        console.print(Text(f"{label.ljust(label_width)}  {'' if value is None else value}"))
    out = io.StringIO()
    environ = {"COLUMNS": str(width), "LINES": "25", "NO_COLOR": "1"}
    with mock.patch.dict(os.environ, environ), contextlib.redirect_stdout(out):
        fields(pairs)
    assert out.getvalue() == expected.getvalue()
