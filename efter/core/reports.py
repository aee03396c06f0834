"""The figures behind `efter report outcomes|meetings|agreements|deadlines` (the caseload's
are in efter.core.caseload). Pure functions over the case file returning plain data
(dicts, lists, ISO dates); nothing here prints or formats.

Every report takes the same `Filters`: programme, cohort, acting municipality and coordinator
(exact, any case) and a window [start, end] (end defaults to today). With `share=True` a report
is fit to leave the case file: no names or per-person rows, and every count from 1 to 4 (and
every figure computed from fewer than 5 young people) is withheld as None. The definitions are
written down in docs/DEVELOPING.md ("Reports").
"""

import sqlite3
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from efter.core import rules
from efter.core.dates import add_months
from efter.core.deadlines import milestone_of
from efter.core.errors import InvalidInput
from efter.core.status import EDUCATION, JOB_KINDS, WORK, outcome_of

SMALL = 5  # groups smaller than this are withheld in shared figures
OUTCOME_CODES = ("education", "job", "both", "neither", "unknown")
SUCCESS = ("education", "job", "both")
MEETING_STATUSES = ("held", "cancelled", "no-show", "planned")
MILESTONES = (("16", 16 * 12), ("17.5", 17 * 12 + 6), ("18.5", 18 * 12 + 6))
DEADLINE_STATUSES = rules.STATUSES


@dataclass(frozen=True)
class Filters:
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
                f"--from {self.start.isoformat()} is after --to {end.isoformat()}: "
                "give --from a date on or before --to."
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


# --- helpers -----------------------------------------------------------------------------


def _fold(text: str | None) -> str:
    return (text or "").strip().casefold()


def _youth(conn: sqlite3.Connection, filters: Filters) -> list[sqlite3.Row]:
    """Young people matching the filters; any case, Danish letters too (SQLite's NOCASE
    folds ASCII only, so 'drømmejob' would miss 'DRØMMEJOB')."""
    wanted = {
        column: _fold(getattr(filters, column))
        for column in ("programme", "cohort", "municipality", "coordinator")
        if getattr(filters, column)
    }
    rows = conn.execute("SELECT * FROM youth ORDER BY name COLLATE NOCASE, id").fetchall()
    place = wanted.pop("municipality", None)
    if place:
        from efter.core.municipalities import same

        rows = [r for r in rows if same(r["municipality"], place)]
    return [r for r in rows if all(_fold(r[c]) == v for c, v in wanted.items())]


def _in_programme(row: sqlite3.Row, start: date | None, end: date) -> bool:
    """The young person's time in the programme overlaps the window."""
    if row["start"] > end.isoformat():
        return False
    return not (start and row["closed"] and row["closed"] < start.isoformat())


def population(conn: sqlite3.Connection, filters: Filters, today: date) -> list[sqlite3.Row]:
    """The young people a report with these filters counts (in the programme in its window)."""
    start, end = filters.window(today)
    return [row for row in _youth(conn, filters) if _in_programme(row, start, end)]


def _ids(rows: Iterable[sqlite3.Row]) -> list[int]:
    return [int(row["id"]) for row in rows]


def _in_clause(ids: Sequence[int]) -> str:
    return "(" + ",".join("?" * len(ids)) + ")" if ids else "(NULL)"


def ratio(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part / whole, 4)


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


def _protect_total(total: int) -> int | None:
    return total if total == 0 or total >= SMALL else None


def _protect_fields(record: dict[str, Any], keys: Sequence[str], total_key: str) -> None:
    """Protect record[keys] (parts of record[total_key]) in place, then the total itself."""
    total = record[total_key]
    shown = protect([record[key] for key in keys], total)
    for key, value in zip(keys, shown, strict=True):
        record[key] = value
    record[total_key] = _protect_total(total)


def _days(first: str, last: str) -> int:
    return (date.fromisoformat(last) - date.fromisoformat(first)).days


def _person(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "ref": row["ref"],
        "name": row["name"],
        "coordinator": row["coordinator"],
        "programme": row["programme"],
    }


# --- outcomes ----------------------------------------------------------------------------


def outcomes(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> dict[str, Any]:
    """Closed cases in the window by outcome, time in the programme, open cases' status at
    the window's end, and cost per young person in education or a job."""
    start, end = filters.window(today)
    people = _youth(conn, filters)
    closed = [
        r
        for r in people
        if r["status"] == "closed"
        and r["closed"] <= end.isoformat()
        and (start is None or r["closed"] >= start.isoformat())
    ]
    closed_ids = {r["id"] for r in closed}
    still_open = [
        r
        for r in people
        if r["start"] <= end.isoformat() and (r["closed"] is None or r["closed"] > end.isoformat())
    ]

    by_outcome: dict[str, list[int]] = {code: [] for code in OUTCOME_CODES}
    for r in closed:
        by_outcome[r["outcome"] or "unknown"].append(_days(r["start"], r["closed"]))
    all_days = [d for days in by_outcome.values() for d in days]
    closed_part: dict[str, Any] = {
        "total": len(closed),
        "outcomes": [
            {
                "outcome": code,
                "count": len(days),
                "share": ratio(len(days), len(closed)),
                "median_days": _median(days),
            }
            for code, days in by_outcome.items()
        ],
        "in_education_or_job": sum(len(by_outcome[c]) for c in SUCCESS),
        "median_days": _median(all_days),
        "mean_days": round(statistics.fmean(all_days), 1) if all_days else None,
    }
    closed_part["share_in_education_or_job"] = ratio(
        closed_part["in_education_or_job"], len(closed)
    )

    open_ids = {r["id"] for r in still_open}
    current = _current_status(conn, _ids(still_open), end)
    open_counts = {code: 0 for code in OUTCOME_CODES}
    education_counts = {term.code: 0 for term in EDUCATION}
    work_counts = {term.code: 0 for term in WORK}
    for r in still_open:
        now = current.get(r["id"])
        open_counts[outcome_of(now["education"], now["work"]) if now else "unknown"] += 1
        if now:
            education_counts[now["education"]] += 1
            work_counts[now["work"]] += 1
    with_status = sum(1 for r in still_open if r["id"] in current)
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
    report: dict[str, Any] = {
        "report": "outcomes",
        "filters": filters.as_dict(today),
        "shared": share,
        "closed": closed_part,
        "open": open_part,
        "cost": _cost(conn, closed),
    }
    if share:
        _share_outcomes(report)
    else:
        report["cases"] = [
            {
                **_person(r),
                "status": "closed" if r["id"] in closed_ids else "open",
                "start": r["start"],
                "closed": r["closed"] if r["id"] in closed_ids else None,
                "days": _days(r["start"], r["closed"]) if r["id"] in closed_ids else None,
                "outcome": (r["outcome"] or "unknown") if r["id"] in closed_ids else None,
                "current": None if r["id"] in closed_ids else _status_record(current.get(r["id"])),
            }
            for r in people
            if r["id"] in closed_ids or r["id"] in open_ids
        ]
    return report


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _current_status(
    conn: sqlite3.Connection, ids: Sequence[int], on: date
) -> dict[int, sqlite3.Row]:
    rows = conn.execute(
        f"SELECT * FROM youth_status WHERE youth_id IN {_in_clause(ids)} AND starts <= ? "
        "ORDER BY youth_id, starts, id",
        [*ids, on.isoformat()],
    ).fetchall()
    return {row["youth_id"]: row for row in rows}  # the last one per young person wins


def _status_record(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "from": row["starts"],
        "education": row["education"],
        "work": row["work"],
        "outcome": outcome_of(row["education"], row["work"]),
    }


def _cost(conn: sqlite3.Connection, closed: list[sqlite3.Row]) -> dict[str, Any]:
    prices = {
        row["programme"].casefold(): (row["programme"], row["amount"])
        for row in conn.execute("SELECT programme, amount FROM programme_price")
    }
    groups: dict[str, dict[str, Any]] = {}
    unpriced = 0
    for r in closed:
        key = (r["programme"] or "").casefold()
        if key not in prices:
            unpriced += 1
            continue
        name, amount = prices[key]
        group = groups.setdefault(
            key, {"programme": name, "price": amount, "closed": 0, "in_education_or_job": 0}
        )
        group["closed"] += 1
        group["in_education_or_job"] += (r["outcome"] or "unknown") in SUCCESS
    rows = []
    for key in sorted(groups):
        group = groups[key]
        group["total_cost"] = group["price"] * group["closed"]
        group["cost_per_young_person_in_education_or_job"] = _per(
            group["total_cost"], group["in_education_or_job"]
        )
        rows.append(group)
    total = sum(g["total_cost"] for g in rows)
    successes = sum(g["in_education_or_job"] for g in rows)
    return {
        "programmes": rows,
        "closed_priced": sum(g["closed"] for g in rows),
        "closed_unpriced": unpriced,
        "total_cost": total if rows else None,
        "in_education_or_job": successes,
        "cost_per_young_person_in_education_or_job": _per(total, successes) if rows else None,
    }


def _per(total: int | None, count: int | None) -> int | None:
    if total is None or not count:
        return None
    return round(total / count)


def _share_outcomes(report: dict[str, Any]) -> None:
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
    closed["total"] = _protect_total(total)

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
    opened["total"] = _protect_total(total)
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
    cost["closed_unpriced"] = _protect_total(cost["closed_unpriced"])


# --- meetings ----------------------------------------------------------------------------


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
) -> dict[str, Any]:
    """Meetings in the window by status, per young person and per coordinator; the share with
    at least two held meetings in the 12 months up to the window's end; milestone meetings
    held; the young person's own attendance at held meetings."""
    start, end = filters.window(today)
    people = population(conn, filters, today)
    ids = _ids(people)
    rows = conn.execute(
        "SELECT m.id, m.youth_id, m.kind, m.milestone, m.status, date(m.starts) AS day, "
        "EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id AND a.person = 'youth' "
        "AND a.presence = 'attended') AS youth_attended "
        f"FROM meeting m WHERE m.youth_id IN {_in_clause(ids)} ORDER BY m.starts, m.id",
        ids,
    ).fetchall()
    year_ago = add_months(end, -12)
    born = {r["id"]: r["born"] for r in people}
    per_youth = {r["id"]: {**_person(r), **_meeting_counts(), "held_last_12_months": 0,
                           "milestones_held": []} for r in people}  # fmt: skip
    for m in rows:
        counts = per_youth[m["youth_id"]]
        day = m["day"]
        held = m["status"] == "held" and day <= end.isoformat()
        stone = milestone_of(m["kind"], m["milestone"], born[m["youth_id"]], day)
        if held and stone and stone not in counts["milestones_held"]:
            counts["milestones_held"].append(stone)
        if m["status"] == "held" and year_ago.isoformat() < day <= end.isoformat():
            counts["held_last_12_months"] += 1
        if day > end.isoformat() or (start and day < start.isoformat()):
            continue
        counts["planned"] += 1
        key = {"no-show": "no_show", "planned": "not_registered"}.get(m["status"], m["status"])
        counts[key] += 1
        if m["status"] == "held" and m["youth_attended"]:
            counts["youth_attended"] += 1
    youth_rows = list(per_youth.values())
    for item in youth_rows:
        item["milestones_held"].sort(key=float)
        item["youth_attendance_share"] = ratio(item["youth_attended"], item["held"])

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
        if r["start"] <= year_ago.isoformat()
        and (r["closed"] is None or r["closed"] >= end.isoformat())
    ]  # fmt: skip
    two = sum(1 for r in eligible if per_youth[r["id"]]["held_last_12_months"] >= 2)
    milestones = []
    for code, months in MILESTONES:
        due = [
            r for r in people
            if r["start"] <= rules.age_day(date.fromisoformat(r["born"]), months).isoformat()
            <= min(r["closed"] or end.isoformat(), end.isoformat())
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
    return report


_MEETING_PARTS = ("held", "cancelled", "no_show", "not_registered")


def _share_meetings(report: dict[str, Any]) -> None:
    totals = report["totals"]
    people = totals["young_people"]
    if people < SMALL:
        for key in list(totals):
            totals[key] = None if totals[key] else totals[key]
    else:
        _protect_fields(totals, _MEETING_PARTS, "planned")
        attended = totals["youth_attended"]
        held = totals["held"]
        if held is None or 0 < attended < SMALL or 0 < (held or 0) - attended < SMALL:
            totals["youth_attended"] = None if attended else 0
            totals["youth_attendance_share"] = None
    two = report["two_held_last_12_months"]
    _share_fraction(two, "count", "eligible")
    for item in report["milestones"]:
        _share_fraction(item, "held", "due")


def _share_fraction(item: dict[str, Any], part: str, whole: str) -> None:
    """k of n young people: withheld when n < 5, or k or n - k is 1-4."""
    n, k = item[whole], item[part]
    if n < SMALL or 0 < k < SMALL or 0 < n - k < SMALL:
        item[part] = None if k else 0
        item["share"] = None
    item[whole] = _protect_total(n)


# --- agreements --------------------------------------------------------------------------


def _agreement_counts() -> dict[str, Any]:
    return {
        "made": 0,
        "kept_on_time": 0,
        "kept_late": 0,
        "dropped": 0,
        "overdue": 0,
        "not_yet_due": 0,
        "moved": 0,
    }


AGREEMENT_PARTS = ("kept_on_time", "kept_late", "dropped", "overdue", "not_yet_due")


def classify_agreement(row: sqlite3.Row | dict[str, Any], today: date) -> str:
    """kept_on_time, kept_late, dropped, overdue or not_yet_due."""
    if row["status"] == "done":
        return "kept_on_time" if row["done_on"] <= row["first_due"] else "kept_late"
    if row["status"] == "dropped":
        return "dropped"
    return "overdue" if row["due"] < today.isoformat() else "not_yet_due"


def agreements(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> dict[str, Any]:
    """Agreements made in the window (by the day they were entered), each as it stands today:
    kept on time, kept late, dropped, overdue or not yet due; and how many were moved.
    Split by the owner's role and per young person."""
    start, end = filters.window(today)
    people = population(conn, filters, today)
    ids = _ids(people)
    names = {r["id"]: r for r in people}
    rows = conn.execute(
        "SELECT a.*, mem.role AS member_role, mem.side AS member_side, "
        "EXISTS (SELECT 1 FROM agreement_event e WHERE e.agreement_id = a.id "
        "AND e.event = 'moved') AS moved "
        "FROM agreement a LEFT JOIN member mem ON mem.id = a.owner_member_id "
        f"WHERE a.youth_id IN {_in_clause(ids)} AND date(a.created) <= ? "
        "AND (? IS NULL OR date(a.created) >= ?) ORDER BY a.youth_id, a.id",
        [*ids, end.isoformat(), start and start.isoformat(), start and start.isoformat()],
    ).fetchall()
    totals = _agreement_counts()
    owners: dict[str, dict[str, Any]] = {}
    per_youth: dict[int, dict[str, Any]] = {}
    for a in rows:
        kind = classify_agreement(a, today)
        role = a["owner"] if a["owner"] != "member" else a["member_role"]
        owner = owners.setdefault(
            f"{a['owner']}:{role}",
            {"owner": a["owner"], "role": role, "side": a["member_side"], **_agreement_counts()},
        )
        person = per_youth.setdefault(
            a["youth_id"], {**_person(names[a["youth_id"]]), **_agreement_counts()}
        )
        for group in (totals, owner, person):
            group["made"] += 1
            group[kind] += 1
            group["moved"] += bool(a["moved"])
    groups = [totals, *owners.values(), *per_youth.values()]
    for group in groups:
        group["falling_due"] = group["made"] - group["not_yet_due"]
        group["share_kept_on_time"] = ratio(group["kept_on_time"], group["falling_due"])
    order = {"youth": 0, "coordinator": 1, "member": 2}
    report: dict[str, Any] = {
        "report": "agreements",
        "filters": filters.as_dict(today),
        "shared": share,
        "as_of": today.isoformat(),
        "young_people": len(people),
        "totals": totals,
        "by_owner": sorted(
            owners.values(), key=lambda o: (order[o["owner"]], o["side"] or "", o["role"] or "")
        ),
    }
    if share:
        _share_agreements([totals, *report["by_owner"]])
        if len(people) < SMALL:
            for group in [totals, *report["by_owner"]]:
                for key, value in group.items():
                    if isinstance(value, int | float) and not isinstance(value, bool) and value:
                        group[key] = None
    else:
        report["by_youth"] = [per_youth[i] for i in ids if i in per_youth]
    return report


def _share_agreements(groups: list[dict[str, Any]]) -> None:
    """groups[0] is the total of the others. Rows: made = the five states; columns: the total
    row = the sum of the owners' rows; `moved` is a column of its own."""
    columns = ["made", *AGREEMENT_PARTS]
    values = {(r, key): g[key] for r, g in enumerate(groups) for key in [*columns, "moved"]}
    rows = range(len(groups))
    lines = [[(r, key) for key in columns] for r in rows]
    lines += [[(r, key) for r in rows] for key in [*columns, "moved"]]
    primary = {cell for cell, n in values.items() if 0 < n < SMALL}
    for r, g in enumerate(groups):
        if g["made"] < SMALL:  # a small group: even its zeros
            primary |= {(r, key) for key in [*columns, "moved"]}
        elif 0 < g["made"] - g["moved"] < SMALL:
            primary.add((r, "moved"))
    hidden = protect_cells(values, lines, primary)
    for r, g in enumerate(groups):
        falling, on_time = g["falling_due"], g["kept_on_time"]
        for key in [*columns, "moved"]:
            if (r, key) in hidden:
                g[key] = None
        if g["made"] is None or g["not_yet_due"] is None:
            g["falling_due"] = None
        if (
            g["falling_due"] is None
            or g["kept_on_time"] is None
            or falling < SMALL
            or (0 < falling - on_time < SMALL)
        ):
            g["share_kept_on_time"] = None


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


# --- deadlines ---------------------------------------------------------------------------


def deadlines(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> dict[str, Any]:
    """Every young person's statutory dates as of the window's end, judged by rules.judge
    (through core.deadlines.judged_many): met, late, missed, coming, to consider, passed,
    before enrolment, after the case closed, or not applicable to the legal basis."""
    from efter.core.deadlines import judged_many

    _, end = filters.window(today)
    people = population(conn, filters, today)
    judged = judged_many(conn, people, end)
    summary: dict[str, dict[str, Any]] = {
        code: {"code": code, **{status: 0 for status in DEADLINE_STATUSES}} for code in rules.CODES
    }
    young_people = []
    for r in people:
        items = []
        for item in judged[int(r["id"])]:
            summary[item.code][item.status] += 1
            record = item.as_dict()
            record["label_en"] = record.pop("label")
            items.append(record)
        young_people.append(
            {**_person(r), "start": r["start"], "closed": r["closed"], "deadlines": items}
        )
    rows = list(summary.values())
    for row in rows:
        row["young_people"] = len(people)
    if share:
        for row in rows:
            _protect_fields(row, DEADLINE_STATUSES, "young_people")
    report: dict[str, Any] = {
        "report": "deadlines",
        "filters": filters.as_dict(today),
        "shared": share,
        "as_of": end.isoformat(),
        "summary": rows,
    }
    if not share:
        report["young_people"] = young_people
    return report


__all__ = [
    "JOB_KINDS",
    "Filters",
    "agreements",
    "deadlines",
    "meetings",
    "outcomes",
    "protect",
]
