"""What the reports `efter report outcomes|meetings|agreements|deadlines` share: the filters,
the population (read once per report), and the rules for withholding small counts. Each
report is a module of its own (efter.core.report_outcomes, report_meetings, report_agreements,
report_deadlines; the caseload's figures are in efter.core.caseload). Pure functions over the
case file returning plain data (dicts, lists, ISO dates); nothing here prints or formats.

Every report takes the same `Filters`: programme, cohort, acting municipality and coordinator
(exact, any case) and a window [start, end] (end defaults to today). With `share=True` a report
is fit to leave the case file: no names or per-person rows, and every count from 1 to 4 (and
every figure computed from fewer than 5 young people) is withheld as None. The definitions are
written down in docs/decisions/0009-reports.md.
"""

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from efter.core import names
from efter.core.errors import InvalidInput
from efter.core.i18n import day_text, t
from efter.core.sqlparts import split_terms

SMALL = 5  # groups smaller than this are withheld in shared figures

# The columns of a young person any report reads: one read per report, never `SELECT *`;
# each report names those it uses (PERSON and the window's start and closed at least).
COLUMNS = (
    "id, ref, name, born, municipality, legal_basis, programme, cohort, coordinator, start, "
    "status, closed, outcome, placed_from"
)
PERSON = "id, ref, name, coordinator, programme, start, closed"  # person() and the window


class Filters(NamedTuple):  # a NamedTuple: no dataclasses to import on a report's start
    programme: str | None = None
    cohort: str | None = None
    municipality: str | None = None
    coordinator: str | None = None
    start: date | None = None
    end: date | None = None

    def window(self, today: date) -> tuple[date | None, date]:
        end = self.end or today
        if self.start and self.start > end:
            raise InvalidInput(
                field="start",
                problem=t(
                    "{start} is after the end of the period, {end}",
                    start=day_text(self.start),
                    end=day_text(end),
                ),
                fix=t("give a date on or before it"),
            )
        return self.start, end

    def as_dict(self, today: date) -> dict[str, Any]:
        start, end = self.window(today)
        return {
            "programme": self.programme,
            "cohort": self.cohort,
            "municipality": self.municipality,
            "coordinator": self.coordinator,
            "from": start.isoformat() if start else None,
            "to": end.isoformat(),
        }


class Report(NamedTuple):
    """A report's figures, and the young people whose data it read (for the audit line)."""

    data: dict[str, Any]
    youth_ids: list[int]


# --- who is in a report ------------------------------------------------------------------


def _fold(text: str | None) -> str:
    return (text or "").strip().casefold()


def matching(
    conn: sqlite3.Connection,
    filters: Filters,
    columns: str = COLUMNS,
    *,
    plain: bool = False,
    where: str = "1",
) -> list[Any]:
    """Young people matching the filters (whatever the window), by name; any case, Danish
    letters too (SQLite's NOCASE folds ASCII only, so 'drømmejob' would miss 'DRØMMEJOB').
    `columns`: those the report reads (each read costs at 10,000 young people); the ones a
    filter needs are read too, after them. A programme is matched on the young people's
    periods in it (efter.core.programmes), so one young person is in every programme they
    have been in. Rows are sqlite3.Row; with `plain`, tuples of the columns in that order,
    for a report that reads them by position (a Row costs an object more per young person:
    about 3 ms, and a collection in two, at 10,000). `where`: a condition in SQL on the
    youth row (values efter made, as literals)."""
    wanted = {
        column: _fold(getattr(filters, column))
        for column in ("cohort", "municipality", "coordinator")
        if getattr(filters, column)
    }
    read = columns + "".join(f", {c}" for c in wanted if c not in _positions(columns))
    at = _positions(read)
    cursor = conn.cursor()
    if plain:
        cursor.row_factory = None
    order = names.order_by(conn, "name")
    rows = cursor.execute(f"SELECT {read} FROM youth WHERE {where} ORDER BY {order}, id").fetchall()
    if filters.programme:
        from efter.core import programmes

        periods = programmes.members(conn, filters.programme)
        rows = [r for r in rows if r[at["id"]] in periods]
    place = wanted.pop("municipality", None)
    if place:
        from efter.core.municipalities import same

        rows = [r for r in rows if same(r[at["municipality"]], place)]
    if wanted:
        rows = [r for r in rows if all(_fold(r[at[c]]) == v for c, v in wanted.items())]
    return rows


def _positions(columns: str) -> dict[str, int]:
    """Each column's place in a SELECT list, by its name or its alias (a report may read an
    expression such as `coalesce(a, b) AS c`)."""
    return {part.split()[-1]: n for n, part in enumerate(split_terms(columns))}


def population(
    conn: sqlite3.Connection,
    filters: Filters,
    today: date,
    columns: str = COLUMNS,
    *,
    plain: bool = False,
) -> list[Any]:
    """Young people matching the filters whose time in the programme overlaps the window
    (`columns` and `plain` as for matching): with a programme filter, a period in that
    programme; otherwise the case, start to close, chosen in SQL (no column read for it)."""
    start, end = filters.window(today)
    last, first = end.isoformat(), start.isoformat() if start else None
    if not filters.programme:
        closed = f" AND (closed IS NULL OR closed >= '{first}')" if first else ""
        return matching(conn, filters, columns, plain=plain, where=f"start <= '{last}'{closed}")
    from efter.core import programmes

    rows = matching(conn, filters, columns, plain=plain)
    periods = programmes.members(conn, filters.programme)
    begin = first or ""
    key = _positions(columns)["id"]
    return [
        row
        for row in rows
        if any(s <= last and (e is None or e >= begin) for s, e in periods[row[key]])
    ]


def among(conn: sqlite3.Connection, column: str, ids: Sequence[int]) -> tuple[str, str]:
    """The SQL condition `column` is one of `ids`, with the value to bind as `:ids`
    (casefile.ids_param); or no condition at all when they are everyone on file (and `[]` to
    bind): a report on the whole file then reads its tables straight through, with no look-up
    per row in the list of ids, and 10,000 ids are never written out as text."""
    on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    if len(ids) == on_file and len(set(ids)) == on_file:  # ids of rows read from youth
        return "1", "[]"
    from efter.core.casefile import ids_param

    return f"{column} IN (SELECT value FROM json_each(:ids))", ids_param(ids)


def ids_of(rows: Sequence[Any]) -> list[int]:
    """The ids of rows read by matching or population: the first column (PERSON and COLUMNS
    begin with it), so a Row and a plain tuple alike."""
    return [int(row[0]) for row in rows]


def person(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "ref": row["ref"],
        "name": row["name"],
        "coordinator": row["coordinator"],
        "programme": row["programme"],
    }


def days(first: str, last: str) -> int:
    return (date.fromisoformat(last) - date.fromisoformat(first)).days


def median(values: list[int]) -> float | None:
    """statistics.median, as a float (statistics imports fractions, decimal and random: more
    than a report's table takes to print)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


# --- withholding small counts ------------------------------------------------------------


def ratio(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part / whole, 4)


def ratios(parts: Sequence[int | None], wholes: Sequence[int | None]) -> list[float | None]:
    """ratio() of each pair, in one comprehension (a column of 10,000 young people: a call
    of ratio() each cost 2.5 ms more)."""
    return [None if part is None or not whole else round(part / whole, 4)
            for part, whole in zip(parts, wholes, strict=True)]  # fmt: skip


def protect(counts: Sequence[int], total: int | None = None) -> list[int | None]:
    """Withhold counts 1-4; when one alone is withheld from a shown total, also the next
    smallest non-zero one, so it cannot be worked out by subtraction."""
    if total is not None and total < SMALL:
        # Even a zero tells something about a small group ("none of the 3 ..."): hide all.
        return list(counts) if total == 0 else [None for _ in counts]
    hidden = [0 < count < SMALL for count in counts]
    if sum(hidden) == 1:
        others = [(count, n) for n, count in enumerate(counts) if not hidden[n] and count > 0]
        if others:
            hidden[min(others)[1]] = True
    return [None if hide else count for count, hide in zip(counts, hidden, strict=True)]


def protect_total(total: int) -> int | None:
    return total if total == 0 or total >= SMALL else None


def protect_fields(record: dict[str, Any], keys: Sequence[str], total_key: str) -> None:
    """Protect record[keys] (parts of record[total_key]) in place, then the total itself."""
    total = record[total_key]
    shown = protect([record[key] for key in keys], total)
    for key, value in zip(keys, shown, strict=True):
        record[key] = value
    record[total_key] = protect_total(total)


def share_fraction(item: dict[str, Any], part: str, whole: str) -> None:
    """k of n young people: withheld when n < 5, or k or n - k is 1-4."""
    n, k = item[whole], item[part]
    if n < SMALL or 0 < k < SMALL or 0 < n - k < SMALL:
        item[part] = None if k else 0
        item["share"] = None
    item[whole] = protect_total(n)


def protect_cells(values: dict[Any, int], lines: list[list[Any]], primary: set[Any]) -> set[Any]:
    """Secondary suppression: each line is a set of cells one of which is the sum of the rest
    (a row with its total, a column with its total). A line with exactly one withheld cell
    gives it away, so the smallest shown non-zero cell of that line is withheld too, until no
    line has a lone withheld cell."""
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            others = [(values[cell], str(cell), cell) for cell in line
                      if cell not in hidden and values[cell] > 0]  # fmt: skip
            if others:
                hidden.add(min(others)[2])
                changed = True
    return hidden
