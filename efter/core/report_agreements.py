"""`efter report agreements`: agreements made in the window, each as it stands today (kept on
time, kept late, dropped, overdue, not yet due; moved), by the owner's role and per young
person."""

import sqlite3
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from efter.core.reports import (
    PERSON,
    SMALL,
    Filters,
    Report,
    among,
    ids_of,
    population,
    protect_cells,
    ratio,
    ratios,
)
from efter.core.rows import Rows


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


# How an agreement stands today: kept_on_time, kept_late, dropped, overdue or not_yet_due.
_KIND = (
    "CASE WHEN a.status = 'done' THEN CASE WHEN a.done_on <= a.first_due THEN 'kept_on_time' "
    "ELSE 'kept_late' END WHEN a.status = 'dropped' THEN 'dropped' "
    "WHEN a.due < :today THEN 'overdue' ELSE 'not_yet_due' END"
)
# Moved at least once: the moved agreements are looked up in a list SQLite builds once per
# statement (a subquery per agreement cost a third of the report).
_MOVED = "a.id IN (SELECT agreement_id FROM agreement_event WHERE event = 'moved')"
# Made in the window, by the day entered: `created` is an ISO timestamp (clock.timestamp), so
# comparing its text with the days around the window is date(created) without a call per row.
_WINDOW = "a.created < :after AND (:start IS NULL OR a.created >= :start)"


def agreements(
    conn: sqlite3.Connection, filters: Filters, today: date, *, share: bool = False
) -> Report:
    """Agreements made in the window (by the day they were entered), each as it stands today:
    kept on time, kept late, dropped, overdue or not yet due; and how many were moved.
    Split by the owner's role and per young person."""
    start, end = filters.window(today)
    people = population(conn, filters, today, PERSON, plain=True)
    ids = ids_of(people)
    # The people's rows by id, their fields read by position (PERSON: id, ref, name,
    # coordinator, programme, ...), which is quicker than by name.
    names = {r[0]: r for r in people}
    # Counted in SQL, one row per young person and one per owner: 50,000 agreements at 10,000
    # young people come back as counts, never as objects per agreement.
    condition, ids_bound = among(conn, "a.youth_id", ids)
    chosen = f"{_WINDOW} AND {condition}"
    where = {"ids": ids_bound, "after": (end + timedelta(days=1)).isoformat(),
             "today": today.isoformat(), "start": start.isoformat() if start else None}  # fmt: skip
    reader = conn.cursor()
    reader.row_factory = None
    # _KIND's five states as five plain conditions (a CASE named in a subquery is worked out
    # again for every mention); not yet due is what is left.
    counted = reader.execute(
        "SELECT a.youth_id, count(*), sum(a.status = 'done' AND a.done_on <= a.first_due), "
        "sum(a.status = 'done' AND (a.done_on <= a.first_due) IS NOT 1), "
        "sum(a.status = 'dropped'), "
        "sum(a.status IS NOT 'done' AND a.status IS NOT 'dropped' AND a.due < :today), "
        f"sum({_MOVED}) FROM agreement a WHERE {chosen} GROUP BY a.youth_id",
        where,
    ).fetchall()
    totals = _agreement_counts()
    if counted:  # each count summed over the young people, in C (zip(*counted) would make
        # an iterator per young person for the collector to count: 14 of its collections)
        made, on_time, late, dropped, overdue, moved = (
            sum(map(itemgetter(n), counted)) for n in range(1, 7)
        )
        not_due = made - on_time - late - dropped - overdue
        totals.update(
            zip(totals, (made, on_time, late, dropped, overdue, not_due, moved), strict=True)
        )
    owners: dict[str, dict[str, Any]] = {}
    for owner_kind, role, side, _, kind, made, moved in reader.execute(
        "SELECT a.owner, CASE WHEN a.owner = 'member' THEN mem.role ELSE a.owner END AS role, "
        f"mem.side, min(a.youth_id) AS first, {_KIND} AS kind, count(*), sum({_MOVED}) "
        "FROM agreement a LEFT JOIN member mem ON mem.id = a.owner_member_id "
        f"WHERE {chosen} GROUP BY a.owner, role, mem.side, kind ORDER BY first, mem.side",
        where,
    ):
        owner = owners.setdefault(
            f"{owner_kind}:{role}",
            {"owner": owner_kind, "role": role, "side": side, **_agreement_counts()},
        )
        owner["made"] += made
        owner[kind] += made
        owner["moved"] += moved
    for group in [totals, *owners.values()]:
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
        report["by_youth"] = _by_youth(counted, ids, names)
    return Report(report, ids)


def _by_youth(counted: list[tuple[int, ...]], ids: list[int], names: dict[int, Any]) -> Rows:
    """The young people with agreements, in the population's order, column by column (no
    dict per young person). `counted`: (youth id, made, kept on time, kept late, dropped,
    overdue, moved) per young person; `names`: the population's rows by id (PERSON: id, ref,
    name, coordinator, programme, ... read by position)."""
    at = {row[0]: n for n, row in enumerate(counted)}
    order = [at[i] for i in ids if i in at]
    youth, made, on_time, late, dropped, overdue, moved = (
        [counted[n][field] for n in order] for field in range(7)
    )
    people = [names[i] for i in youth]
    not_due = [m - t - k - d - o for m, t, k, d, o in zip(made, on_time, late, dropped, overdue,
                                                           strict=True)]  # fmt: skip
    falling = [m - n for m, n in zip(made, not_due, strict=True)]
    return Rows(
        {
            "id": youth,
            "ref": [r[1] for r in people],
            "name": [r[2] for r in people],
            "coordinator": [r[3] for r in people],
            "programme": [r[4] for r in people],
            "made": made,
            "kept_on_time": on_time,
            "kept_late": late,
            "dropped": dropped,
            "overdue": overdue,
            "not_yet_due": not_due,
            "moved": moved,
            "falling_due": falling,
            "share_kept_on_time": ratios(on_time, falling),
        }
    )


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
