"""Tables: plain aligned lines that never wrap in a pipe; folded to the width on a terminal."""

import io
import os
from contextlib import redirect_stdout
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efter.cli import output

LONG = "Amalie Sofie Marie-Louise Nørgaard Østergaard-Christiansen"


def test_a_pipe_gets_one_line_per_row_whatever_the_width(run, casefile, monkeypatch):
    """`efter youth list | grep NAME` finds every name whole, even at 40 columns."""
    monkeypatch.setenv("COLUMNS", "40")
    for name, ref in ((LONG, "R-1"), ("Bo Berg", "R-2")):
        result = run("youth", "add", name, "--born", "14-03-2009", "--ref", ref,
                     "--coordinator", "Mette Holm")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    result = run("youth", "list")
    assert result.exit_code == 0, result.stderr
    rule = "─" * (2 + 3 + 3 + 3 + len(LONG) + 3 + 3 + 3 + 3 + 3 + 11 + 3 + 9 + 3 + 6)
    assert result.stdout.splitlines() == [
        "ID   Ref   Name"
        + " " * (len(LONG) - 4)
        + "   Age   CPR   Coordinator   Programme   Status",
        rule,
        f"1    R-1   {LONG}   17          Mette Holm                active",
        "2    R-2   Bo Berg"
        + " " * (len(LONG) - 7)
        + "   17          Mette Holm                active",
    ]
    assert [line for line in result.stdout.splitlines() if "Nørgaard" in line] == [
        f"1    R-1   {LONG}   17          Mette Holm                active"
    ]


def table_text(columns: list[str], rows: list[list[Any]], **kwargs: Any) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        output.table(columns, rows, **kwargs)
    return out.getvalue()


def test_wide_characters_are_aligned_by_terminal_cells():
    text = table_text(["Navn", "Ref"], [["李小龙", "A"], ["Åse", "B"], ["e\u0301n", "C"]])
    assert text.splitlines() == [
        "Navn     Ref",
        "─" * 12,  # 李小龙 takes 6 cells, then 3 between and "Ref"
        "李小龙   A",
        "Åse      B",
        "e\u0301n       C",  # the accent combines: 2 cells
    ]


def test_no_trailing_spaces_and_the_title_first():
    text = table_text(["A", "B"], [["x", None], ["yy", "z"]], title="Titel")
    assert text == "Titel\nA    B\n──────\nx\nyy   z\n"


def test_an_empty_table_says_so_on_stderr(capsys):
    output.table(["A"], [], empty="Ingen.")
    assert capsys.readouterr() == ("", "Ingen.\n")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")


def test_on_a_terminal_the_widest_column_folds_to_the_width(terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    text = table_text(
        ["ID", "Note"],
        [[1, "Et langt notat om en samtale med Amalie om uddannelse og bolig"], [2, "Kort"]],
    )
    assert text.splitlines() == [
        "ID   Note",
        "─" * 40,
        "1    Et langt notat om en samtale med",
        "     Amalie om uddannelse og bolig",
        "2    Kort",
    ]


def test_on_a_wide_terminal_the_table_is_the_plain_one(terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    rows = [[1, "Et langt notat om en samtale med Amalie om uddannelse og bolig"]]
    assert table_text(["ID", "Note"], rows) == "".join(
        output.plain_lines(["ID", "Note"], [["1", rows[0][1]]])
    )


def test_headers_are_bold_on_a_colour_terminal(terminal, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "80")
    assert table_text(["A", "B"], [["x", "y"]]) == "\x1b[1mA   B\x1b[0m\n─────\nx   y\n"


def test_a_word_longer_than_its_column_is_cut(terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    link = "https://teams.microsoft.com/l/meetup-join/19abcdefghij"
    lines = table_text(["ID", "Link"], [[7, link]]).splitlines()
    assert lines[2:] == [
        "7    https://teams.microsoft.c",
        "     om/l/meetup-join/19abcdef",
        "     ghij",
    ]
    assert all(len(line) <= 30 for line in lines)


def test_a_name_folds_at_its_spaces_before_a_date_is_cut(terminal, monkeypatch):
    """A column is narrowed no further than its longest word (nor below 8) while that can
    fit the table: the name folds at its spaces, and the dates stay whole."""
    monkeypatch.setenv("COLUMNS", "34")
    text = table_text(
        ["Name", "Start", "Closed"], [["Amalie Sofie Nørgaard", "2025-09-01", "2026-06-30"]]
    )
    assert text.splitlines() == [
        "Name       Start        Closed",
        "─" * 34,
        "Amalie     2025-09-01   2026-06-30",
        "Sofie",
        "Nørgaard",
    ]


def test_when_whole_words_cannot_fit_the_widest_columns_are_cut_in_turn(terminal, monkeypatch):
    """Too narrow for the longest words (23 and 10 in 27): the widest columns narrowed in
    turn, none below 8 or its header, and a word longer than its column cut."""
    monkeypatch.setenv("COLUMNS", "30")
    text = table_text(["Name", "Start"], [["Marie-Louise Østergaard-Christiansen", "2025-09-01"]])
    assert text.splitlines() == [
        "Name                Start",
        "─" * 30,
        "Marie-Louise Øste   2025-09-01",  # as textwrap cuts a long word: the line filled
        "rgaard-Christians",
        "en",
    ]


NARROW = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_characters="\x7f"
                               "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
                               "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
                               "\xad"), max_size=30)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(NARROW, min_size=n, max_size=n),
    st.lists(st.lists(NARROW, min_size=n, max_size=n), min_size=1, max_size=8))))  # fmt: skip
def test_plain_lines_keep_every_cell_whole_and_aligned(table: tuple[list[str], list[list[str]]]):
    columns, rows = table
    lines = list(output.plain_lines(columns, rows))
    assert len(lines) == 2 + len(rows)  # header, rule, one line per row
    starts = [0]
    widths = [max(len(c) for c in column) for column in zip(columns, *rows, strict=True)]
    for width in widths[:-1]:
        starts.append(starts[-1] + width + 3)
    full = sum(widths) + 3 * (len(widths) - 1)
    for line, cells in zip([lines[0], *lines[2:]], [columns, *rows], strict=True):
        assert line.endswith("\n") and not line[:-1].endswith(" ")  # no trailing spaces
        padded = line[:-1].ljust(full)  # what was cut at the end was only spaces
        for start, cell in zip(starts, cells, strict=True):
            assert padded[start : start + len(cell)] == cell


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.text("abc defgh", max_size=40), min_size=3, max_size=3), min_size=1,
             max_size=5),
    st.integers(40, 120),
)  # fmt: skip
def test_folded_lines_fit_the_terminal(rows: list[list[str]], width: int):
    lines = list(output.folded_lines(["Id", "Name", "Note"], rows, None, width))
    bold = ("\x1b[1m", "\x1b[0m")  # the header's, if this shell's TERM has colour
    assert all(len(line.replace(bold[0], "").replace(bold[1], "")) - 1 <= width for line in lines)


ANY_CELL = st.none() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12) | \
    st.sampled_from(["日本語", "e\u0301", "a  ", "x\ny", "\t", "\x1b[31m", "Ærø", "  ", "%s", "%%"])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.text(max_size=6), min_size=n, max_size=n),
    st.lists(st.lists(ANY_CELL, min_size=n, max_size=n), min_size=1, max_size=6))))  # fmt: skip
def test_a_table_drawn_column_by_column_is_plain_lines(table: tuple[list[str], list[list[Any]]]):
    """table() in a pipe measures and pads whole columns at once (a report's 100,000 cells);
    the text is exactly plain_lines() of the cells shown one by one."""
    columns, rows = table
    cells = [["" if cell is None else output.shown(str(cell)) for cell in row] for row in rows]
    expected = "".join(output.plain_lines([output.shown(c) for c in columns], cells, "Title"))
    printed = io.StringIO()
    with redirect_stdout(printed):
        output.table(columns, rows, title="Title")
    assert printed.getvalue() == expected


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab c-\t\n\xa0\x1c\u2003Ærø日"), max_size=40) | st.text(max_size=40),
       st.integers(1, 12))  # fmt: skip
def test_a_cell_folds_as_textwrap_folds_it(cell: str, width: int):
    """A folded table's cells are folded without textwrap where that is quicker; the lines
    are exactly textwrap's."""
    import textwrap

    assert output._folded(cell, width, textwrap) == (
        textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
    )


NARROW_CELL = st.text(st.sampled_from("ab cdØæ-%1"), max_size=24) | st.sampled_from(
    ["", " ", "a  b", " lead", "trail ", "Mathias Østergaard", "2024-03-18 before", "x" * 30]
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(lambda n: st.tuples(
        st.lists(st.text(st.sampled_from("IDNameæ "), min_size=1, max_size=12), min_size=n,
                 max_size=n),
        st.lists(st.lists(NARROW_CELL, min_size=n, max_size=n), min_size=1, max_size=8))),
    st.integers(10, 120),
    st.sampled_from([None, "A title that is rather long for a narrow terminal"]),
    st.booleans(),
)  # fmt: skip
def test_a_table_on_a_terminal_drawn_by_columns_is_the_table_drawn_by_rows(
    table: tuple[list[str], list[list[str]]],
    width: int,
    title: str | None,
    bold: bool,
):
    """On a terminal a table of one-cell characters is measured, padded and folded a column
    at a time; the lines are exactly those of plain_lines() (header in bold) when it fits,
    else of folded_lines()."""
    head, rows = table
    colour = {"TERM": "xterm", **({} if bold else {"NO_COLOR": "1"})}
    with mock.patch.dict(os.environ, colour):
        if bold:
            os.environ.pop("NO_COLOR", None)
        _same_table_on_a_terminal(head, rows, width, title, bold)


def _same_table_on_a_terminal(
    head: list[str], rows: list[list[str]], width: int, title: str | None, bold: bool
) -> None:
    widths = output._widths(head, rows)
    if sum(widths) + 3 * (len(widths) - 1) <= width:
        expected = list(output.plain_lines(head, rows, title))
        if bold:
            at = 1 if title else 0
            expected[at] = f"\x1b[1m{expected[at][:-1]}\x1b[0m\n"
    else:
        expected = list(output.folded_lines(head, rows, title, width))
    texts = [list(column) for column in zip(*rows, strict=True)]
    assert "".join(output._narrow_lines(head, texts, title, width)) == "".join(expected)
