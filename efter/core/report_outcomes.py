"""`efter report outcomes`: closed cases in the window by outcome, time in the programme and
cost per young person in education or a job; open cases' status at the window's end."""

import math
import sqlite3
from datetime import date
from typing import Any

from efter.core.casefile import ids_param
from efter.core.reports import (
    PERSON,
    SMALL,
    Filters,
    Report,
    days,
    ids_of,
    matching,
    median,
    protect,
    protect_total,
    ratio,
)
from efter.core.rows import Rows
from efter.core.status import EDUCATION, WORK, outcome_of

OUTCOME_CODES = ("education", "job", "both", "neither", "unknown")
SUCCESS = ("education", "job", "both")


def outcomes(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> Report:
    """Closed cases in the window by outcome, time in the programme, open cases' status at
    the window's end, and cost per young person in education or a job."""
    start, end = filters.window(today)
    people = matching(conn, filters, PERSON + ", status, outcome", plain=True)
    last, first = end.isoformat(), start.isoformat() if start else None
    # The rows' fields by position (quicker than by name): PERSON, status, outcome = id 0,
    # ref 1, name 2, coordinator 3, programme 4, start 5, closed 6, status 7, outcome 8.
    closed = [
        r for r in people if r[7] == "closed" and r[6] <= last and (first is None or r[6] >= first)
    ]
    closed_ids = {r[0] for r in closed}
    still_open = [r for r in people if r[5] <= last and (r[6] is None or r[6] > last)]

    by_outcome: dict[str, list[int]] = {code: [] for code in OUTCOME_CODES}
    for r in closed:
        by_outcome[r[8] or "unknown"].append(days(r[5], r[6]))
    all_days = [d for days in by_outcome.values() for d in days]
    closed_part: dict[str, Any] = {
        "total": len(closed),
        "outcomes": [
            {
                "outcome": code,
                "count": len(days),
                "share": ratio(len(days), len(closed)),
                "median_days": median(days),
            }
            for code, days in by_outcome.items()
        ],
        "in_education_or_job": sum(len(by_outcome[c]) for c in SUCCESS),
        "median_days": median(all_days),
        "mean_days": round(math.fsum(all_days) / len(all_days), 1) if all_days else None,
    }
    closed_part["share_in_education_or_job"] = ratio(
        closed_part["in_education_or_job"], len(closed)
    )

    open_ids = {r[0] for r in still_open}
    current = _current_status(conn, open_ids, end)
    open_counts = {code: 0 for code in OUTCOME_CODES}
    education_counts = {term.code: 0 for term in EDUCATION}
    work_counts = {term.code: 0 for term in WORK}
    open_counts["unknown"] = len(still_open) - len(current)
    for now in current.values():
        open_counts[now["outcome"]] += 1
        education_counts[now["education"]] += 1
        work_counts[now["work"]] += 1
    with_status = len(current)
    open_part = {
        "total": len(still_open),
        "with_status": with_status,
        "statuses": [
            {"outcome": code, "count": n, "share": ratio(n, len(still_open))}
            for code, n in open_counts.items()
        ],
        "education": [
            {"kind": code, "count": n, "share": ratio(n, with_status)}
            for code, n in education_counts.items()
        ],
        "work": [
            {"kind": code, "count": n, "share": ratio(n, with_status)}
            for code, n in work_counts.items()
        ],
    }
    shown = [r for r in people if r[0] in closed_ids or r[0] in open_ids]
    report: dict[str, Any] = {
        "report": "outcomes",
        "filters": filters.as_dict(today),
        "shared": share,
        "closed": closed_part,
        "open": open_part,
        "cost": _cost(conn, closed),
    }
    if share:
        share_outcomes(report)
    else:
        report["cases"] = _cases(shown, closed_ids, current)
    return Report(report, ids_of(shown))


def _cases(
    shown: list[tuple[Any, ...]], closed_ids: set[int], current: dict[int, dict[str, Any]]
) -> Rows:
    """The young people, column by column: a closed case with its days and outcome, an open
    one with its status now. The rows' fields by position (PERSON, status, outcome: id, ref,
    name, coordinator, programme, start, closed, status, outcome), quicker than by name."""
    # One comprehension per field: zip(*shown) would make an iterator per row for the
    # collector to count (13 of its collections at 10,000 young people).
    ids, refs, names, coordinators, programmes, starts, closes, _, outcomes = (
        [row[n] for row in shown] for n in range(9)
    )
    closed = [i in closed_ids for i in ids]
    return Rows(
        {
            "id": list(ids),
            "ref": list(refs),
            "name": list(names),
            "coordinator": list(coordinators),
            "programme": list(programmes),
            "status": ["closed" if c else "open" for c in closed],
            "start": list(starts),
            "closed": [end if c else None for c, end in zip(closed, closes, strict=True)],
            "days": [days(begin, end) if c else None
                     for c, begin, end in zip(closed, starts, closes, strict=True)],
            "outcome": [(outcome or "unknown") if c else None
                        for c, outcome in zip(closed, outcomes, strict=True)],
            "current": [None if c else current.get(i) for c, i in zip(closed, ids, strict=True)],
        }
    )  # fmt: skip


def _current_status(conn: sqlite3.Connection, ids: set[int], on: date) -> dict[int, dict[str, Any]]:
    """Each of these young people's status on `on` (the last one starting by then), as the
    report shows it (from, education, work, outcome). For most of the file, everyone's are
    read and theirs kept (10,000 ids are not written out). Read as plain tuples, and each
    outcome worked out once per kind of status (a handful), not once per young person."""
    cursor = conn.cursor()
    cursor.row_factory = None
    if 2 * len(ids) >= conn.execute("SELECT count(*) FROM youth").fetchone()[0]:
        cursor.execute(
            "SELECT youth_id, starts, education, work FROM youth_status WHERE starts <= ? "
            "ORDER BY youth_id, starts, id",
            (on.isoformat(),),
        )
    else:
        cursor.execute(
            "SELECT youth_id, starts, education, work FROM youth_status "
            "WHERE youth_id IN (SELECT value FROM json_each(?)) AND starts <= ? "
            "ORDER BY youth_id, starts, id",
            (ids_param(ids), on.isoformat()),
        )
    last = {row[0]: row for row in cursor.fetchall() if row[0] in ids}  # the latest wins
    outcome: dict[tuple[str, str], str] = {}
    for _, _, education, work in last.values():
        if (education, work) not in outcome:
            outcome[education, work] = outcome_of(education, work)
    return {
        youth_id: {"from": starts, "education": education, "work": work,
                   "outcome": outcome[education, work]}
        for youth_id, starts, education, work in last.values()
    }  # fmt: skip


def _cost(conn: sqlite3.Connection, closed: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Cost per programme from the closed young people's periods: a young person who was in
    two priced programmes (the model and EMPOWER4U) costs both prices, and counts in both.
    `closed`: the report's rows (id first, the outcome ninth)."""
    from efter.core import programmes as programme_periods

    prices = {
        programme_periods.key(row["programme"]): (row["programme"], row["amount"])
        for row in conn.execute("SELECT programme, amount FROM programme_price")
    }
    their = programme_periods.programmes_of(conn, [int(r[0]) for r in closed])
    groups: dict[str, dict[str, Any]] = {}
    unpriced = people = successes = 0
    for r in closed:
        keys = [programme_periods.key(name) for name in their.get(r[0], [])]
        priced = [key for key in keys if key in prices]
        if not priced:
            unpriced += 1
            continue
        people += 1
        successes += (r[8] or "unknown") in SUCCESS
        for key in priced:
            name, amount = prices[key]
            group = groups.setdefault(
                key, {"programme": name, "price": amount, "closed": 0, "in_education_or_job": 0}
            )
            group["closed"] += 1
            group["in_education_or_job"] += (r[8] or "unknown") in SUCCESS
    rows = []
    for key in sorted(groups):
        group = groups[key]
        group["total_cost"] = group["price"] * group["closed"]
        group["cost_per_young_person_in_education_or_job"] = _per(
            group["total_cost"], group["in_education_or_job"]
        )
        rows.append(group)
    total = sum(g["total_cost"] for g in rows)
    return {
        "programmes": rows,
        "closed_priced": people,
        "closed_unpriced": unpriced,
        "total_cost": total if rows else None,
        "in_education_or_job": successes,
        "cost_per_young_person_in_education_or_job": _per(total, successes) if rows else None,
    }


def _per(total: int | None, count: int | None) -> int | None:
    if total is None or not count:
        return None
    return round(total / count)


def share_outcomes(report: dict[str, Any]) -> None:
    closed = report["closed"]
    total = closed["total"]
    shown = protect([o["count"] for o in closed["outcomes"]], total)
    for item, count in zip(closed["outcomes"], shown, strict=True):
        item["count"] = count
        item["share"] = ratio(count, total) if count is not None else None
        item["median_days"] = item["median_days"] if count and count >= SMALL else None
    success = closed["in_education_or_job"]
    success_hidden = any(
        o["count"] is None for o in closed["outcomes"] if o["outcome"] in SUCCESS
    )  # the sum would give away what is withheld in it
    if total < SMALL or success_hidden or 0 < success < SMALL or 0 < total - success < SMALL:
        closed["in_education_or_job"] = None if success else 0
        closed["share_in_education_or_job"] = None
    if total < SMALL:
        closed["median_days"] = closed["mean_days"] = None
    closed["total"] = protect_total(total)

    opened = report["open"]
    total, with_status = opened["total"], opened["with_status"]
    # Those without a status are the open cases' "unknown": hide one when it gives the other.
    hide_with_status = 0 < with_status < SMALL or 0 < total - with_status < SMALL
    for parts, whole, of_status in (
        (opened["statuses"], total, False),
        (opened["education"], with_status, True),
        (opened["work"], with_status, True),
    ):
        shown = protect([p["count"] for p in parts], whole)
        if of_status and hide_with_status:
            shown = [None if p["count"] or whole < SMALL else 0 for p in parts]
        for item, count in zip(parts, shown, strict=True):
            item["count"] = count
            item["share"] = ratio(count, whole) if count is not None and whole >= SMALL else None
    opened["total"] = protect_total(total)
    opened["with_status"] = None if hide_with_status else with_status

    cost = report["cost"]
    for group in cost["programmes"]:
        n, k = group["closed"], group["in_education_or_job"]
        hide_n = 0 < n < SMALL
        hide_k = hide_n or 0 < k < SMALL or 0 < n - k < SMALL
        group["closed"] = None if hide_n else n
        group["total_cost"] = None if hide_n else group["total_cost"]
        group["in_education_or_job"] = None if hide_k and k else k
        if hide_k:
            group["cost_per_young_person_in_education_or_job"] = None
    n, k = cost["closed_priced"], cost["in_education_or_job"]
    if 0 < n < SMALL or 0 < k < SMALL or 0 < n - k < SMALL:
        cost["in_education_or_job"] = None if k else 0
        cost["cost_per_young_person_in_education_or_job"] = None
    if 0 < n < SMALL or any(group["closed"] is None for group in cost["programmes"]):
        # With the prices known, the total (or the cost per young person times their number)
        # would give away the withheld counts.
        cost["closed_priced"] = cost["total_cost"] = None
        cost["cost_per_young_person_in_education_or_job"] = None
    cost["closed_unpriced"] = protect_total(cost["closed_unpriced"])
