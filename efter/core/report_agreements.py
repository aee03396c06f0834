"""`efter report agreements`: agreements made in the window, each as it stands today (kept on
time, kept late, dropped, overdue, not yet due; moved), by the owner's role and per young
person."""

import sqlite3
from datetime import date
from typing import Any

from efter.core.casefile import ids_param
from efter.core.reports import (
    SMALL,
    Filters,
    Report,
    ids_of,
    person,
    population,
    protect_cells,
    ratio,
)


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
) -> Report:
    """Agreements made in the window (by the day they were entered), each as it stands today:
    kept on time, kept late, dropped, overdue or not yet due; and how many were moved.
    Split by the owner's role and per young person."""
    start, end = filters.window(today)
    people = population(conn, filters, today)
    ids = ids_of(people)
    names = {r["id"]: r for r in people}
    rows = conn.execute(
        "SELECT a.*, mem.role AS member_role, mem.side AS member_side, "
        "EXISTS (SELECT 1 FROM agreement_event e WHERE e.agreement_id = a.id "
        "AND e.event = 'moved') AS moved "
        "FROM agreement a LEFT JOIN member mem ON mem.id = a.owner_member_id "
        "WHERE a.youth_id IN (SELECT value FROM json_each(?)) AND date(a.created) <= ? "
        "AND (? IS NULL OR date(a.created) >= ?) ORDER BY a.youth_id, a.id",
        (ids_param(ids), end.isoformat(), start and start.isoformat(), start and start.isoformat()),
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
        own = per_youth.setdefault(
            a["youth_id"], {**person(names[a["youth_id"]]), **_agreement_counts()}
        )
        for group in (totals, owner, own):
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
    return Report(report, ids)


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
