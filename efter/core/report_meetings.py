"""`efter report meetings`: meetings in the window by status, per young person and per
coordinator; two held a year; milestone meetings held; the young person's attendance."""

import sqlite3
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from itertools import repeat
from typing import Any

from efter.core import rules
from efter.core.dates import add_months
from efter.core.deadlines import MILESTONES, milestone_of
from efter.core.reports import (
    PERSON,
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


@lru_cache(maxsize=16384)  # per birth date: many share one
def _milestone_days(born: str) -> tuple[str, ...]:
    """The days (ISO) a young person born on `born` reaches each milestone age."""
    birth = date.fromisoformat(born)
    return tuple(rules.age_day(birth, months).isoformat() for _, months in MILESTONES)


_STONE_COLUMNS = tuple(f"milestone_{code.replace('.', '_')}_on" for code, _ in MILESTONES)
_ELIGIBLE = 1 << len(MILESTONES)  # in the programme the whole 12 months


def _placed(last: str, year_from: str) -> str:
    """Two columns for a youth row: `dated`, whether its stored milestone days (m024) are its
    own (rules.STORED_STAMP_SQL), and where it stands as bits: bit n, the milestone age n
    (MILESTONES) falls in its time in the programme up to `last`; _ELIGIBLE, in the programme
    from `year_from` to `last`. `last` and `year_from`: ISO days efter made (literals)."""
    until = f"CASE WHEN closed IS NOT NULL AND closed < '{last}' THEN closed ELSE '{last}' END"
    bits = [
        f"CASE WHEN start <= {column} AND {column} <= {until} THEN {1 << n} ELSE 0 END"
        for n, column in enumerate(_STONE_COLUMNS)
    ]
    bits.append(
        f"CASE WHEN start <= '{year_from}' AND (closed IS NULL OR closed >= '{last}') "
        f"THEN {_ELIGIBLE} ELSE 0 END"
    )
    stamp = rules.STORED_STAMP_SQL.format(y="")
    return f"{rules.STORED_STAMP} = {stamp} AS dated, {' + '.join(bits)} AS placed"


def _placed_here(r: Any, last: str, year_from: str) -> int:
    """_placed()'s bits of a row whose stored days are not its own, from its birth date."""
    start_, closed = r[5], r[6]
    until = closed if closed is not None and closed < last else last
    bits = sum(1 << n for n, day in enumerate(_milestone_days(r[7])) if start_ <= day <= until)
    if start_ <= year_from and (closed is None or closed >= last):
        bits |= _ELIGIBLE
    return bits


_COUNTED = ("planned", "held", "cancelled", "no_show", "not_registered", "youth_attended")


def _summed(counts: list[tuple[Any, ...]]) -> dict[str, Any]:
    """_meeting_counts() of these young people's rows of counts (the id, then the counts in
    _COUNTED's order, then more), summed column by column in C."""
    if not counts:
        return _meeting_counts()
    return dict(zip(_COUNTED, map(sum, list(zip(*counts, strict=True))[1:7]), strict=True))


def _next(day: date) -> str:
    """The day after, as ISO text: `starts < _next(day)` is `date(starts) <= day`."""
    return (day + timedelta(days=1)).isoformat()


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
    year_ago = add_months(end, -12)
    last, first, year_from = (
        end.isoformat(),
        start.isoformat() if start else "",
        year_ago.isoformat(),
    )
    people = population(conn, filters, today, f"{PERSON}, born, {_placed(last, year_from)}")
    ids = ids_of(people)
    reader = conn.cursor()
    reader.row_factory = None  # plain tuples
    # `starts` is ISO text beginning with the day (core.meetings writes it so and reads its
    # first ten characters as the day): the window's days compared as text, with no date()
    # per meeting.
    chosen, ids_bound = among(conn, "m.youth_id", ids)
    where = {"ids": ids_bound, "first": first, "after": _next(end), "year": _next(year_ago)}
    # Counted in SQL, one row per young person (30,000 meetings at 10,000 young people): the
    # meetings in the window by status, the young person's attendance at those held, and the
    # meetings held in the 12 months up to the window's end. Every column it reads is in the
    # index meeting_youth_status (youth id, status, starts, and the id), which is read instead
    # of the table.
    counted = reader.execute(
        "SELECT youth_id, sum(starts >= :first), sum(starts >= :first AND status = 'held'), "
        "sum(starts >= :first AND status = 'cancelled'), "
        "sum(starts >= :first AND status = 'no-show'), "
        "sum(starts >= :first AND status = 'planned'), "
        "sum(starts >= :first AND status = 'held' AND id IN (SELECT meeting_id FROM attendance "
        "WHERE person = 'youth' AND presence = 'attended')), "
        "sum(status = 'held' AND starts >= :year) "
        f"FROM meeting m WHERE starts < :after AND {chosen} GROUP BY youth_id",
        where,
    )
    zero = (None, 0, 0, 0, 0, 0, 0, 0)  # the row of a young person with no meetings
    counts_of = {row[0]: row for row in counted}  # the rows as read: nothing made per row
    # The milestone meetings held up to the window's end, as (milestone or '', day): few, read
    # through the index by young person, in the table's own order (`youth_id > 0` chooses
    # it, `+` keeps SQLite from the index by status: a look-up per held meeting in the order
    # of their dates took four times as long).
    stones_of: dict[int, list[tuple[str, str]]] = {}
    for youth_id, milestone, day in reader.execute(
        "SELECT youth_id, coalesce(milestone, ''), substr(starts, 1, 10) FROM meeting m "
        "WHERE kind = 'milestone' AND +status = 'held' AND +starts < :after "
        f"AND m.youth_id > 0 AND {chosen}",
        where,
    ):
        stones_of.setdefault(youth_id, []).append((milestone, day))
    # The people's fields read by position, which is quicker than by name (and no tuple is
    # made of each row): id, ref, name, coordinator, programme, start, closed, born (PERSON +
    # born, in order).
    rows = people
    mine_of = list(map(counts_of.get, ids, repeat(zero)))  # each one's counts, in order
    per_youth = {}
    by_coordinator: dict[str, tuple[Any, list[tuple[int, ...]]]] = {}
    for r, mine in zip(rows, mine_of, strict=True):
        _, planned, held, cancelled, no_show, unregistered, came, year = mine
        per_youth[r[0]] = {
            "id": r[0], "ref": r[1], "name": r[2], "coordinator": r[3], "programme": r[4],
            "planned": planned, "held": held, "cancelled": cancelled, "no_show": no_show,
            "not_registered": unregistered, "youth_attended": came,
            "held_last_12_months": year, "milestones_held": [],
            "youth_attendance_share": ratio(came, held),
        }  # fmt: skip
        coordinator = r[3]
        by_coordinator.setdefault(coordinator or "", (coordinator, []))[1].append(mine)
    # Which milestone each milestone meeting held is (by its own label, or its date).
    born = {r[0]: r[7] for r in rows if r[0] in stones_of}
    for youth_id, meetings_held in stones_of.items():
        if youth_id not in born:
            continue
        stones = per_youth[youth_id]["milestones_held"]
        for milestone, day in meetings_held:
            stone = milestone_of("milestone", milestone or None, born[youth_id], day)
            if stone and stone not in stones:
                stones.append(stone)
    youth_rows = list(per_youth.values())
    for item in youth_rows:
        if item["milestones_held"]:
            item["milestones_held"].sort(key=float)

    totals = _summed(mine_of)
    totals["young_people"] = len(youth_rows)
    totals["youth_attendance_share"] = ratio(totals["youth_attended"], totals["held"])

    coordinators: dict[str, dict[str, Any]] = {}
    for key, (coordinator, theirs) in by_coordinator.items():
        group = coordinators[key] = {"coordinator": coordinator, "young_people": len(theirs)}
        group.update(_summed(theirs))
        group["youth_attendance_share"] = ratio(group["youth_attended"], group["held"])

    # Two held meetings a year: only those in the programme the whole 12 months. A milestone
    # meeting is due when its age falls in the young person's time in the programme. Where
    # each young person stands (_placed(): bits read with them, from the stored milestone
    # days), counted by the kind of standing in C; computed here for a row whose stored days
    # are not its own.
    placed = [r[9] if r[8] else _placed_here(r, last, year_from) for r in rows]
    kinds = Counter(placed)
    eligible = sum(count for bits, count in kinds.items() if bits & _ELIGIBLE)
    two = sum(1 for bits, mine in zip(placed, mine_of, strict=True)
              if bits & _ELIGIBLE and mine[7] >= 2)  # fmt: skip
    due = [sum(count for bits, count in kinds.items() if bits >> n & 1)
           for n in range(len(MILESTONES))]  # fmt: skip
    held_on_time = [0 for _ in MILESTONES]
    codes = [code for code, _ in MILESTONES]
    placed_of = dict(zip(ids, placed, strict=True))
    for youth_id in stones_of:
        if youth_id in placed_of and (stones := per_youth[youth_id]["milestones_held"]):
            bits = placed_of[youth_id]
            for n, code in enumerate(codes):
                held_on_time[n] += bool(bits >> n & 1) and code in stones
    milestones = [
        {"milestone": code, "due": due[n], "held": held_on_time[n],
         "share": ratio(held_on_time[n], due[n])}
        for n, (code, _) in enumerate(MILESTONES)
    ]  # fmt: skip
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
            "eligible": eligible,
            "count": two,
            "share": ratio(two, eligible),
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
