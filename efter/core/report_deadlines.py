"""`efter report deadlines`: every young person's statutory dates as of the window's end,
judged by the law's rules (efter.core.rules through efter.core.deadlines)."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import rules
from efter.core.deadlines import STORED_COLUMNS, records_each
from efter.core.reports import PERSON, Filters, Report, ids_of, population, protect_fields

DEADLINE_STATUSES = rules.STATUSES


def deadlines(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> Report:
    """Every young person's statutory dates as of the window's end, judged by rules.judge
    (through core.deadlines.judged_many): met, late, missed, coming, to consider, passed,
    before enrolment, after the case closed, or not applicable to the legal basis."""
    _, end = filters.window(today)
    # The stored statutory dates (m024) read with everyone: see deadlines.STORED_COLUMNS
    people = population(conn, filters, today, f"{PERSON}, {STORED_COLUMNS}")
    summary: dict[str, dict[str, Any]] = {
        code: {"code": code, **{status: 0 for status in DEADLINE_STATUSES}} for code in rules.CODES
    }
    young_people = []
    # One young person at a time, each date a record shared by everyone it is the same for
    # (deadlines.records_each): counted, and kept with the person unless shared.
    for r, marks in records_each(conn, people, end):
        for record in marks:
            summary[record["code"]][record["status"]] += 1
        if not share:  # shared figures have no per-person rows: none are built
            young_people.append(
                {"id": r["id"], "ref": r["ref"], "name": r["name"],
                 "coordinator": r["coordinator"], "programme": r["programme"],
                 "start": r["start"], "closed": r["closed"], "deadlines": marks}
            )  # fmt: skip
    rows = list(summary.values())
    for row in rows:
        row["young_people"] = len(people)
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
    if not share:
        report["young_people"] = young_people
    return Report(report, ids_of(people))
