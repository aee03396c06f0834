"""Statutory deadlines recorded as met: the day the ungeplan was made, the § 111 decision
taken, the handover to the new acting municipality at 18 done, support ended by 23."""

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from efter.core import clock, rules
from efter.core.casefile import ids_param
from efter.core.dates import add_months, birthday
from efter.core.errors import InvalidInput, NotFound
from efter.core.i18n import day_text, t
from efter.core.vocab import Term, lookup
from efter.core.youth import Youth

DEADLINES = (
    Term("ungeplan", "Ungeplan (§ 108)", "Youth plan (§ 108)", ("16", "youth-plan", "ungeplanen", "108", "§108", "§-108")),
    Term("s111", "§ 111-afgørelse (6 mdr. før 18 år)", "§ 111 decision (6 months before 18)", ("111", "§111", "§-111", "17.5", "17½")),
    Term("adult", "18 år, handlekommunen kan skifte", "Age 18, acting municipality may change", ("18", "handlekommune")),
    Term("ungestotte_end", "Ungestøtte slutter (23 år)", "End of support (23)", ("23", "ungestøtte-slut", "end")),
)  # fmt: skip


def record(
    conn: sqlite3.Connection, youth: Youth, code: str, on: date, note: str | None
) -> tuple[str, bool]:
    """Record (or correct) the day a deadline was met. Returns (code, replaced)."""
    term = lookup(DEADLINES, code, "deadline", "the DEADLINE argument")
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


def clear(conn: sqlite3.Connection, youth: Youth, code: str) -> str:
    term = lookup(DEADLINES, code, "deadline", "the DEADLINE argument")
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
    conn: sqlite3.Connection, people: Sequence[Any]
) -> tuple[dict[int, dict[str, str]], dict[int, list[tuple[str, str, str | None]]]]:
    """For these young people: the dates recorded as met ({id: {code: day}}) and the held
    meetings that can meet a statutory date ({id: [(day, kind, milestone)]}: every milestone
    meeting, and the others held in the three months up to the 18th birthday, as evidence()
    counts them), in two queries whatever their number (three with the count that chooses
    how to read the meetings). A meeting's day is the first ten characters of its ISO
    `starts`, as core.meetings reads it (no date() per meeting). The other held meetings,
    nineteen in twenty, are passed over in SQL."""
    births = {int(p["id"]): p["born"] for p in people}
    on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    whole = 2 * len(births) >= on_file  # most of the file: read everyone's, keep theirs
    ids = "[]" if whole else ids_param(births)
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
    # Only the held meetings that can count are read: milestone meetings, and those in the
    # months up to the 18th birthday (a window wider than the three months, on both engines'
    # date arithmetic; the exact window is checked below): 2,400 of 27,700 held meetings at
    # 10,000 young people.
    # With the statutory dates stored (m024) and the young person's own (the stamp), the
    # window is from the § 111 date (6 months before 18) to the 18th birthday, compared as
    # text, with no date arithmetic per meeting (on PostgreSQL date() is a function of
    # efter's, called per row: seconds for 30,000 meetings); otherwise computed.
    stamp = rules.STORED_STAMP_SQL.format(y="y.")
    near = (
        "SELECT m.youth_id, substr(m.starts, 1, 10), m.kind, m.milestone FROM meeting m "
        "JOIN youth y ON y.id = m.youth_id WHERE +m.status = 'held' AND (m.kind = 'milestone' "
        f"OR CASE WHEN y.{rules.STORED_STAMP} = {stamp} "
        "THEN m.starts >= y.s111_on AND substr(m.starts, 1, 10) <= y.adult_on "
        "ELSE m.starts >= date(y.born, '+17 years', '+8 months') "
        "AND m.starts < date(y.born, '+18 years', '+3 days') END)"
    )
    if whole:
        # Most of the file (a report on everyone): one pass in the order of the index by
        # young person beats a seek per held meeting by status (`+status` keeps SQLite from
        # choosing that). The order of each one's meetings does not matter (evidence() is
        # judged sorted).
        rows = conn.execute(f"{near} ORDER BY m.youth_id")
    else:
        rows = conn.execute(
            f"{near} AND m.youth_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY m.youth_id, m.starts",
            (ids,),
        )
    for youth_id, day, kind, milestone in rows:
        born = births.get(youth_id)
        if born is None:
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


_EMPTY: dict[Any, Any] = {}  # a look-up's default: never changed

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
    placed after 16 or not, the number (_STANDINGS' index) of its (code, rule, status) by
    where the date lies (1: before the case's start; 2: on or after the day judged on): the
    status rules.standing() gives a date of an open case that nothing meets, asked with days
    placed so. Everything standing() reads of such a date is in those two bits."""
    out = []
    for code, rule in zip(rules.CODES, _rules(basis, late), strict=True):
        numbers = []
        for bits in range(4):
            # the date 2000-01-02; the start after it (bit 1) or before; the day judged on
            # on or before it (bit 2) or after it
            start = "2000-01-03" if bits & 1 else "2000-01-01"
            until = "2000-01-02" if bits & 2 else "2000-01-03"
            status = rules.standing(rule.kind, "2000-01-02", start, None, (), until)
            key = (code, rule, status)
            if key not in _STANDING_NUMBER:
                _STANDING_NUMBER[key] = len(_STANDINGS)
                _STANDINGS.append(key)
            numbers.append(_STANDING_NUMBER[key])
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


@lru_cache(maxsize=256)
def _standing_record(number: int) -> dict[str, Any]:
    """The record (as records_each() makes it) of _STANDINGS[number], its date left empty:
    every such record is this one with its date (never changed: copied)."""
    code, rule, (status, done_on, how) = _STANDINGS[number]
    label_da, label_en = rules.LABELS[code]
    return {
        "code": code, "date": None, "label_da": label_da, "kind": rule.kind, "status": status,
        "done_on": done_on, "how": how, "why": rule.why_en, "why_da": rule.why_da,
        "label_en": label_en,
    }  # fmt: skip


_STANDINGS: list[tuple[str, rules.Applies, tuple[str, str | None, str | None]]] = []
_STANDING_NUMBER: dict[tuple[str, rules.Applies, tuple[str, str | None, str | None]], int] = {}


def records_each(
    conn: sqlite3.Connection, people: Sequence[Any], as_of: date
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """judged_each() with each judged date as the deadlines report's record (code, date,
    label_da, kind, status, done_on, how, why, why_da, label_en), judged by the same rules
    (rules.standing). The records are read only: equal ones are one dict, shared by the young
    people they are the same for (at 10,000 young people, 40,000 dates are about 22,000
    records), so neither a Judged nor a dict is made per date, and nothing that the
    collector must walk (tests/test_deadline_records.py holds them to judged_dates)."""
    recorded, held = records_of(conn, people)
    until = as_of.isoformat()
    nothing: dict[str, str] = {}
    standing = rules.standing
    # (date, ISO day) -> rule -> (status, done on, how) -> record; the first key is the
    # cached pair of _dated(), so finding a record makes nothing
    made: dict[Any, dict[rules.Applies, dict[Any, dict[str, Any]]]] = {}

    def record(
        entry: tuple[rules.StatutoryDate, str],
        rule: rules.Applies,
        status: tuple[str, str | None, str | None],
    ) -> dict[str, Any]:
        by_rule = made.get(entry)
        if by_rule is None:
            by_rule = made[entry] = {}
        by_status = by_rule.get(rule)
        if by_status is None:
            by_status = by_rule[rule] = {}
        found = by_status.get(status)
        if found is None:
            item, day = entry
            found = by_status[status] = {
                "code": item.code, "date": day, "label_da": item.label_da,
                "kind": rule.kind, "status": status[0], "done_on": status[1],
                "how": status[2], "why": rule.why_en, "why_da": rule.why_da,
                "label_en": item.label_en,
            }  # fmt: skip
        return found

    # Rows read with STORED_COLUMNS: a young person with an open case, nothing that may meet
    # a date and stored dates of their own is judged from the legal basis and the four dates
    # placed against the case's start and the day (_standings()), with one look-up per date
    # (its record among those of its code, rule and status, by day) and no call of
    # rules.standing per date.
    # (a sqlite3.Row's `in` looks among its values: its keys() are the column names)
    names = people[0].keys() if people else []
    stored = "dated" in names
    by_standing: list[dict[str, dict[str, Any]]] = []  # per _STANDINGS number: day -> record
    first = names.index(_DATE_COLUMNS[0]) if stored else 0  # the four dates, in a row
    days = slice(first, first + len(_DATE_COLUMNS))

    def stored_record(number: int, day: str) -> dict[str, Any]:
        while len(by_standing) <= number:
            by_standing.append({})
        found = by_standing[number][day] = {**_standing_record(number), "date": day}
        return found

    for p in people:
        youth_id, start, closed = p["id"], p["start"], p["closed"]
        mine, theirs = recorded.get(youth_id), held.get(youth_id)
        if stored and not (mine or theirs or closed) and p["dated"]:
            placed = p["placed_from"]
            numbers = _standings(p["legal_basis"], placed is not None and placed > p[_SIXTEEN])
            out = []
            for day, number in zip(p[days], numbers, strict=True):
                n = number[(day < start) + 2 * (day >= until)]
                try:
                    out.append(by_standing[n][day])
                except (IndexError, KeyError):
                    out.append(stored_record(n, day))
            yield p, out
            continue
        if mine or theirs or closed:  # something may meet a date: its evidence() found
            known = None
            if stored and p["dated"]:
                placed = p["placed_from"]
                known = placed is not None and placed > p[_SIXTEEN], _entries(p[days])
            judged = [
                record((item, day), rule, standing(rule.kind, day, start, closed, done, until))
                for item, day, rule, done in _done(p, mine or nothing, theirs or [], until, known)
            ]
            yield p, judged
            continue
        out = []  # most young people: nothing to find, and nothing made per date
        late, dated = _dated(p["born"], p["placed_from"])
        for entry, rule in zip(dated, _rules(p["legal_basis"], late), strict=True):
            status = standing(rule.kind, entry[1], start, None, (), until)
            found = made.get(entry, _EMPTY).get(rule, _EMPTY).get(status)
            out.append(record(entry, rule, status) if found is None else found)
        yield p, out


def judged_many(
    conn: sqlite3.Connection, people: Sequence[Any], as_of: date
) -> dict[int, list[rules.Judged]]:
    """judged_dates() for many young people (youth rows), in two queries."""
    return {int(p["id"]): judged for p, judged in judged_each(conn, people, as_of)}


def missed_quickly(
    person: Any, recorded: Mapping[str, str], stones: Iterable[tuple[str, str | None]], today: str
) -> list[tuple[str, date]]:
    """The deadlines (ungeplan, s111) judged_dates() would call missed on `today` (ISO), for a
    young person whose other dates are not wanted: `efter due` asks this of every placed
    young person born long enough ago, so it computes the two dates and checks what meets
    them without building the judged records (about 10x cheaper; tests/test_due_scale.py
    holds it to judged_dates). `stones`: (day, milestone) of held milestone meetings."""
    basis = person["legal_basis"]
    if basis not in rules.PLACED:
        return []
    born = date.fromisoformat(person["born"])
    sixteen = birthday(born, 16)
    placed = person["placed_from"]
    plan_from = sixteen
    if placed and placed > sixteen.isoformat():
        plan_from = date.fromisoformat(placed)
    start, closed = person["start"], person["closed"]
    found = []
    for code, on in (
        ("ungeplan", add_months(plan_from, 3)),
        ("s111", add_months(birthday(born, 18), -6)),
    ):
        day = on.isoformat()
        if day >= today or day < start or (closed and day > closed):
            continue
        met = recorded.get(code)
        if met and met <= today:
            continue
        if code == "ungeplan" and any(s == "16" and d <= today for d, s in stones):
            continue
        found.append((code, on))
    return found
