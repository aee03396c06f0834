"""`efter report meetings`: meetings in the window by status, per young person and per
coordinator; two held a year; milestone meetings held; the young person's attendance."""

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import compress, repeat
from operator import add, ge, itemgetter
from typing import Any

from efter.core import rules
from efter.core.dates import add_months
from efter.core.names import order_key
from efter.core.reports import (
    SMALL,
    Filters,
    Report,
    among,
    population,
    protect_fields,
    ratio,
    share_fraction,
)
from efter.core.rows import Alike, Rows

MEETING_STATUSES = ("held", "cancelled", "no-show", "planned")
# deadlines.MILESTONES: efter.core.deadlines (and the youth and vocabulary modules it brings,
# ~2.5 ms) is imported only when a milestone meeting planned without its milestone was held.
MILESTONES = rules.MILESTONE_MONTHS
_PERSON = "id, ref, name, coordinator, programme"  # reports.PERSON but the window's dates
_SHOWN = "id, name, coordinator"  # what the table and --csv show of each young person


@lru_cache(maxsize=16384)  # per birth date: many share one
def _milestone_days(born: str) -> tuple[str, ...]:
    """The days (ISO) a young person born on `born` reaches each milestone age."""
    birth = date.fromisoformat(born)
    return tuple(rules.age_day(birth, months).isoformat() for _, months in MILESTONES)


_STONE_COLUMNS = tuple(f"milestone_{code.replace('.', '_')}_on" for code, _ in MILESTONES)
_ELIGIBLE = 1 << len(MILESTONES)  # in the programme the whole 12 months


def _in_time(column: str, last: str) -> str:
    """SQL: the day in `column` falls in a youth row's time in the programme up to `last`
    (its close, if that is earlier). One writing for _placed() and _due_sum()."""
    until = f"CASE WHEN closed IS NOT NULL AND closed < '{last}' THEN closed ELSE '{last}' END"
    return f"start <= {column} AND {column} <= {until}"


def _whole_year(last: str, year_from: str) -> str:
    """SQL: a youth row is in the programme the whole 12 months, `year_from` to `last`. One
    writing for _placed() and _eligible()."""
    return f"start <= '{year_from}' AND (closed IS NULL OR closed >= '{last}')"


def _placed(last: str, year_from: str) -> str:
    """A column for a youth row: where it stands, as bits (bit n, the milestone age n
    (MILESTONES) falls in its time in the programme up to `last`; _ELIGIBLE, in the
    programme from `year_from` to `last`), from its stored milestone days (m024); NULL when
    those are not its own (rules.STORED_STAMP_SQL), for _placed_here() to work out from its
    birth date, read then (one column fewer for everyone: ~3 ms at 10,000). `last` and
    `year_from`: ISO days efter made (literals)."""
    bits = [
        f"CASE WHEN {_in_time(column, last)} THEN {1 << n} ELSE 0 END"
        for n, column in enumerate(_STONE_COLUMNS)
    ]
    bits.append(f"CASE WHEN {_whole_year(last, year_from)} THEN {_ELIGIBLE} ELSE 0 END")
    stamp = rules.STORED_STAMP_SQL.format(y="")
    return f"CASE WHEN {rules.STORED_STAMP} = {stamp} THEN {' + '.join(bits)} END AS placed"


def _placed_here(start: str, closed: str | None, born: str, last: str, year_from: str) -> int:
    """_placed()'s bits of a young person whose stored days are not their own, from their
    birth date."""
    until = closed if closed is not None and closed < last else last
    bits = sum(1 << n for n, day in enumerate(_milestone_days(born)) if start <= day <= until)
    if start <= year_from and (closed is None or closed >= last):
        bits |= _ELIGIBLE
    return bits


def _placed_of(
    conn: sqlite3.Connection,
    ids: list[int],
    chosen: str,
    ids_bound: str,
    last: str,
    year_from: str,
) -> list[int | None]:
    """_placed() of each of these young people (`ids`, in their order), read from their rows
    apart from the young people themselves (read from the index in name order alone): the
    table straight through when they are everyone (`chosen` is "1", reports.among()), or
    each by its id (`chosen`: `id IN (...)`, `ids_bound` bound as :ids)."""
    reader = conn.cursor()
    reader.row_factory = None
    found = dict(
        reader.execute(
            f"SELECT id, {_placed(last, year_from)} FROM youth WHERE {chosen}", {"ids": ids_bound}
        )
    )
    return list(map(found.__getitem__, ids))


# How many young people each milestone age falls due for, summed in SQL as one number
# (_due_sum): 15 bits a milestone and 15 more for those whose stored days are not their own,
# so one row is read, not a row per young person (10,000 young people: ~6 ms less, the
# sqlite3 module's objects). For a report of 32,768 young people or more, where the sums
# would not fit, each young person's _placed() is read as before.
_FIELD = 15
PACKED_BELOW = 1 << _FIELD


def _due_sum(last: str) -> str:
    """A youth row's part of _due()'s sum: 1 << (_FIELD * n) for each milestone age n
    that falls in its time in the programme up to `last` (as _placed()'s bit n), or
    1 << (_FIELD * len(MILESTONES)) when its stored days are not its own."""
    parts = [
        f"CASE WHEN {_in_time(column, last)} THEN {1 << (_FIELD * n)} ELSE 0 END"
        for n, column in enumerate(_STONE_COLUMNS)
    ]
    stamp = rules.STORED_STAMP_SQL.format(y="")
    other = 1 << (_FIELD * len(MILESTONES))
    return f"CASE WHEN {rules.STORED_STAMP} = {stamp} THEN {' + '.join(parts)} ELSE {other} END"


def _due(
    conn: sqlite3.Connection, chosen: str, ids_bound: str, last: str, year_from: str
) -> list[int]:
    """How many of the young people `chosen` (as for _placed_of(), fewer than PACKED_BELOW)
    each milestone age falls due for, in the order of MILESTONES; those whose stored days are
    not their own worked out from their birth date (_placed_here())."""
    reader = conn.cursor()
    reader.row_factory = None
    bound = {"ids": ids_bound}
    (total,) = reader.execute(
        f"SELECT CAST(sum({_due_sum(last)}) AS BIGINT) FROM youth WHERE {chosen}", bound
    ).fetchone()
    total = total or 0
    mask = (1 << _FIELD) - 1
    due = [total >> (_FIELD * n) & mask for n in range(len(MILESTONES))]
    if total >> (_FIELD * len(MILESTONES)):  # some whose stored days are not their own
        stamp = rules.STORED_STAMP_SQL.format(y="")
        other = [youth_id for (youth_id,) in reader.execute(
            f"SELECT id FROM youth WHERE {chosen} "
            f"AND CASE WHEN {rules.STORED_STAMP} = {stamp} THEN 0 ELSE 1 END = 1", bound)]  # fmt: skip
        for born, start, closed in _dates(conn, other).values():
            bits = _placed_here(start, closed, born, last, year_from)
            for n in range(len(MILESTONES)):
                due[n] += bits >> n & 1
    return due


def _placed_each(
    conn: sqlite3.Connection,
    ids: list[int],
    last: str,
    year_from: str,
    chosen: str | None = None,
    ids_bound: str = "[]",
) -> dict[int, int]:
    """_placed() of these young people by id, those whose stored days are not their own
    worked out from their birth date (_placed_here()): each read by its id (a few: those
    who held a milestone), or with `chosen` and `ids_bound` as _placed_of() reads them (a
    report's young people, too many to sum in SQL)."""
    if not ids:
        return {}
    if chosen is None:
        from efter.core.casefile import ids_param

        chosen, ids_bound = "id IN (SELECT value FROM json_each(:ids))", ids_param(ids)
    placed: dict[int, Any] = dict(zip(ids, _placed_of(conn, ids, chosen, ids_bound, last,
                                                      year_from), strict=True))  # fmt: skip
    unplaced = [youth_id for youth_id, bits in placed.items() if bits is None]
    for youth_id, (born, start, closed) in _dates(conn, unplaced).items():
        placed[youth_id] = _placed_here(start, closed, born, last, year_from)
    return placed


def _eligible(last: str, year_from: str) -> str:
    """A column for a youth row: 1 when it is in the programme the whole 12 months
    (from `year_from` to `last`: _placed()'s _ELIGIBLE), else 0; read with the young
    people, from the index in name order (m026 holds start and closed)."""
    return f"CASE WHEN {_whole_year(last, year_from)} THEN 1 ELSE 0 END AS eligible"


def _dates(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[str, str, Any]]:
    """These young people's birth date, start and close (or None), by id."""
    from efter.core.casefile import ids_param

    reader = conn.cursor()
    reader.row_factory = None
    found = reader.execute(
        "SELECT id, born, start, closed FROM youth WHERE id IN (SELECT value FROM json_each(?))",
        (ids_param(ids),),
    )
    return {row[0]: row[1:] for row in found}


def _next(day: date) -> str:
    """The day after, as ISO text: `starts < _next(day)` is `date(starts) <= day`."""
    return (day + timedelta(days=1)).isoformat()


# What is counted for each young person, as _counted() returns it, then the 12 months' held.
_COUNTS = ("planned", "held", "cancelled", "no_show", "not_registered", "youth_attended")

# Each meeting's part in its young person's counts as one number, a count in each 8 bits
# (held, cancelled, no-show, still planned in the window; the young person came to one held
# in it; held in the 12 months), so that one sum per young person counts them all: some
# SQLite steps per meeting fewer than a sum per count (30,000 meetings: ~8 ms). A young
# person with 256 meetings or more would overflow a count into the next: they are counted
# by status instead (_counted_by_status). No sum can exceed SQLite's 64 bits below some 8
# million meetings of one young person.
_WIDTH = 8
_SHIFTS = tuple(range(0, 6 * _WIDTH, _WIDTH))
_ATTENDED = (
    "m.id IN (SELECT meeting_id FROM attendance WHERE person = 'youth' AND presence = 'attended')"
)
# _PART_ALL: a window from the beginning (no --from: every meeting before its end is in
# it), with one test fewer per meeting; _PART: a window from `:first`.
_PART_ALL = (
    "CASE m.status WHEN 'held' THEN "
    f"CASE WHEN m.starts >= :year THEN {1 + (1 << _SHIFTS[5])} ELSE 1 END + "
    f"CASE WHEN {_ATTENDED} THEN {1 << _SHIFTS[4]} ELSE 0 END "
    f"WHEN 'cancelled' THEN {1 << _SHIFTS[1]} WHEN 'no-show' THEN {1 << _SHIFTS[2]} "
    f"WHEN 'planned' THEN {1 << _SHIFTS[3]} ELSE 0 END"
)
_PART = (
    f"CASE WHEN m.starts >= :first THEN {_PART_ALL} "
    f"WHEN m.status = 'held' AND m.starts >= :year THEN {1 << _SHIFTS[5]} ELSE 0 END"
)


def _counted(
    conn: sqlite3.Connection, where: dict[str, Any], chosen: str, ids: list[int]
) -> tuple[list[list[int]], list[tuple[int, ...]]]:
    """The meetings of the young people `ids` counted, as columns in the order of `ids`
    (_COUNTS, then the meetings held in the 12 months up to the window's end): every
    meeting in the window, those held, cancelled, no-show and still planned (not registered)
    in it, and the young person's attendance at those held; and each young person's counts
    as a row (all but the first, one tuple for all who share them). Read as one row per
    young person, their counts packed in one number (_PART, _PART_ALL); the index
    meeting_youth_status (youth id, status, starts, and the id) is read instead of the table,
    in its own order."""
    reader = conn.cursor()
    reader.row_factory = None  # plain tuples
    packed = dict(  # from the cursor: each row's tuple gone as soon as it is read
        reader.execute(
            f"SELECT m.youth_id, CASE WHEN count(*) < {1 << _WIDTH} "
            f"THEN CAST(sum({_PART if where['first'] else _PART_ALL}) AS BIGINT) END "
            f"FROM meeting m WHERE m.starts < :after AND {chosen} GROUP BY m.youth_id",
            where,
        )
    )
    values = list(map(packed.get, ids, repeat(0)))
    mask = (1 << _WIDTH) - 1
    # Each number taken apart once: most young people share their counts with many others.
    counts = {value: tuple(value >> shift & mask for shift in _SHIFTS)
              for value in set(values) if value is not None}  # fmt: skip
    many = [youth_id for youth_id, value in packed.items() if value is None]
    if many:
        exact = _counted_by_status(conn, where, many)
        rows = [exact[youth_id] if value is None else counts[value]
                for youth_id, value in zip(ids, values, strict=True)]  # fmt: skip
    else:
        rows = list(map(counts.__getitem__, values))
    columns = [list(map(itemgetter(n), rows)) for n in range(len(_SHIFTS))]  # in C, by position
    every = list(map(add, map(add, columns[0], columns[1]), map(add, columns[2], columns[3])))
    return [every, *columns], rows


# The milestone meetings held before the window's end (`:after`) of the young people chosen
# (`{chosen}`, reports.among()), each as (young person, milestone, None, None), or when
# planned without its milestone as (young person, None, birth date, day).
MILESTONES_HELD = (
    "SELECT m.youth_id, m.milestone, "
    "CASE WHEN m.milestone IS NULL THEN (SELECT y.born FROM youth y WHERE y.id = m.youth_id) END, "
    "CASE WHEN m.milestone IS NULL THEN substr(m.starts, 1, 10) END FROM meeting m "
    "WHERE m.status = 'held' AND m.kind = 'milestone' AND +m.starts < :after AND {chosen}"
)

_STATUS = {"held": 0, "cancelled": 1, "no-show": 2, "planned": 3}  # their place in a row


def _counted_by_status(
    conn: sqlite3.Connection, where: dict[str, Any], ids: list[int]
) -> dict[int, tuple[int, ...]]:
    """_counted()'s counts of these young people (held, cancelled, no-show, still planned,
    came, held in the 12 months) by young person, counted by status: for those with more
    meetings than _counted() can pack."""
    from efter.core.casefile import ids_param

    found: dict[int, list[int]] = {youth_id: [0] * len(_SHIFTS) for youth_id in ids}
    for youth_id, status, count, attended, last_year in conn.execute(
        "SELECT m.youth_id, m.status, sum(m.starts >= :first), "
        f"sum(m.starts >= :first AND {_ATTENDED}), sum(m.starts >= :year) "
        "FROM meeting m WHERE m.starts < :after "
        "AND m.youth_id IN (SELECT value FROM json_each(:many)) GROUP BY m.youth_id, m.status",
        {**where, "many": ids_param(ids)},
    ):
        row = found[youth_id]
        row[_STATUS[status]] = count
        if status == "held":
            row[4], row[5] = attended, last_year
    return {youth_id: tuple(row) for youth_id, row in found.items()}


def meetings(
    conn: sqlite3.Connection,
    filters: Filters,
    today: date,
    *,
    share: bool = False,
    wide: bool = True,
) -> Report:
    """Meetings in the window by status, per young person and per coordinator; the share with
    at least two held meetings in the 12 months up to the window's end; milestone meetings
    held; the young person's own attendance at held meetings. With `wide` False, each young
    person without their ref and programme (what the table and --csv leave out: two columns
    fewer read, ~4 ms at 10,000)."""
    start, end = filters.window(today)
    year_ago = add_months(end, -12)
    last, first, year_from = (
        end.isoformat(),
        start.isoformat() if start else "",
        year_ago.isoformat(),
    )
    # The young people as plain tuples, their fields by position: id, ref, name,
    # coordinator, programme (or id, name, coordinator); those in the window chosen in SQL,
    # from the index in name order alone (m026).
    read = (_PERSON if wide else _SHOWN).split(", ")
    people = population(
        conn, filters, today, f"{', '.join(read)}, {_eligible(last, year_from)}", plain=True
    )
    # Everything that follows is done column by column (10,000 young people: no dict and
    # no Python code per young person but where a figure needs it).
    # By position with itemgetter (zip(*people) made an iterator of each row for the
    # collector to count: 13 of its collections).
    person = {key: list(map(itemgetter(n), people)) for n, key in enumerate(read)}
    eligible = list(map(itemgetter(len(read)), people))  # 1 or 0 (_eligible())
    ids = person["id"]  # whole numbers as read (ids_of() without an int() each)
    # `starts` is ISO text beginning with the day (core.meetings writes it so and reads its
    # first ten characters as the day): the window's days compared as text, with no date()
    # per meeting.
    chosen, ids_bound = among(conn, "m.youth_id", ids)
    where = {"ids": ids_bound, "first": first, "after": _next(end), "year": _next(year_ago)}
    counts, rows = _counted(conn, where, chosen, ids)
    year = counts[6]
    # The milestones held up to the window's end: each young person's labelled milestone
    # meetings as (young person, milestone, None, None), once for all of the same (a set);
    # one planned without its milestone as (young person, None, birth date, day), to be
    # told by its date (deadlines.milestone_of). Few, read from the index that holds only
    # them (m027, meeting_milestone_held).
    reader = conn.cursor()
    reader.row_factory = None
    found = set(reader.execute(MILESTONES_HELD.format(chosen=chosen), where).fetchall())
    pairs = {(youth_id, milestone) for youth_id, milestone, _, _ in found if milestone}
    unlabelled = [row for row in found if not row[1]]
    if unlabelled:
        from efter.core.deadlines import milestone_of

        for youth_id, _, born, day in unlabelled:
            pairs.add((youth_id, milestone_of("milestone", None, born, day) or ""))
    # Who held each milestone (bit n of `placed`), and each young person's milestones held,
    # in the order of the milestones.
    holders = [{youth_id for youth_id, stone in pairs if stone == code} for code, _ in MILESTONES]
    anyone = set().union(*holders)
    at = {youth_id: n for n, youth_id in enumerate(ids) if youth_id in anyone}  # in the report
    stones_held: dict[int, list[str]] = {}
    for (code, _), who in zip(MILESTONES, holders, strict=True):
        for youth_id in who:
            if youth_id in at:
                stones_held.setdefault(youth_id, []).append(code)
    # Where the young people stand (_placed()'s bits): how many each milestone age falls due
    # for, summed in SQL, and each one who held a milestone's own; for a report too large to
    # sum so, each young person's.
    youth_chosen = chosen.replace("m.youth_id", "id")
    if len(ids) < PACKED_BELOW:
        due = _due(conn, youth_chosen, ids_bound, last, year_from)
        placed_of = _placed_each(conn, list(at), last, year_from)
    else:
        placed_of = _placed_each(conn, ids, last, year_from, youth_chosen, ids_bound)
        kinds = Counter(placed_of.values())
        due = [sum(count for bits, count in kinds.items() if bits >> n & 1)
               for n in range(len(MILESTONES))]  # fmt: skip

    totals: dict[str, Any] = dict(zip(_COUNTS, map(sum, counts), strict=False))
    totals["young_people"] = len(ids)
    totals["youth_attendance_share"] = ratio(totals["youth_attended"], totals["held"])

    # Two held meetings a year: only those in the programme the whole 12 months (`eligible`),
    # counted in C. A milestone meeting is due when its age falls in the young person's
    # time in the programme (`due`, above).
    two = sum(compress(map(ge, year, repeat(2)), eligible))
    eligible_count = sum(eligible)
    held_on_time = [sum(1 for youth_id in who if youth_id in at and placed_of[youth_id] >> n & 1)
                    for n, who in enumerate(holders)]  # fmt: skip
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
            "eligible": eligible_count,
            "count": two,
            "share": ratio(two, eligible_count),
        },
        "milestones": milestones,
    }
    if share:
        _share_meetings(report)
    else:
        report["by_coordinator"] = _by_coordinator(person["coordinator"], rows)
        which, sets = _sets(rows, [at[youth_id] for youth_id in stones_held],
                            stones_held.values())  # fmt: skip
        shares = [kind[-1] for kind in sets]  # each set's share: no pair hashed a row
        report["by_youth"] = Rows(
            {
                **person,
                **dict(zip(_COUNTS, counts, strict=False)),
                "held_last_12_months": year,
                "milestones_held": list(map(stones_held.get, ids, repeat(_NONE))),
                "youth_attendance_share": list(map(shares.__getitem__, which)),
            },
            Alike(_ALIKE, which, sets),
        )  # fmt: skip
    return Report(report, ids)


# The columns of a young person's counts that _sets() gives in sets, in the report's order.
_ALIKE = (*_COUNTS, "held_last_12_months", "milestones_held", "youth_attendance_share")


def _sets(
    rows: list[tuple[int, ...]], holders: list[int], stones: Iterable[list[str]]
) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The young people's counts as a few sets (core.rows.Alike of _ALIKE), as each young
    person's set and the sets: one for each of _counted()'s rows (one tuple for all who
    share their counts, told by which tuple it is), and one more for each young person who
    held a milestone (at `holders`, their milestones held `stones`)."""
    objects = dict(zip(map(id, rows), rows, strict=True))  # each tuple once, in C
    number = {key: n for n, key in enumerate(objects)}
    which = list(map(number.__getitem__, map(id, rows)))
    kinds = [_kind(row, _NONE) for row in objects.values()]
    for at, held in zip(holders, stones, strict=True):
        which[at] = len(kinds)
        kinds.append(_kind(rows[at], held))
    return which, kinds


def _kind(row: tuple[int, ...], stones: list[str]) -> tuple[Any, ...]:
    """A young person's values of _ALIKE from their row of _counted() and milestones held."""
    held, cancelled, no_show, unregistered, came, year = row
    every = held + cancelled + no_show + unregistered
    return (every, held, cancelled, no_show, unregistered, came, year, stones, ratio(came, held))


# The milestones held by a young person who held none: one empty list for all of them (a
# list each was 10,000 objects for the collector to count), which nothing changes.
_NONE: list[str] = []


def _shares(parts: list[int], wholes: list[int]) -> list[float | None]:
    """ratio() of each pair, worked out once for each pair that differs: young people's
    counts are small numbers that many share (a round() each cost ~2 ms at 10,000)."""
    pairs = zip(parts, wholes, strict=True)
    share = {pair: ratio(*pair) for pair in set(pairs)}
    return list(map(share.__getitem__, zip(parts, wholes, strict=True)))


def _by_coordinator(coordinators: Sequence[str | None], rows: list[tuple[int, ...]]) -> Rows:
    """Each coordinator's young people and their counts summed (_COUNTS), in Danish
    alphabetical order of the coordinator (no coordinator: as ''), spelt as by the first of
    their young people; column by column, as the young people's. `rows`: each young
    person's counts as _counted() gives them. Summed as one number per young person, a
    count in each 64 bits (more than any case file's meetings), the young person
    themselves counted in the last, by one addition each."""
    keys = [coordinator or "" for coordinator in coordinators]
    wide = {row: sum(count << (64 * n) for n, count in enumerate(row[:5])) + _ONE_MORE
            for row in set(rows)}  # fmt: skip
    sums = dict.fromkeys(keys, 0)
    for key, number in zip(keys, map(wide.__getitem__, rows), strict=True):
        sums[key] += number
    # Each coordinator is spelt as they are; no coordinator ('') as the first young person
    # with none has it (None or '').
    spelt: dict[str, str | None] = {key: key for key in sums}
    if "" in spelt:
        spelt[""] = next(coordinator for coordinator in coordinators if not coordinator)
    ordered = sorted(sums, key=order_key)  # Danish order, as the young people are
    numbers = list(map(sums.__getitem__, ordered))
    held, cancelled, no_show, unregistered, came, people = (
        [number >> shift & _MASK64 for number in numbers] for shift in range(0, 384, 64)
    )
    return Rows(
        {
            "coordinator": list(map(spelt.__getitem__, ordered)),
            "young_people": people,
            "planned": list(map(add, map(add, held, cancelled), map(add, no_show, unregistered))),
            "held": held, "cancelled": cancelled, "no_show": no_show,
            "not_registered": unregistered, "youth_attended": came,
            "youth_attendance_share": _shares(came, held),
        }
    )  # fmt: skip


_ONE_MORE = 1 << (64 * 5)  # one young person more, in the number _by_coordinator() sums
_MASK64 = (1 << 64) - 1


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
