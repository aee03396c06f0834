"""`efter report meetings`: meetings in the window by status, per young person and per
coordinator; two held a year; milestone meetings held; the young person's attendance."""

import sqlite3
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from efter.core import rules
from efter.core.casefile import ids_param
from efter.core.dates import add_months
from efter.core.deadlines import MILESTONES, milestone_of
from efter.core.reports import (
    SMALL,
    Filters,
    Report,
    among,
    ids_of,
    population,
    protect_fields,
    ratio,
    share_fraction,
)

MEETING_STATUSES = ("held", "cancelled", "no-show", "planned")


@lru_cache(maxsize=16384)  # per birth date and milestone: many share a birth date
def _age_day(born: str, months: int) -> str:
    return rules.age_day(date.fromisoformat(born), months).isoformat()


def _meeting_counts() -> dict[str, Any]:
    return {
        "planned": 0,
        "held": 0,
        "cancelled": 0,
        "no_show": 0,
        "not_registered": 0,
        "youth_attended": 0,
    }


def meetings(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> Report:
    """Meetings in the window by status, per young person and per coordinator; the share with
    at least two held meetings in the 12 months up to the window's end; milestone meetings
    held; the young person's own attendance at held meetings."""
    start, end = filters.window(today)
    people = population(conn, filters, today)
    ids = ids_of(people)
    reader = conn.cursor()
    reader.row_factory = None  # plain tuples
    year_ago = add_months(end, -12)
    last, first, year_from = (
        end.isoformat(),
        start.isoformat() if start else "",
        year_ago.isoformat(),
    )
    where = {"ids": ids_param(ids), "first": first, "last": last, "year": year_from}
    # Counted in SQL, one row per young person (30,000 meetings at 10,000 young people): the
    # meetings in the window by status, the young person's attendance at those held, and the
    # meetings held in the 12 months up to the window's end.
    counted = reader.execute(
        "SELECT youth_id, sum(inside), sum(inside AND status = 'held'), "
        "sum(inside AND status = 'cancelled'), sum(inside AND status = 'no-show'), "
        "sum(inside AND status = 'planned'), sum(inside AND status = 'held' AND attended), "
        "sum(status = 'held' AND day > :year AND day <= :last) "
        "FROM (SELECT m.youth_id, m.status, date(m.starts) AS day, "
        "date(m.starts) BETWEEN :first AND :last AS inside, m.id IN (SELECT meeting_id FROM "
        "attendance WHERE person = 'youth' AND presence = 'attended') AS attended "
        f"FROM meeting m WHERE {among(conn, 'm.youth_id', ids)}) GROUP BY youth_id",
        where,
    )
    zero = (0, 0, 0, 0, 0, 0, 0)
    counts_of = {row[0]: row[1:] for row in counted}
    born = {r["id"]: r["born"] for r in people}
    per_youth = {}
    for r in people:
        planned, held, cancelled, no_show, unregistered, came, year = counts_of.get(r["id"], zero)
        per_youth[r["id"]] = {
            "id": r["id"], "ref": r["ref"], "name": r["name"], "coordinator": r["coordinator"],
            "programme": r["programme"], "planned": planned, "held": held,
            "cancelled": cancelled, "no_show": no_show, "not_registered": unregistered,
            "youth_attended": came, "held_last_12_months": year, "milestones_held": [],
            "youth_attendance_share": ratio(came, held),
        }  # fmt: skip
    # Milestone meetings held up to the window's end: which milestone each one is.
    for youth_id, milestone, day in reader.execute(
        "SELECT m.youth_id, m.milestone, date(m.starts) AS day FROM meeting m "
        "WHERE m.status = 'held' AND m.kind = 'milestone' AND date(m.starts) <= :last AND "
        f"{among(conn, 'm.youth_id', ids)} ORDER BY m.starts, m.id",
        where,
    ):
        stones = per_youth[youth_id]["milestones_held"]
        stone = milestone_of("milestone", milestone, born[youth_id], day)
        if stone and stone not in stones:
            stones.append(stone)
    youth_rows = list(per_youth.values())
    for item in youth_rows:
        if item["milestones_held"]:
            item["milestones_held"].sort(key=float)

    totals = _meeting_counts()
    for item in youth_rows:
        for key in totals:
            totals[key] += item[key]
    totals["young_people"] = len(youth_rows)
    totals["youth_attendance_share"] = ratio(totals["youth_attended"], totals["held"])

    coordinators: dict[str, dict[str, Any]] = {}
    for item in youth_rows:
        group = coordinators.setdefault(
            item["coordinator"] or "",
            {"coordinator": item["coordinator"], "young_people": 0, **_meeting_counts()},
        )
        group["young_people"] += 1
        for key in _meeting_counts():
            group[key] += item[key]
    for group in coordinators.values():
        group["youth_attendance_share"] = ratio(group["youth_attended"], group["held"])

    # Two held meetings a year: only those in the programme the whole 12 months.
    eligible = [
        r for r in people
        if r["start"] <= year_from and (r["closed"] is None or r["closed"] >= last)
    ]  # fmt: skip
    two = sum(1 for r in eligible if per_youth[r["id"]]["held_last_12_months"] >= 2)
    milestones = []
    for code, months in MILESTONES:
        due = [
            r for r in people
            if r["start"] <= _age_day(r["born"], months) <= min(r["closed"] or last, last)
        ]  # fmt: skip
        held = sum(1 for r in due if code in per_youth[r["id"]]["milestones_held"])
        milestones.append(
            {"milestone": code, "due": len(due), "held": held, "share": ratio(held, len(due))}
        )
    report: dict[str, Any] = {
        "report": "meetings",
        "filters": filters.as_dict(today),
        "shared": share,
        "last_12_months": {
            "from": (year_ago + timedelta(days=1)).isoformat(),
            "to": end.isoformat(),
        },
        "totals": totals,
        "two_held_last_12_months": {
            "eligible": len(eligible),
            "count": two,
            "share": ratio(two, len(eligible)),
        },
        "milestones": milestones,
    }
    if share:
        _share_meetings(report)
    else:
        report["by_coordinator"] = [coordinators[k] for k in sorted(coordinators, key=str.casefold)]
        report["by_youth"] = youth_rows
    return Report(report, ids)


_MEETING_PARTS = ("held", "cancelled", "no_show", "not_registered")


def _share_meetings(report: dict[str, Any]) -> None:
    totals = report["totals"]
    people = totals["young_people"]
    if people < SMALL:
        for key in list(totals):
            totals[key] = None if totals[key] else totals[key]
    else:
        protect_fields(totals, _MEETING_PARTS, "planned")
        attended = totals["youth_attended"]
        held = totals["held"]
        if held is None or 0 < attended < SMALL or 0 < (held or 0) - attended < SMALL:
            totals["youth_attended"] = None if attended else 0
            totals["youth_attendance_share"] = None
    two = report["two_held_last_12_months"]
    share_fraction(two, "count", "eligible")
    for item in report["milestones"]:
        share_fraction(item, "held", "due")
