"""`efter report agreements`: agreements made in the window, each as it stands today (kept on
time, kept late, dropped, overdue, not yet due; moved), by the owner's role and per young
person. Read from the counts triggers keep (m025_agreement_counts) when the window holds every
agreement on file, and counted from the agreements otherwise (the same definitions; a test
holds the two paths to the same report)."""

import sqlite3
from collections import Counter
from datetime import date, timedelta
from itertools import compress
from operator import itemgetter
from typing import Any, cast

from efter.core.reports import (
    SMALL,
    Filters,
    Report,
    among,
    ids_of,
    population,
    protect_cells,
    ratio,
)
from efter.core.rows import Alike, Rows


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


# What is read of each young person (reports.PERSON but the window's dates, which SQL
# chooses by); without their ref and programme for the table and --csv, which leave them out.
_PERSON, _SHOWN = "id, ref, name, coordinator, programme", "id, name, coordinator"


def agreements(
    conn: sqlite3.Connection,
    filters: Filters,
    today: date,
    *,
    share: bool = False,
    wide: bool = True,
) -> Report:
    """Agreements made in the window (by the day they were entered), each as it stands today:
    kept on time, kept late, dropped, overdue or not yet due; and how many were moved.
    Split by the owner's role and per young person. With `wide` False, each young person
    without their ref and programme (what the table and --csv leave out)."""
    start, end = filters.window(today)
    read = _PERSON if wide else _SHOWN
    people = population(conn, filters, today, read, plain=True)
    ids = ids_of(people)
    # Counted in SQL, one row per young person and one per owner: 50,000 agreements at 10,000
    # young people come back as counts, never as objects per agreement.
    condition, ids_bound = among(conn, "a.youth_id", ids)
    chosen = f"{_WINDOW} AND {condition}"
    where = {"ids": ids_bound, "after": (end + timedelta(days=1)).isoformat(),
             "today": today.isoformat(), "start": start.isoformat() if start else None}  # fmt: skip
    reader = conn.cursor()
    reader.row_factory = None
    if _all_in(reader, where):
        kept_condition, _ = among(conn, "t.youth_id", ids)
        counted, owners = _kept(reader, condition, kept_condition, where)
    else:
        counted, owners = _counted(reader, chosen, where)
    totals = _agreement_counts()
    if counted:  # each count summed over the young people, in C (zip(*counted) would make
        # an iterator per young person for the collector to count: 14 of its collections)
        made, on_time, late, dropped, overdue, moved = (
            sum(map(itemgetter(n), counted.values())) for n in range(6)
        )
        not_due = made - on_time - late - dropped - overdue
        totals.update(
            zip(totals, (made, on_time, late, dropped, overdue, not_due, moved), strict=True)
        )
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
        report["by_youth"] = _by_youth(counted, ids, people, read.split(", ")[1:])
    return Report(report, ids)


# Per young person with agreements: {youth id: (made, kept on time, kept late, dropped,
# overdue, moved)}; per owner: {"owner:side:role": the owner's figures}.
Counted = dict[int, tuple[int, ...]]
Owners = dict[str, dict[str, Any]]


def _all_in(reader: sqlite3.Cursor, where: dict[str, Any]) -> bool:
    """Whether every agreement on file was made in the window (`created`, indexed: two
    seeks), so that the kept counts (m025) are the window's: the same comparisons as
    _WINDOW's, so the two paths agree on which agreements a window holds."""
    first, last = reader.execute(
        "SELECT (SELECT min(created) FROM agreement), (SELECT max(created) FROM agreement)"
    ).fetchone()
    if first is None:
        return True
    return bool(last < where["after"] and (where["start"] is None or first >= where["start"]))


def _counted(reader: sqlite3.Cursor, chosen: str, where: dict[str, Any]) -> tuple[Counted, Owners]:
    """The window's agreements counted one by one: per young person (youth id, made, kept on
    time, kept late, dropped, overdue, moved) and per owner."""
    # _KIND's five states as five plain conditions (a CASE named in a subquery is worked out
    # again for every mention); not yet due is what is left.
    rows = reader.execute(
        "SELECT a.youth_id, count(*), sum(a.status = 'done' AND a.done_on <= a.first_due), "
        "sum(a.status = 'done' AND (a.done_on <= a.first_due) IS NOT 1), "
        "sum(a.status = 'dropped'), "
        "sum(a.status IS NOT 'done' AND a.status IS NOT 'dropped' AND a.due < :today), "
        f"sum({_MOVED}) FROM agreement a WHERE {chosen} GROUP BY a.youth_id",
        where,
    ).fetchall()
    counted = dict(zip(map(itemgetter(0), rows), map(itemgetter(_COUNTS), rows), strict=True))
    owners: Owners = {}
    for owner_kind, role, side, _, kind, made, moved in reader.execute(
        "SELECT a.owner, CASE WHEN a.owner = 'member' THEN mem.role ELSE a.owner END AS role, "
        f"mem.side, min(a.youth_id) AS first, {_KIND} AS kind, count(*), sum({_MOVED}) "
        "FROM agreement a LEFT JOIN member mem ON mem.id = a.owner_member_id "
        f"WHERE {chosen} GROUP BY a.owner, role, mem.side, kind ORDER BY first, mem.side",
        where,
    ):
        owner = _owner(owners, owner_kind, role, side)
        owner["made"] += made
        owner[kind] += made
        owner["moved"] += moved
    return counted, owners


def _owner(owners: Owners, kind: str, role: str | None, side: str | None) -> dict[str, Any]:
    """The owner's row, made the first time it is met: one per side and role (a role both
    sides have, such as 'other' or 'plejefamilie', is a professional on the team and someone
    else in the network)."""
    return owners.setdefault(
        f"{kind}:{side}:{role}",
        {"owner": kind, "role": role, "side": side, **_agreement_counts()},
    )


# The open agreements not yet due, and the agreements moved at least once: each read through
# an index that holds only them (m025: agreement_open_owner, agreement_event_moved), so that
# their number, not that of every agreement ever made, is what they cost.
_NOT_DUE = "a.status = 'open' AND a.due >= :today"
_MOVED_ONES = "a.id IN (SELECT agreement_id FROM agreement_event WHERE event = 'moved')"
_KEPT = ("made", "kept_on_time", "kept_late", "dropped")


def _kept(
    reader: sqlite3.Cursor, condition: str, kept: str, where: dict[str, Any]
) -> tuple[Counted, Owners]:
    """The counts of _counted from the kept counts (m025: agreement_count per young person,
    agreement_owner_count per owner), when every agreement on file was made in the window:
    made, kept on time, kept late and dropped as kept; overdue is what is open and not yet
    due today. `condition`: the young people of an agreement (alias a), `kept`: of a kept
    count (alias t)."""
    # Every open agreement overdue and none moved, as read in C; then the young people with
    # open agreements not yet due or with moved ones, who are few, put right.
    counted = _kept_rows(reader, kept, where)
    for chosen in (_NOT_DUE, _MOVED_ONES):
        # Each agreement's young person, counted in C: SQLite's GROUP BY sorts the 5,000 open
        # agreements not yet due first (10,000 young people: `report agreements --csv` 691.5
        # -> 679.8 M instructions, cachegrind; ~2 ms).
        found = reader.execute(
            f"SELECT a.youth_id FROM agreement AS a WHERE {chosen} AND {condition}", where
        )
        for youth, count in Counter(map(itemgetter(0), found)).items():
            row = counted[youth]
            if chosen is _NOT_DUE:  # not overdue
                counted[youth] = (*row[:4], row[4] - count, row[5])
            else:
                counted[youth] = (*row[:5], row[5] + count)
    # Each owner's counts, summed in the kept table's order (owner, member), then by role
    # (int(): PostgreSQL's sum of BIGINTs is a numeric, read as a float).
    sums = ", ".join(f"sum(t.{column}) AS {column}" for column in _KEPT)
    owners: Owners = {}
    for owner_kind, role, side, _, *counts in reader.execute(
        "SELECT g.owner, CASE WHEN g.owner = 'member' THEN mem.role ELSE g.owner END AS role, "
        f"mem.side, min(g.first) AS first, {', '.join(f'sum(g.{c})' for c in _KEPT)} "
        f"FROM (SELECT t.owner, t.owner_member_id, min(t.youth_id) AS first, {sums} "
        f"FROM agreement_owner_count AS t WHERE {kept} GROUP BY t.owner, t.owner_member_id) "
        "AS g LEFT JOIN member AS mem ON mem.id = g.owner_member_id "
        "GROUP BY g.owner, role, mem.side ORDER BY first, mem.side",
        where,
    ):
        owner = _owner(owners, owner_kind, role, side)
        made, on_time, late, dropped = map(int, counts)
        for key, value in (
            ("made", made),
            ("kept_on_time", on_time),
            ("kept_late", late),
            ("dropped", dropped),
            ("overdue", made - on_time - late - dropped),
        ):
            owner[key] += value
    for key, chosen in (("not_yet_due", _NOT_DUE), ("moved", _MOVED_ONES)):
        for owner_kind, role, side, count in reader.execute(
            "SELECT a.owner, CASE WHEN a.owner = 'member' THEN mem.role ELSE a.owner END "
            "AS role, mem.side, count(*) "
            "FROM agreement AS a LEFT JOIN member AS mem ON mem.id = a.owner_member_id "
            f"WHERE {chosen} AND {condition} GROUP BY a.owner, role, mem.side",
            where,
        ):
            owner = _owner(owners, owner_kind, role, side)
            owner[key] += count
            if key == "not_yet_due":
                owner["overdue"] -= count
    return counted, owners


# A young person's four kept counts (_KEPT) as one number, 15 bits each (_PACKED): two values
# a row read instead of five (10,000 rows: ~8 ms less of the sqlite3 module making objects),
# taken apart once for each of the few numbers that differ. NULL when a count does not fit
# (32,768 agreements of one young person), then read as they are.
_BITS = 15
_PACKED = (
    f"CASE WHEN (made | kept_on_time | kept_late | dropped) < {1 << _BITS} "  # none below 0
    f"THEN made + kept_on_time * {1 << _BITS} + kept_late * {1 << 2 * _BITS} "
    f"+ dropped * {1 << 3 * _BITS} END"
)


def _kept_rows(reader: sqlite3.Cursor, kept: str, where: dict[str, Any]) -> Counted:
    """The Counted of the kept counts per young person (agreement_count, `kept` its
    condition): made, kept on time, kept late and dropped as kept, the rest overdue, none
    moved."""
    packed = dict(
        reader.execute(f"SELECT youth_id, {_PACKED} FROM agreement_count AS t WHERE {kept}", where)
    )
    mask = (1 << _BITS) - 1
    numbers = set(packed.values())
    rows: dict[int, tuple[int, ...]] = {}
    for number in numbers - {None}:
        made, on_time, late, dropped = (number >> shift & mask for shift in _SHIFTS)
        rows[number] = (made, on_time, late, dropped, made - on_time - late - dropped, 0)
    if None not in numbers:  # one tuple for all who share their counts, in C
        return dict(zip(packed, map(rows.__getitem__, packed.values()), strict=True))
    from efter.core.casefile import ids_param  # counts too large to pack: read as they are

    counted = {youth: rows[number] for youth, number in packed.items() if number is not None}
    many = {**where, "many": ids_param([youth for youth, n in packed.items() if n is None])}
    for youth, *counts in reader.execute(
        f"SELECT youth_id, {', '.join(_KEPT)}, made - kept_on_time - kept_late - dropped, 0 "
        "FROM agreement_count WHERE youth_id IN (SELECT value FROM json_each(:many))",
        many,
    ):
        counted[youth] = tuple(counts)
    return counted


_SHIFTS = tuple(range(0, 4 * _BITS, _BITS))


def _by_youth(counted: Counted, ids: list[int], population: list[Any], keys: list[str]) -> Rows:
    """The young people with agreements, in the population's order, column by column (no
    dict per young person, and each column taken by map() in C). `counted`: see Counted;
    `population`: the young people's rows (id, then `keys`: e.g. ref, name, coordinator,
    programme, ... read by position, which is quicker than by name), `ids` their ids."""
    has = list(map(counted.__contains__, ids))
    counts = cast(list[tuple[int, ...]], list(compress(map(counted.get, ids), has)))
    people = list(compress(population, has))
    # Each young person's counts are one of a few sets (core.rows.Alike): each set's figures
    # worked out once, and every column taken from them by map() in C.
    number = dict.fromkeys(counts, 0)  # each set once, in the order met
    for n, key in enumerate(number):
        number[key] = n
    which = list(map(number.__getitem__, counts))
    kinds = list(map(_kind, number))
    return Rows(
        {
            "id": list(compress(ids, has)),
            **{key: list(map(itemgetter(n), people)) for n, key in enumerate(keys, 1)},
            **{
                key: list(map([kind[at] for kind in kinds].__getitem__, which))
                for at, key in enumerate(_ALIKE)
            },
        },
        Alike(_ALIKE, which, kinds),
    )


_COUNTS = slice(1, 7)  # a row of _counted's per young person: its counts, after the young person
# A young person's figures, in the report's order, each worked out by _kind().
_ALIKE = (
    "made", "kept_on_time", "kept_late", "dropped", "overdue", "not_yet_due", "moved",
    "falling_due", "share_kept_on_time",
)  # fmt: skip


def _kind(counts: tuple[int, ...]) -> tuple[Any, ...]:
    """A young person's figures (_ALIKE) from their counts (made, kept on time, kept late,
    dropped, overdue, moved)."""
    made, on_time, late, dropped, overdue, moved = counts
    not_due = made - on_time - late - dropped - overdue
    falling = made - not_due
    return (made, on_time, late, dropped, overdue, not_due, moved, falling,
            ratio(on_time, falling))  # fmt: skip


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
