"""What the readers hand the importer: rows keyed by field, problems with their place."""

import re
from collections.abc import Callable, Iterator
from typing import Any

from efter.core.cpr import redact
from efter.core.errors import EfterError
from efter.core.i18n import t
from efter.core.text import fold_danish

# A spreadsheet runs a cell as a formula when it starts with = + - @ tab or CR.
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_RISKY_FIRST = frozenset("'=+-@\t\r")  # the characters such a cell can start with


def neutralise(text: str) -> str:
    """Prefix a ' to a cell a spreadsheet would run as a formula (and to one that already
    looks neutralised, so `restore` gives back exactly what was exported)."""
    if text[:1] not in _RISKY_FIRST:  # most cells: no need to run the pattern
        return text
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def keep_quotes(text: str) -> str:
    """For a typed cell (XLSX text), which needs no guard: only text that already looks
    neutralised gets one more ', so `restore` gives back exactly what was exported."""
    return "'" + text if text[:1] == "'" and _NEEDS_QUOTE.match(text) else text


def restore(text: str) -> str:
    """The inverse of `neutralise`: strip the ' it added, leave everything else alone."""
    if text.startswith("'") and _NEEDS_QUOTE.match(text[1:]):
        return text[1:]
    return text


def fold(text: str) -> str:
    """A column name as compared: case-insensitive, æ/ø/å or ae/oe/aa, space, - or _."""
    folded = fold_danish(text.strip().lstrip("\ufeff"))
    return re.sub(r"[\s\-_./]+", "_", folded).strip("_")


_PLACE = re.compile(r"^(line|row|[\w-]+ item) (\d+)$")


def placed(where: str) -> str:
    """'line 4', 'row 4' or 'youth item 4' (a JSON list) as the messages say it."""
    match = _PLACE.match(where)
    if match is None:
        return where
    if match[1] == "line":
        return t("line {number}", number=match[2])
    if match[1] == "row":
        return t("row {number}", number=match[2])
    return t("{kind} item {number}", kind=match[1].removesuffix(" item"), number=match[2])


class Problem:
    """One thing wrong with the file, at a place the user can find."""

    def __init__(
        self,
        where: str,  # "line 4", "row 4", "" for the file as a whole
        column: str | None,  # the column as the file names it
        message: str,  # "what is wrong; what to do"
        rejects: bool = False,  # the row could not be read at all (a rejected row)
    ) -> None:
        self.where, self.column, self.message, self.rejects = where, column, message, rejects

    def __eq__(self, other: object) -> bool:
        if type(other) is not Problem:
            return NotImplemented
        return (self.where, self.column, self.message, self.rejects) == (
            other.where, other.column, other.message, other.rejects
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # as a dataclass's: compared by value

    def __repr__(self) -> str:
        return f"Problem({self.where!r}, {self.column!r}, {self.message!r}, {self.rejects!r})"

    def text(self) -> str:
        """The problem as one line for stderr (the CLI scrubs it once more as it prints), its
        place in the language of the messages (`where` stays "line 4" for --json)."""
        place = ", ".join(
            p
            for p in (
                placed(self.where),
                t("column {column}", column=self.column) if self.column else "",
            )
            if p
        )
        return redact(f"{place}: {self.message}" if place else self.message)

    def as_json(self) -> dict[str, Any]:
        """For --json: a value shaped like a CPR number never appears in a report, even when
        it stood in a date or score column (or was a column's name)."""
        return {
            "where": self.where or None,
            "column": None if self.column is None else redact(self.column),
            "message": redact(self.message),
        }


def cell_value(cell: str) -> str | None:
    """A CSV cell as the importer reads it: an empty (or blank) cell is None; a cell export
    neutralised gets its text back."""
    if not cell or cell.isspace():
        return None
    return restore(cell) if cell[0] == "'" else cell


class Layout:
    """Which field each cell of a file's rows holds (None: a column the kind does not take),
    shared by every row read under one header."""

    __slots__ = ("fields", "index")

    def __init__(self, fields: list[str | None]) -> None:
        self.fields = fields
        self.index = {name: at for at, name in enumerate(fields) if name}


class Row:
    """One data row: values by field name (only the columns the file has), each the raw text
    (None for an empty cell), and the column names as the file wrote them. A CSV row keeps
    its cells as read (`cells`, under its `layout`) and makes `values` only when asked: a
    chunk of rows planned at once reads the cells a column at a time (kinds.Chunk)."""

    __slots__ = ("_values", "cells", "fields", "headers", "layout", "where")

    def __init__(
        self,
        where: str,
        values: dict[str, str | None] | None = None,
        headers: dict[str, str] | None = None,
        fields: tuple[str, ...] = (),  # every field the kind knows, present in the file or not
        cells: list[str] | None = None,  # positional too: a CSV file's row is made so, quicker
        layout: Layout | None = None,
    ) -> None:
        self.where = where
        self._values = values
        self.headers = {} if headers is None else headers
        self.fields = fields
        self.cells = cells
        self.layout = layout

    @property
    def values(self) -> dict[str, str | None]:
        found = self._values
        if found is None:
            assert self.cells is not None and self.layout is not None
            found = self._values = {
                name: cell_value(cell)
                for name, cell in zip(self.layout.fields, self.cells, strict=False)
                if name
            }
        return found

    def column(self, name: str) -> str:
        return self.headers.get(name, name)


class RowError(Exception):
    """Raised by a kind's validation: a field (or None for the row) and a sentence."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def worded(error: EfterError) -> str:
    """A core error as the report says it: 'what is wrong; what to do' (the Problem names the
    column). The core raises an error about a value with its parts (problem, fix); one that
    is a finished sentence about the case file as a whole is shown as the core wrote it."""
    if error.problem:
        return f"{error.problem}; {error.fix}" if error.fix else error.problem
    return error.message


def checked(row: Row, problems: list[Problem], name: str, call: Callable[[], Any]) -> Any:
    """Run one core check for one field; a failure becomes a Problem at that column (the
    field the core names, when the file has it)."""
    try:
        return call()
    except EfterError as error:  # InvalidInput, and the core's NotFound and Conflict
        field = error.field if error.field in row.values else name
        problems.append(Problem(row.where, row.column(field), worded(error)))
        return None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def not_text(row: Row) -> list[Problem]:
    """Cells that are not valid Unicode (lone surrogates: a JSON file's "\\udcff", a wrong
    encoding): refused before anything, not even a ref, is looked up with them."""
    return [
        Problem(
            row.where,
            row.column(name),
            t("the value is not valid text (a wrong character encoding?); save the file as UTF-8"),
        )
        for name, value in row.values.items()
        if type(value) is str and not value.isprintable() and _SURROGATE.search(value)
    ]


Rows = Iterator[Row | Problem]
