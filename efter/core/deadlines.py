"""Statutory deadlines recorded as met: the day the ungeplan was made, the § 111 decision
taken, the handover to the new acting municipality at 18 done, support ended by 23."""

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, overload

from efter.core import clock, rules
from efter.core.casefile import ids_param
from efter.core.dates import add_months, birthday
from efter.core.errors import InvalidInput, NotFound
from efter.core.i18n import N_, day_text, t
from efter.core.rows import ByValue
from efter.core.sqlparts import split_terms
from efter.core.vocab import Term, lookup

if TYPE_CHECKING:  # a report's judging does not load the young person's module
    from efter.core.youth import Youth

# The codes 'efter deadline met|clear' takes, found by code, label (core.rules.LABELS) or
# alias; the labels the page used before are aliases, so what was accepted still is.
DEADLINES = (
    Term("ungeplan", *rules.LABELS["ungeplan"], ("16", "youth-plan", "ungeplanen", "108", "§108", "§-108")),
    Term("s111", *rules.LABELS["s111"], ("111", "§111", "§-111", "17.5", "17½", "§ 111-afgørelse (6 mdr. før 18 år)", "§ 111 decision (6 months before 18)")),
    Term("adult", *rules.LABELS["adult"], ("18", "handlekommune", "18 år, handlekommunen kan skifte", "Age 18, acting municipality may change")),
    Term("ungestotte_end", *rules.LABELS["ungestotte_end"], ("23", "ungestøtte-slut", "end", "Ungestøtte slutter (23 år)", "End of support (23)")),
)  # fmt: skip


def record(
    conn: sqlite3.Connection, youth: "Youth", code: str, on: date, note: str | None
) -> tuple[str, bool]:
    """Record (or correct) the day a deadline was met. Returns (code, replaced)."""
    term = lookup(DEADLINES, code, N_("statutory date or deadline"), "the DEADLINE argument")
    if on < date.fromisoformat(youth.born):
        raise InvalidInput(
            field="date",
            problem=t(
                "the date {on} is before {name}'s birth date", on=day_text(on), name=youth.name
            ),
            fix=t("give a later date"),
        )
    if on > clock.today():
        raise InvalidInput(
            t(
                "The date {on} is in the future: record a deadline once it is met.",
                on=day_text(on),
            )
        )
    from efter.core.text import clean as clean_text

    note = clean_text(note, "--note", lines=True)
    existing = conn.execute(
        "SELECT id FROM deadline_met WHERE youth_id = ? AND code = ?", (youth.id, term.code)
    ).fetchone()
    conn.execute(
        "INSERT INTO deadline_met (youth_id, code, met_on, note, created) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (youth_id, code) DO UPDATE SET met_on = excluded.met_on, "
        "note = excluded.note, created = excluded.created",
        (youth.id, term.code, on.isoformat(), note, clock.timestamp()),
    )
    return term.code, existing is not None


def clear(conn: sqlite3.Connection, youth: "Youth", code: str) -> str:
    term = lookup(DEADLINES, code, N_("statutory date or deadline"), "the DEADLINE argument")
    cursor = conn.execute(
        "DELETE FROM deadline_met WHERE youth_id = ? AND code = ?", (youth.id, term.code)
    )
    if not cursor.rowcount:
        raise NotFound(
            t(
                "{label} has no recorded date for {code}: nothing to clear.",
                label=youth.label,
                code=term.code,
            )
        )
    return term.code


# --- what meets a statutory date, and every young person's dates judged -----------------

MILESTONES = rules.MILESTONE_MONTHS
ADULT_MEETING_MONTHS = 3  # a held meeting this close before 18 counts as acting on it


def milestone_of(kind: str, milestone: str | None, born: str, day: str) -> str | None:
    """The milestone a meeting is: its own label, or for a milestone meeting planned without
    one the milestone age (16, 17½, 18½) its date lies within six months of."""
    if kind != "milestone":
        return None
    if milestone:
        return milestone
    birth, on = date.fromisoformat(born), date.fromisoformat(day)
    for code, months in MILESTONES:
        at = rules.age_day(birth, months)
        if add_months(at, -6) <= on <= add_months(at, 6):
            return code
    return None


def evidence(
    code: str,
    on: date,
    *,
    recorded: str | None,
    held: Iterable[tuple[str, str, str | None]],
    closed: str | None,
) -> list[tuple[str, str]]:
    """(day, how) that count as meeting a statutory date: a date recorded with `efter deadline
    met` (any date); for the ungeplan a held milestone meeting at 16; for 18 a meeting held in
    the three months before the birthday; for 23 the case closed on or after it. Holding the
    17½ meeting is not the § 111 decision: only a recorded decision meets it."""
    done: list[tuple[str, str]] = []
    if recorded:
        done.append((recorded, "recorded"))
    if code == "ungeplan":
        done += [(d, "meeting") for d, kind, stone in held if kind == "milestone" and stone == "16"]
    elif code == "adult":  # the window's first day once, not once per meeting
        first, day = _adult_window(on)
        done += [(d, "meeting") for d, _, _ in held if first <= d <= day]
    elif code == "ungestotte_end" and closed and on.isoformat() <= closed:
        done.append((closed, "closed"))
    return done


@lru_cache(maxsize=16384)
def _adult_window(on: date) -> tuple[str, str]:
    """The days (ISO) a held meeting meets the date at 18 `on`."""
    return add_months(on, -ADULT_MEETING_MONTHS).isoformat(), on.isoformat()


@lru_cache(maxsize=16384)  # per birth date and placement: many young people share them
def _dated(
    born: str, placed: str | None
) -> tuple[bool, tuple[tuple[rules.StatutoryDate, str], ...]]:
    """Whether placed after 16, and the statutory dates with each date as ISO text."""
    birth = date.fromisoformat(born)
    placed_from = date.fromisoformat(placed) if placed else None
    late = rules.placed_after_16(birth, placed_from)
    return late, tuple(
        (item, item.on.isoformat()) for item in rules.statutory_dates(birth, placed_from)
    )


def judged_dates(
    person: Any,
    *,
    recorded: Mapping[str, str],
    held: list[tuple[str, str, str | None]],
    as_of: date,
) -> list[rules.Judged]:
    """Every statutory date of one young person (a youth row: born, start, closed,
    legal_basis, placed_from), judged on `as_of` by rules.judge."""
    return _judged(person, recorded, held, as_of.isoformat())


@lru_cache(maxsize=64)  # a few legal bases, placed after 16 or not
def _rules(basis: str | None, late: bool) -> tuple[rules.Applies, ...]:
    """What each statutory date (in rules.CODES' order) means for this legal basis."""
    return tuple(rules.applies(code, basis, placed_late=late) for code in rules.CODES)


def _done(
    person: Any,
    recorded: Mapping[str, str],
    held: list[tuple[str, str, str | None]],
    until: str,
    stored: tuple[bool, tuple[tuple[rules.StatutoryDate, str], ...]] | None = None,
) -> Iterator[tuple[rules.StatutoryDate, str, rules.Applies, Sequence[tuple[str, str]]]]:
    """Each statutory date of one young person with its rule and its evidence(); `stored`:
    what _dated() gives, from the dates stored with them (when they are theirs)."""
    basis, closed = person["legal_basis"], person["closed"]
    if held:
        held = [h for h in held if h[0] <= until]
    late, dated = _dated(person["born"], person["placed_from"]) if stored is None else stored
    for (item, day), rule in zip(dated, _rules(basis, late), strict=True):
        # evidence() finds nothing for a date that does not apply, nor without a recorded
        # date, a held meeting or (for 23) a closed case: most young people, most dates
        if rule.kind == rules.NOT_APPLICABLE or not (recorded or held or closed):
            yield item, day, rule, ()
        else:
            code = item.code
            done = evidence(code, item.on, recorded=recorded.get(code), held=held, closed=closed)
            yield item, day, rule, done


def _judged(
    person: Any,
    recorded: Mapping[str, str],
    held: list[tuple[str, str, str | None]],
    until: str,
) -> list[rules.Judged]:
    start, closed, judged = person["start"], person["closed"], rules.judged
    return [
        judged(item, day, rule, start, closed, done, until)
        for item, day, rule, done in _done(person, recorded, held, until)
    ]


def records_of(
    conn: sqlite3.Connection, people: Sequence[Any], at: Mapping[str, int] | None = None
) -> tuple[dict[int, dict[str, str]], dict[int, list[tuple[str, str, str | None]]]]:
    """For these young people: the dates recorded as met ({id: {code: day}}) and the held
    meetings that can meet a statutory date ({id: [(day, kind, milestone)]}: every milestone
    meeting, and the others held in the three months up to the 18th birthday, as evidence()
    counts them), in three queries whatever their number (four with the count that chooses
    how to read the meetings, and one by id for those read with placing() whose stored
    dates are not theirs). A meeting's day is the first ten characters of its ISO
    `starts`, as core.meetings reads it (no date() per meeting). The other held meetings,
    nineteen in twenty, are passed over in SQL. `at`: where id is in each row (rows read as
    plain tuples); without it, it is read by name."""
    if at is None:
        births = {int(p["id"]) for p in people}
    else:
        births = set(map(int, map(itemgetter(at["id"]), people)))
    on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    whole = 2 * len(births) >= on_file  # most of the file: read everyone's, keep theirs
    ids = "[]" if whole else ids_param(sorted(births))
    recorded: dict[int, dict[str, str]] = {}
    for youth_id, code, met_on in conn.execute(
        "SELECT youth_id, code, met_on FROM deadline_met"
        if whole
        else "SELECT youth_id, code, met_on FROM deadline_met "
        "WHERE youth_id IN (SELECT value FROM json_each(?))",
        () if whole else (ids,),
    ):
        if youth_id in births:
            recorded.setdefault(youth_id, {})[code] = met_on
    held: dict[int, list[tuple[str, str, str | None]]] = {}
    # Only the held meetings that can count are read, in two queries: the milestone meetings
    # (from their own index, m027_milestone_meetings), and the others held in the months up
    # to the 18th birthday (a window wider than the three months; the exact window is
    # checked below): 2,000 of 28,000 held meetings at 10,000 young people. The second is
    # read young person by young person (CROSS JOIN: the young people first), each one's
    # window a range of the index by young person, status and start; a scan of the held
    # meetings instead looked up the young person of each (twice the time).
    # With the statutory dates stored (m024) and the young person's own (the stamp), the
    # window is from the § 111 date (6 months before 18) to the 18th birthday, compared as
    # text, with no date arithmetic (on PostgreSQL date() is a function of efter's: seconds
    # for 30,000 meetings); otherwise computed, for that young person only.
    stamped = f"y.{rules.STORED_STAMP} = {rules.STORED_STAMP_SQL.format(y='y.')}"
    near = (
        "SELECT m.youth_id, substr(m.starts, 1, 10), m.kind, m.milestone, y.born "
        "FROM youth y CROSS JOIN meeting m WHERE m.youth_id = y.id AND m.status = 'held' "
        f"AND m.starts >= CASE WHEN {stamped} THEN y.s111_on "
        "ELSE date(y.born, '+17 years', '+8 months') END "
        f"AND m.starts < CASE WHEN {stamped} THEN y.adult_on || 'T~' "
        "ELSE date(y.born, '+18 years', '+3 days') END AND m.kind <> 'milestone'"
    )
    stones = (
        "SELECT m.youth_id, substr(m.starts, 1, 10), m.kind, m.milestone, y.born FROM meeting m "
        "JOIN youth y ON y.id = m.youth_id WHERE m.status = 'held' AND m.kind = 'milestone'"
    )
    rows: list[tuple[int, str, str, str | None, str]]
    unstamped = _unstamped(people, at)
    if whole and unstamped is not None:  # read with placing(): whose stored dates are theirs
        # The young people whose stored dates are theirs (nearly all) by their stored window
        # alone (no stamp made and compared per young person, twice: a third of the query),
        # the others by the window of their own birth date, read by their ids
        stored = (
            "SELECT m.youth_id, substr(m.starts, 1, 10), m.kind, m.milestone, y.born "
            "FROM youth y CROSS JOIN meeting m WHERE m.youth_id = y.id AND m.status = 'held' "
            "AND m.starts >= y.s111_on AND m.starts < y.adult_on || 'T~' "
            "AND m.kind <> 'milestone'"
        )
        rows = [*conn.execute(stones)]
        rows += (row for row in conn.execute(stored) if row[0] not in unstamped)
        if unstamped:
            rows += conn.execute(
                f"{near} AND y.id IN (SELECT value FROM json_each(?))",
                (ids_param(sorted(unstamped)),),
            )
    elif whole:  # most of the file (a report on everyone): read everyone's, keep theirs
        rows = [
            *conn.execute(stones),
            *conn.execute(near),
        ]
    else:
        rows = [
            *conn.execute(f"{stones} AND m.youth_id IN (SELECT value FROM json_each(?))", (ids,)),
            *conn.execute(f"{near} AND y.id IN (SELECT value FROM json_each(?))", (ids,)),
        ]
    for youth_id, day, kind, milestone, born in rows:
        if youth_id not in births:
            continue
        if kind == "milestone":
            stone = milestone_of(kind, milestone, born, day)
        else:
            first, last = _adult_span(born)
            if not first <= day <= last:
                continue
            stone = None
        held.setdefault(youth_id, []).append((day, kind, stone))
    return recorded, held


def _unstamped(people: Sequence[Any], at: Mapping[str, int] | None) -> set[int] | None:
    """Of young people read with placing(): the ids of those whose stored dates are not
    theirs (UNSTAMPED); None for rows read without it."""
    if at is None or "placing" not in at:
        return None
    from itertools import compress

    placings = map(itemgetter(at["placing"]), people)
    return set(compress(map(itemgetter(at["id"]), people), map(UNSTAMPED.__eq__, placings)))


@lru_cache(maxsize=16384)
def _adult_span(born: str) -> tuple[str, str]:
    """The days (ISO) a held meeting meets the date at 18 of someone born on `born`."""
    return _adult_window(rules.date_of("adult", date.fromisoformat(born)))


def judged_each(
    conn: sqlite3.Connection, people: Sequence[Any], as_of: date
) -> Iterator[tuple[Any, list[rules.Judged]]]:
    """(young person, judged_dates()) for many young people (youth rows), in two queries,
    one at a time: a report turns each into its records before the next is judged, so the
    judged dates of 10,000 young people are never all kept (nor walked by the collector)."""
    recorded, held = records_of(conn, people)
    until = as_of.isoformat()
    nothing: dict[str, str] = {}
    for p in people:
        youth_id = int(p["id"])
        yield p, _judged(p, recorded.get(youth_id, nothing), held.get(youth_id, []), until)


_DATE_COLUMNS = tuple(f"{code}_on" for code in rules.CODES)
_SIXTEEN = f"milestone_{rules.MILESTONE_MONTHS[0][0]}_on"


# The columns a youth row needs beyond reports.PERSON for records_each() to judge it from
# its stored statutory dates (m024_statutory_dates): born, legal_basis, placed_from; `dated`,
# whether the stored dates are this row's (rules.STORED_STAMP_SQL); the four dates; and the
# 16th birthday (a placement after it moves the ungeplan).
STORED_COLUMNS = (
    f"born, legal_basis, placed_from, "
    f"{rules.STORED_STAMP} = {rules.STORED_STAMP_SQL.format(y='')} AS dated, "
    f"{', '.join(_DATE_COLUMNS)}, {_SIXTEEN}"
)


@lru_cache(maxsize=64)
def _standings(basis: str | None, late: bool) -> tuple[tuple[int, ...], ...]:
    """For each statutory date (rules.CODES' order) of a young person with this legal basis,
    placed after 16 or not, the number of its standing (_number()) by where the date lies
    (1: before the case's start; 2: on or after the day judged on; 4: after the case
    closed): the status rules.standing() gives a date that nothing meets, asked with days
    placed so. Everything standing() reads of such a date is in those three bits (a case
    closed on or after the date reads as one still open)."""
    out = []
    for code, rule in zip(rules.CODES, _rules(basis, late), strict=True):
        numbers = []
        for bits in range(8):
            # the date 2000-01-02; the start after it (bit 1) or before; the day judged on
            # on or before it (bit 2) or after it; the case closed before it (bit 4) or open
            start = "2000-01-03" if bits & 1 else "2000-01-01"
            until = "2000-01-02" if bits & 2 else "2000-01-03"
            closed = "2000-01-01" if bits & 4 else None
            status = rules.standing(rule.kind, "2000-01-02", start, closed, (), until)
            numbers.append(_number(code, rule, status))
        out.append(tuple(numbers))
    return tuple(out)


@lru_cache(maxsize=16384)
def _entries(days: tuple[str, ...]) -> tuple[tuple[rules.StatutoryDate, str], ...]:
    """The stored dates (rules.CODES' order) as _dated() pairs them: each statutory date
    with its day as ISO text."""
    return tuple(
        (rules.StatutoryDate(code, date.fromisoformat(day), *rules.LABELS[code]), day)
        for code, day in zip(rules.CODES, days, strict=True)
    )


# Every standing a judged date has had in this process: (code, rule, (status, done on,
# how)), numbered in the order first met. A date is its standing's number and its day.
_STANDINGS: list[tuple[str, rules.Applies, tuple[str, str | None, str | None]]] = []
_STANDING_NUMBER: dict[tuple[str, rules.Applies, tuple[str, str | None, str | None]], int] = {}
_END = "ungestotte_end"  # the date a case closed on or after meets (evidence())


def _number(code: str, rule: rules.Applies, status: tuple[str, str | None, str | None]) -> int:
    key = (code, rule, status)
    found = _STANDING_NUMBER.get(key)
    if found is None:
        found = _STANDING_NUMBER[key] = len(_STANDINGS)
        _STANDINGS.append(key)
    return found


@lru_cache(maxsize=4096)
def _standing_record(number: int) -> dict[str, Any]:
    """The record of standing `number` (date, status, done_on, how), its date left empty
    (never changed: copied)."""
    _, _, (status, done_on, how) = _STANDINGS[number]
    return {"date": None, "status": status, "done_on": done_on, "how": how}


def code_status(number: int) -> tuple[str, str]:
    """The statutory date (its code) and the status of standing `number`."""
    code, _, (status, _, _) = _STANDINGS[number]
    return code, status


def code_of(number: int) -> str:
    """The statutory date (its code) standing `number` is a standing of."""
    return _STANDINGS[number][0]


def date_record(number: int, day: str) -> dict[str, Any]:
    """The deadlines report's record of a judged date (judged_columns()' number and day):
    date, status, done_on, how (its code is its key in the young person's dates)."""
    return {**_standing_record(number), "date": day}


def judged_columns(
    conn: sqlite3.Connection,
    people: Sequence[Any],
    as_of: date,
    names: Sequence[str] | None = None,
) -> tuple[list[int], list[str]]:
    """Every statutory date of these young people (youth rows) judged on `as_of` as
    judged_dates() judges it (rules.standing), as two flat columns: len(rules.CODES) dates
    a young person, in their order and CODES' order; each date's standing (a number:
    date_record() makes the record from it and the day) and its day (ISO). Nothing is made per
    date but its number (tests/test_deadline_records.py holds them to judged_dates).
    `names`: the columns of rows read as plain tuples, in order (a sqlite3.Row names its
    own); every column is read by its place."""
    numbers: list[int] = []
    out: list[str] = []
    if not people:
        return numbers, out
    names = list(people[0].keys() if names is None else names)
    at = {name: n for n, name in enumerate(names)}
    recorded, held = records_of(conn, people, at)
    until = as_of.isoformat()
    if "placing" in at:  # read with placing(as_of): most judged by their placing at once
        return _by_placing(conn, people, at, recorded, held, until)
    return _judged_rows(people, names, at, recorded, held, until)


def _judged_rows(
    people: Sequence[Any],
    names: list[str],
    at: dict[str, int],
    recorded: dict[int, dict[str, str]],
    held: dict[int, list[tuple[str, str, str | None]]],
    until: str,
) -> tuple[list[int], list[str]]:
    """judged_columns() of these young people, one at a time."""
    numbers: list[int] = []
    out: list[str] = []
    nothing: dict[str, str] = {}
    standing = rules.standing
    number, add, add_day = numbers.append, numbers.extend, out.extend
    # Rows read with STORED_COLUMNS: a young person with nothing that may meet a date (no
    # date recorded, no meeting that counts, no case closed on or after 23) and stored dates
    # of their own is judged from the legal basis and the four dates placed against the
    # case's start, its close and the day (_standings()): no call of rules.standing, and
    # nothing looked up per date but its standing's number.
    stored = "dated" in at
    got = itemgetter(*(at[name] for name in ("id", "start", "closed")))
    if stored:
        first = at[_DATE_COLUMNS[0]]  # the four dates, in a row
        days = slice(first, first + len(_DATE_COLUMNS))
        dated, basis, placed_at = at["dated"], at["legal_basis"], at["placed_from"]
        sixteen, end = at[_SIXTEEN], at[f"{_END}_on"]
    keyed = hasattr(people[0], "keys")
    for p in people:
        youth_id, start, closed = got(p)
        mine, theirs = recorded.get(youth_id), held.get(youth_id)
        if stored and p[dated] and not (mine or theirs) and (closed is None or p[end] > closed):
            placed = p[placed_at]
            standings = _standings(p[basis], placed is not None and placed > p[sixteen])
            after = closed or "~"  # after every ISO day: no date is after an open case's close
            own = p[days]
            add_day(own)
            add([n[(day < start) + 2 * (day >= until) + 4 * (day > after)]
                 for day, n in zip(own, standings, strict=True)])  # fmt: skip
            continue
        person = p if keyed else dict(zip(names, p, strict=True))
        if mine or theirs or closed:  # something may meet a date: its evidence() found
            known = None
            if stored and p[dated]:
                placed = p[placed_at]
                known = placed is not None and placed > p[sixteen], _entries(p[days])
            for item, day, rule, done in _done(person, mine or nothing, theirs or [], until, known):
                number(
                    _number(item.code, rule, standing(rule.kind, day, start, closed, done, until))
                )
                add_day((day,))
            continue
        late, dates = _dated(person["born"], person["placed_from"])
        for (item, day), rule in zip(dates, _rules(person["legal_basis"], late), strict=True):
            number(_number(item.code, rule, standing(rule.kind, day, start, None, (), until)))
            add_day((day,))
    return numbers, out


# The columns a youth row needs beyond reports.PERSON to be judged by its placing (with
# placing() after them): the legal basis and the four stored dates.
PLACED_COLUMNS = f"legal_basis, {', '.join(_DATE_COLUMNS)}"


def placing(as_of: date) -> str:
    """SQL of a youth row for judging it on `as_of` at once (read after PLACED_COLUMNS): each
    of its four stored dates placed against the case's start, the day judged on and the
    case's close (three bits a date, as _standings() reads them, in rules.CODES' order),
    and whether placed after 16 (the next bit); below 0 when its dates cannot be judged so:
    -1 for a case closed on or after 23 (its close may meet that date), UNSTAMPED (-2) when
    the stored dates were stored for other inputs than the row's (records_of() reads their
    meetings by the row's own dates). Named `placing`: judged_columns() reads it."""
    day = as_of.isoformat()  # a date efter made: a literal, as reports.population writes it

    def bits(column: str, closed: bool) -> str:
        placed = (
            f"CASE WHEN {column} < start THEN 1 ELSE 0 END + CASE WHEN {column} >= '{day}' "
            "THEN 2 ELSE 0 END"
        )
        return f"{placed} + CASE WHEN {column} > closed THEN 4 ELSE 0 END" if closed else placed

    def packed(closed: bool) -> str:
        dates = [f"{8**n} * ({bits(column, closed)})" for n, column in enumerate(_DATE_COLUMNS)]
        late = f"CASE WHEN placed_from > {_SIXTEEN} THEN {8**_WIDTH} ELSE 0 END"
        return " + ".join([*dates, late])

    def ordered(closed: bool) -> str:
        # packed()'s number for the dates of a young person not placed, which are in order
        # (each before the next) and not moved by a placement: the dates before the case's
        # start are a first run of them, those on or after the day and after the close a
        # last run, each run's end found in two or three comparisons where bits() makes four
        runs = [_run_ends("< start", [8**n for n in range(_WIDTH)]),
                _run_ends(f"< '{day}'", [2 * 8**n for n in range(_WIDTH)], last=True)]  # fmt: skip
        if closed:
            runs.append(_run_ends("<= closed", [4 * 8**n for n in range(_WIDTH)], last=True))
        return " + ".join(runs)

    def judged(stamp: str, when_open: str, when_closed: str) -> str:
        return (
            f"CASE WHEN {rules.STORED_STAMP} = {stamp} THEN CASE WHEN closed IS NULL THEN "
            f"{when_open} WHEN {_END}_on > closed THEN {when_closed} ELSE -1 END "
            f"ELSE {UNSTAMPED} END"
        )

    # An open case's dates (nine in ten) are not compared with its close, which is none: the
    # placing's instructions in SQLite 84 -> 72 million at 10,000 young people (callgrind);
    # a young person not placed (the stamp with no placement, the dates by runs): -> 47 million
    unplaced = judged(rules.STORED_STAMP_UNPLACED_SQL.format(y=""), ordered(False), ordered(True))
    placed = judged(rules.STORED_STAMP_SQL.format(y=""), packed(False), packed(True))
    return f"CASE WHEN placed_from IS NULL THEN {unplaced} ELSE {placed} END AS placing"


def _run_ends(test: str, weights: list[int], *, last: bool = False) -> str:
    """SQL of the sum of `weights` (one a stored date, in rules.CODES' order) over the dates
    that `{date} {test}` holds for, where those are a first run of the dates (in order); with
    `last`, over the others (a last run)."""
    first, second, third, fourth = _DATE_COLUMNS
    sums = [sum(weights[:k]) for k in range(_WIDTH + 1)]  # a first run of k dates
    if last:
        sums = [sums[-1] - part for part in sums]
    return (
        f"CASE WHEN {second} {test} THEN CASE WHEN {third} {test} THEN CASE WHEN {fourth} "
        f"{test} THEN {sums[4]} ELSE {sums[3]} END ELSE {sums[2]} END "
        f"ELSE CASE WHEN {first} {test} THEN {sums[1]} ELSE {sums[0]} END END"
    )


UNSTAMPED = -2  # placing() of a young person whose stored dates are not theirs


class _Placings(dict[tuple[str | None, int], tuple[int, ...]]):
    """The standings (_standings()) of each legal basis and placing (placing()), made when
    first asked for: a few dozen in a case file."""

    def __missing__(self, key: tuple[str | None, int]) -> tuple[int, ...]:
        basis, packed = key
        if packed < 0:  # judged one at a time (_by_placing())
            return (-1,) * _WIDTH
        standings = _standings(basis, bool(packed >> 3 * _WIDTH))
        found = self[key] = tuple(
            numbers[packed >> 3 * n & 7] for n, numbers in enumerate(standings)
        )
        return found


def _sixteen_held(held: list[tuple[str, str, str | None]], day: str) -> list[tuple[str, str]]:
    """evidence() of the ungeplan: the milestone meetings at 16 held."""
    return [(d, "meeting") for d, kind, stone in held if kind == "milestone" and stone == "16"]


def _near_adult(held: list[tuple[str, str, str | None]], day: str) -> list[tuple[str, str]]:
    """evidence() of the date at 18 (`day`, the young person's own): the meetings held in
    the months before it. records_of() keeps a meeting but a milestone meeting only when
    it lies in them: its window is worked out only for a young person who held one."""
    if all(kind != "milestone" for _, kind, _ in held):
        return [(d, "meeting") for d, _, _ in held]
    first, last = _adult_window(date.fromisoformat(day))
    return [(d, "meeting") for d, _, _ in held if first <= d <= last]


def _by_placing(
    conn: sqlite3.Connection,
    people: Sequence[Any],
    at: dict[str, int],
    recorded: dict[int, dict[str, str]],
    held: dict[int, list[tuple[str, str, str | None]]],
    until: str,
) -> tuple[list[int], list[str]]:
    """judged_columns() of young people read with PLACED_COLUMNS: everyone with a placing
    and nothing that may meet a date (no date recorded, no meeting that counts) judged by
    their legal basis and placing, in C (no Python code runs per young person); those with
    held meetings only by them, the date a meeting can meet at a time; the others (a few in
    a hundred) read again with STORED_COLUMNS and judged one at a time (_judged_rows()),
    put in their places."""
    from itertools import chain

    placings, ids = [p[at["placing"]] for p in people], [p[at["id"]] for p in people]
    first = at[_DATE_COLUMNS[0]]
    days = list(chain.from_iterable(map(itemgetter(slice(first, first + _WIDTH)), people)))
    bases = map(itemgetter(at["legal_basis"]), people)
    numbers = list(
        chain.from_iterable(map(_Placings().__getitem__, zip(bases, placings, strict=True)))
    )
    where = dict(zip(ids, range(len(ids)), strict=True))
    others = {where[i] for i in recorded if i in where}
    others.update(n for n, placed in enumerate(placings) if placed < 0)
    # Held meetings only (a young person in ten): the two dates a meeting can meet judged
    # with them (evidence()), the other two by the placing. A meeting counts once held by the
    # day judged on, and then the date is judged by rules.standing_met(), which needs neither
    # the case's start nor its close (the report reads them only for --json); until then the
    # placing's standing stands.
    ungeplan, adult = rules.CODES.index("ungeplan"), rules.CODES.index("adult")
    basis_at, placing_at = at["legal_basis"], at["placing"]
    for youth_id, meetings in held.items():
        n = where.get(youth_id)
        if n is None or n in others:
            continue
        p = people[n]
        rules_ = _rules(p[basis_at], bool(p[placing_at] >> 3 * _WIDTH))
        for code, meet in ((ungeplan, _sixteen_held), (adult, _near_adult)):
            rule, day = rules_[code], days[n * _WIDTH + code]
            if rule.kind == rules.NOT_APPLICABLE:
                continue
            counted = [done for done in meet(meetings, day) if done[0] <= until]
            if counted:  # (with a placing the case is open, or closed before 23: no other evidence)
                status = rules.standing_met(rule.kind, day, sorted(counted), until)
                numbers[n * _WIDTH + code] = _number(rules.CODES[code], rule, status)
    if others:
        order = sorted(others)
        names = ["id", "start", "closed", *(t.split()[-1] for t in split_terms(STORED_COLUMNS))]
        read = {
            row[0]: row
            for row in conn.execute(
                f"SELECT id, start, closed, {STORED_COLUMNS} FROM youth "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (ids_param(ids[n] for n in order),),
            )
        }
        rows = [read[ids[n]] for n in order]
        again = {name: n for n, name in enumerate(names)}
        mine, theirs = _judged_rows(rows, names, again, recorded, held, until)
        for k, n in enumerate(order):
            numbers[n * _WIDTH : (n + 1) * _WIDTH] = mine[k * _WIDTH : (k + 1) * _WIDTH]
            days[n * _WIDTH : (n + 1) * _WIDTH] = theirs[k * _WIDTH : (k + 1) * _WIDTH]
    return numbers, days


_WIDTH = len(rules.CODES)  # statutory dates a young person


class DatesByCode(ByValue, Sequence[dict[str, dict[str, Any]]]):
    """Each young person's judged statutory dates as the deadlines report keeps them: one
    record (date_record()) for each date, keyed by its code in rules.CODES' order, kept as
    judged_columns()' two flat columns. A young person's dates are made only when they are
    asked for (a page's template, a test); the table, the CSV and --json read the columns
    (`of()`, `numbers` and `days`) as they are."""

    __slots__ = ("days", "numbers")
    width = _WIDTH  # dates a young person
    record = staticmethod(date_record)
    code_of = staticmethod(code_of)

    def __init__(self, numbers: list[int], days: list[str]) -> None:
        self.numbers, self.days = numbers, days

    def __len__(self) -> int:
        return len(self.numbers) // _WIDTH

    @overload
    def __getitem__(self, index: int) -> dict[str, dict[str, Any]]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, dict[str, Any]]]: ...

    def __getitem__(
        self, index: int | slice
    ) -> dict[str, dict[str, Any]] | list[dict[str, dict[str, Any]]]:
        if isinstance(index, slice):
            return list(self)[index]
        first = range(len(self))[index] * _WIDTH  # IndexError as a list's
        last = first + _WIDTH
        made = map(date_record, self.numbers[first:last], self.days[first:last])
        return dict(zip(rules.CODES, made, strict=True))

    def __iter__(self) -> Iterator[dict[str, dict[str, Any]]]:
        made = map(date_record, self.numbers, self.days)
        codes = rules.CODES
        return (dict(zip(codes, islice(made, _WIDTH), strict=True)) for _ in range(len(self)))

    def of(self, code: str, key: str, through: Mapping[Any, Any] | None = None) -> list[Any]:
        """One field (date, status, done_on, how) of one statutory date, every young person
        top to bottom (a column of the table or the CSV); with `through`, each value as it
        maps it (a status's word), looked up once per standing."""
        at = rules.CODES.index(code)
        if key == "date":
            return self.days[at::_WIDTH]
        numbers = self.numbers[at::_WIDTH]
        if through is None:
            of = {number: _standing_record(number)[key] for number in set(numbers)}
        else:
            of = {number: through[_standing_record(number)[key]] for number in set(numbers)}
        return list(map(of.__getitem__, numbers))


def records_each(
    conn: sqlite3.Connection,
    people: Sequence[Any],
    as_of: date,
    names: Sequence[str] | None = None,
) -> Iterator[tuple[Any, dict[str, dict[str, Any]]]]:
    """judged_each() with each young person's judged dates as the deadlines report keeps
    them (DatesByCode): (young person, {code: record}), from judged_columns()."""
    numbers, days = judged_columns(conn, people, as_of, names)
    return zip(people, DatesByCode(numbers, days), strict=True)


def judged_many(
    conn: sqlite3.Connection, people: Sequence[Any], as_of: date
) -> dict[int, list[rules.Judged]]:
    """judged_dates() for many young people (youth rows), in two queries."""
    return {int(p["id"]): judged for p, judged in judged_each(conn, people, as_of)}


def missed_quickly(
    person: Any,
    recorded: Mapping[str, str],
    stones: Iterable[tuple[str, str | None]],
    today: str,
    stored: tuple[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The deadlines (ungeplan, s111) judged_dates() would call missed on `today` (ISO), as
    (code, day as ISO), for a young person whose other dates are not wanted: `efter due` asks
    this of every placed young person born long enough ago, so it takes the two dates (as
    stored with the young person, `stored`: their ungeplan and § 111 days when the stored
    dates are theirs, m024; else computed) and checks what meets them without building the
    judged records (about 10x cheaper; tests/test_due_scale.py holds it to judged_dates).
    `stones`: (day, milestone) of held milestone meetings."""
    basis = person["legal_basis"]
    if basis not in rules.PLACED:
        return []
    if stored is None:
        born = date.fromisoformat(person["born"])
        sixteen = birthday(born, 16)
        placed = person["placed_from"]
        plan_from = sixteen
        if placed and placed > sixteen.isoformat():
            plan_from = date.fromisoformat(placed)
        stored = (
            add_months(plan_from, 3).isoformat(),
            add_months(birthday(born, 18), -6).isoformat(),
        )
    start, closed = person["start"], person["closed"]
    found = []
    for code, day in zip(("ungeplan", "s111"), stored, strict=True):
        if day >= today or day < start or (closed and day > closed):
            continue
        met = recorded.get(code)
        if met and met <= today:
            continue
        if code == "ungeplan" and any(s == "16" and d <= today for d, s in stones):
            continue
        found.append((code, day))
    return found
