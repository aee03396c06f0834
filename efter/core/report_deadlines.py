"""`efter report deadlines`: every young person's statutory dates as of the window's end,
judged by the law's rules (efter.core.rules through efter.core.deadlines)."""

import sqlite3
from collections import Counter
from datetime import date
from operator import itemgetter
from typing import Any

from efter.core import rules
from efter.core.casefile import collector_paused
from efter.core.deadlines import (
    PLACED_COLUMNS,
    DatesByCode,
    code_status,
    judged_columns,
    placing,
)
from efter.core.reports import PERSON, Filters, Report, population, protect_fields
from efter.core.rows import Rows
from efter.core.sqlparts import split_terms

DEADLINE_STATUSES = rules.STATUSES

# The young people read as plain tuples (no sqlite3.Row each): their fields (PERSON's, or
# those a table shows), then what judging them by their stored statutory dates (m024) takes
# (deadlines.PLACED_COLUMNS), then their dates' placing on the day judged on
# (deadlines.placing(), which reads the case's start and close in SQL: a table and --csv
# read neither, 2 of 12 values a row).
_PERSON = tuple(term.strip() for term in split_terms(PERSON))  # each young person's keys
_SHOWN = ("id", "name", "coordinator")  # what a table and --csv show of them (not `wide`)
_PLACED = [term.split()[-1] for term in split_terms(PLACED_COLUMNS)] + ["placing"]


def deadlines(
    conn: sqlite3.Connection,
    filters: Filters,
    today: date,
    *,
    share: bool = False,
    wide: bool = True,
) -> Report:
    """Every young person's statutory dates as of the window's end, judged by rules.judge
    (through core.deadlines.judged_columns): met, late, missed, coming, to consider, passed,
    before enrolment, after the case closed, or not applicable to the legal basis. The
    young people are a rows.Rows, one row each: their fields (PERSON's; not `wide`: the id,
    name and coordinator only, what a table and --csv show) and `deadlines`, each one's
    dates keyed by code ({code: {date, status, done_on, how}}, every code for every young
    person: deadlines.DatesByCode), column by column."""
    _, end = filters.window(today)
    kept = list(_PERSON if wide else _SHOWN)
    names = [*kept, *_PLACED]
    with collector_paused():  # 10,000 rows and their dates held, none in a cycle
        people = population(
            conn, filters, today, f"{', '.join(kept)}, {PLACED_COLUMNS}, {placing(end)}",
            plain=True,
        )  # fmt: skip
        numbers, days = judged_columns(conn, people, end, names)
    # Counted in C by standing (code, status, ...), then by code and status
    counts: Counter[tuple[str, str]] = Counter()
    for number, count in Counter(numbers).items():
        counts[code_status(number)] += count
    rows: list[dict[str, Any]] = [
        {"code": code, **{status: counts[code, status] for status in DEADLINE_STATUSES},
         "young_people": len(people)}
        for code in rules.CODES
    ]  # fmt: skip
    if share:
        for row in rows:
            protect_fields(row, DEADLINE_STATUSES, "young_people")
    report: dict[str, Any] = {
        "report": "deadlines",
        "filters": filters.as_dict(today),
        "shared": share,
        "as_of": end.isoformat(),
        "summary": rows,
    }
    ids = list(map(itemgetter(0), people))  # ids of rows read from youth: whole numbers
    if not share:  # shared figures have no per-person rows: none are kept
        columns: dict[str, Any] = {"id": ids}
        columns.update((key, list(map(itemgetter(n), people))) for n, key in enumerate(kept) if n)
        columns["deadlines"] = DatesByCode(numbers, days)  # read as {code: record} each
        report["young_people"] = Rows(columns)
    return Report(report, ids)
