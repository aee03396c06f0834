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

MILESTONES = (("16", 16 * 12), ("17.5", 17 * 12 + 6), ("18.5", 18 * 12 + 6))
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


def _judged(
    person: Any,
    recorded: Mapping[str, str],
    held: list[tuple[str, str, str | None]],
    until: str,
) -> list[rules.Judged]:
    late, dated = _dated(person["born"], person["placed_from"])
    basis, start, closed = person["legal_basis"], person["start"], person["closed"]
    if held:
        held = [h for h in held if h[0] <= until]
    applies, judged = rules.applies, rules.judged
    out = []
    for item, day in dated:
        code = item.code
        rule = applies(code, basis, placed_late=late)
        # evidence() finds nothing for a date that does not apply, nor without a recorded
        # date, a held meeting or (for 23) a closed case: most young people, most dates
        if rule.kind == rules.NOT_APPLICABLE or not (recorded or held or closed):
            done: list[tuple[str, str]] = []
        else:
            done = evidence(code, item.on, recorded=recorded.get(code), held=held, closed=closed)
        out.append(judged(item, day, rule, start, closed, done, until))
    return out


def records_of(
    conn: sqlite3.Connection, people: Sequence[Any]
) -> tuple[dict[int, dict[str, str]], dict[int, list[tuple[str, str, str | None]]]]:
    """For these young people: the dates recorded as met ({id: {code: day}}) and the held
    meetings that can meet a statutory date ({id: [(day, kind, milestone)]}: every milestone
    meeting, and the others held in the three months up to the 18th birthday, as evidence()
    counts them), in two queries whatever their number (three with the count that chooses
    how to read the meetings). A meeting's day is the first ten characters of its ISO
    `starts`, as core.meetings reads it (no date() per meeting). The other held meetings,
    nine in ten, are passed over as they are read: none of them is kept."""
    ids = ids_param([int(p["id"]) for p in people])
    births = {int(p["id"]): p["born"] for p in people}
    recorded: dict[int, dict[str, str]] = {}
    for youth_id, code, met_on in conn.execute(
        "SELECT youth_id, code, met_on FROM deadline_met "
        "WHERE youth_id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        recorded.setdefault(youth_id, {})[code] = met_on
    held: dict[int, list[tuple[str, str, str | None]]] = {}
    on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    if 2 * len(births) >= on_file:
        # Most of the file (a report on everyone): one pass in the order of the index by
        # young person beats a seek per held meeting by status (`+status` keeps SQLite from
        # choosing that), about twice as fast at 10,000 young people. The order of each
        # one's meetings does not matter (evidence() is judged sorted).
        rows = conn.execute(
            "SELECT youth_id, substr(starts, 1, 10), kind, milestone FROM meeting "
            "WHERE +status = 'held' ORDER BY youth_id"
        )
    else:
        rows = conn.execute(
            "SELECT youth_id, substr(starts, 1, 10), kind, milestone FROM meeting "
            "WHERE youth_id IN (SELECT value FROM json_each(?)) AND status = 'held' "
            "ORDER BY youth_id, starts",
            (ids,),
        )
    spans = {youth_id: _adult_span(born) for youth_id, born in births.items()}
    for youth_id, day, kind, milestone in rows:
        span = spans.get(youth_id)
        if span is None:
            continue
        if kind == "milestone":
            stone = milestone_of(kind, milestone, births[youth_id], day)
        elif span[0] <= day <= span[1]:
            stone = None
        else:
            continue
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
