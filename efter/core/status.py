"""What the young person is doing: education and work as dated periods.

A period starts on its date and lasts until the next period of the same young person starts.
The outcome of a case (education, job, both, neither, unknown) follows from the period that is
current on the closing date; the current status of an open case from the period current today.
"""

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import repeat
from typing import TYPE_CHECKING, Any

from efter.core import clock
from efter.core.casefile import ids_param, insert_rows, new_values, records_of, update_rows
from efter.core.errors import InvalidInput, UsageMistake, phrase
from efter.core.i18n import N_, day_text, t
from efter.core.text import clean as clean_text
from efter.core.vocab import Term, lookup

if TYPE_CHECKING:  # a type only: the reports import this module, not the youth rules
    from efter.core.youth import Youth

EDUCATION = (
    Term("none", "Ingen uddannelse", "No education", ("ingen", "no")),
    Term("primary", "Grundskole", "Primary school", ("grundskole", "folkeskole", "skole", "efterskole", "school")),
    Term("preparatory", "Forberedende (FGU, 10. klasse)", "Preparatory (FGU, year 10)", ("forberedende", "fgu", "10-klasse")),
    Term("upper-secondary", "Gymnasial uddannelse", "Upper secondary", ("gymnasial", "gymnasium", "stx", "hf", "hhx", "htx")),
    Term("vocational", "Erhvervsuddannelse", "Vocational", ("erhvervsuddannelse", "eud", "eux")),
    Term("higher", "Videregående uddannelse", "Higher education", ("videregaaende", "videregående")),
    Term("special-needs", "STU (særligt tilrettelagt)", "Special-needs programme (STU)", ("stu", "saerligt-tilrettelagt")),
)  # fmt: skip

WORK = (
    Term("none", "Intet arbejde", "No work", ("ingen", "no")),
    Term("leisure-job", "Fritidsjob", "Leisure job", ("fritidsjob",)),
    Term("internship", "Praktik", "Internship", ("praktik", "praktikplads")),
    Term("part-time", "Deltidsjob", "Part-time job", ("deltid", "deltidsjob")),
    Term("full-time", "Fuldtidsjob", "Full-time job", ("fuldtid", "fuldtidsjob")),
)  # fmt: skip

# Work that counts as "a job" in the outcome: paid employment. A leisure job or an internship
# is shown in the status but does not by itself make the outcome "job".
JOB_KINDS = ("part-time", "full-time")


def outcome_of(education: str | None, work: str | None) -> str:
    """The outcome a status means: education, job, both, neither (unknown without a status)."""
    if education is None or work is None:
        return "unknown"
    studying = education != "none"
    working = work in JOB_KINDS
    if studying and working:
        return "both"
    if studying:
        return "education"
    if working:
        return "job"
    return "neither"


def history(conn: sqlite3.Connection, youth_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM youth_status WHERE youth_id = ? ORDER BY starts, id", (youth_id,)
    ).fetchall()


def current(conn: sqlite3.Connection, youth_id: int, on: date) -> sqlite3.Row | None:
    """The period that is current on a day: the latest one starting on or before it."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM youth_status WHERE youth_id = ? AND starts <= ? "
        "ORDER BY starts DESC, id DESC LIMIT 1",
        (youth_id, on.isoformat()),
    ).fetchone()
    return row


def proposed_outcome(
    conn: sqlite3.Connection, youth_id: int, on: date
) -> tuple[str, sqlite3.Row | None]:
    """The outcome the status current on the closing day points to, and that period."""
    row = current(conn, youth_id, on)
    if row is None:
        return "unknown", None
    return outcome_of(row["education"], row["work"]), row


def proposed_outcomes(conn: sqlite3.Connection, closings: list[tuple[int, date]]) -> list[str]:
    """proposed_outcome() of each (youth id, closing day), the young people's periods read in
    one query (an import of closed cases with the outcome left empty): the outcome of the
    period current on the day, the latest starting on or before it (current()'s order)."""
    periods: dict[int, list[tuple[str, str | None, str | None]]] = {}
    for youth_id, starts, education, work in conn.execute(
        "SELECT youth_id, starts, education, work FROM youth_status "
        "WHERE youth_id IN (SELECT value FROM json_each(?)) ORDER BY youth_id, starts, id",
        (ids_param({youth_id for youth_id, _ in closings}),),
    ):
        periods.setdefault(youth_id, []).append((starts, education, work))
    found = []
    for youth_id, on in closings:
        day, kinds = on.isoformat(), None
        for starts, education, work in periods.get(youth_id, ()):
            if starts > day:
                break
            kinds = (education, work)  # the last one on or before the day is current
        found.append("unknown" if kinds is None else outcome_of(*kinds))
    return found


def record(
    conn: sqlite3.Connection,
    youth: "Youth",
    *,
    education: str | None,
    work: str | None,
    starts: date,
    note: str | None,
) -> tuple[int, bool, dict[str, Any]]:
    """Start a period. A kind not given carries over from the period current on that day.

    Returns (id, replaced, values); a period on the same date as an earlier one replaces it.
    """
    if education is None and work is None:
        raise UsageMistake(
            problem=t("nothing to record"),
            fix=phrase(
                "give {education} KIND and/or {work} KIND (or leave both out to see the history)",
                "education",
                "work",
            ),
        )
    edu, job, note = check_period(youth, education, work, starts, note)
    before = current(conn, youth.id, starts)
    if edu is None or job is None:
        if before is None:
            raise InvalidInput(
                field="work" if job is None else "education",
                problem=t("{name} has no earlier status to carry over from", name=youth.name),
                fix=t("give it too"),
            )
        edu = edu or before["education"]
        job = job or before["work"]
    replaced = before is not None and before["starts"] == starts.isoformat()
    if replaced:
        assert before is not None
        new_id = int(before["id"])
        values = {"education": edu, "work": job, "note": note, "created": clock.timestamp()}
        update_many(conn, [(new_id, {f: (before[f], v) for f, v in values.items()})])
    else:
        record = {"starts": starts.isoformat(), "education": edu, "work": job, "note": note}
        (new_id,) = insert_many(conn, [(youth.id, record)])
    return new_id, replaced, {"education": edu, "work": job}


def insert_many(
    conn: sqlite3.Connection, periods: Iterable[tuple[int, dict[str, Any]]]
) -> list[int]:
    """The one way status periods are stored (status, import): (youth id, a record with
    starts as YYYY-MM-DD, education, work and note checked by check_period) in one
    executemany. Returns the new ids in order."""
    stamp = clock.timestamp()
    return insert_rows(
        conn,
        "youth_status",
        _INSERT,
        ((youth_id, r["starts"], r["education"], r["work"], r["note"], stamp)
         for youth_id, r in periods),
    )  # fmt: skip


def insert_columns(
    conn: sqlite3.Connection,
    youth_ids: Sequence[int],
    starts: Sequence[str],
    educations: Sequence[str],
    works: Sequence[str],
    notes: Sequence[str | None],
) -> list[int]:
    """insert_many() of periods given a column at a time (an import's chunk of new ones):
    each row's values put together in C, with no dictionary a period (18,901: 7 ms less)."""
    stamps = repeat(clock.timestamp(), len(youth_ids))
    return insert_rows(
        conn,
        "youth_status",
        _INSERT,
        zip(youth_ids, starts, educations, works, notes, stamps, strict=True),
    )


_INSERT = (
    "INSERT INTO youth_status (youth_id, starts, education, work, note, created) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def update_many(
    conn: sqlite3.Connection, changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]]
) -> None:
    """The one way status periods are changed in a batch: for each (period id, {field: (old,
    new)})."""
    update_rows(conn, "youth_status", new_values(changes))


def of_youth(conn: sqlite3.Connection, youth_id: int | None) -> list[sqlite3.Row]:
    """A young person's status periods, oldest record first (the importer compares with
    them). With None, everyone's, in the same order."""
    return records_of(conn, "youth_status", youth_id)


def for_export(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every status period with its young person's ref, as an export lists them."""
    return iter(
        conn.execute(
            "SELECT youth_status.*, youth.ref AS youth_ref FROM youth_status JOIN youth "
            "ON youth.id = youth_status.youth_id ORDER BY youth.ref, youth_status.starts, "
            "youth_status.id"
        )
    )


def check_period(
    youth: "Youth", education: str | None, work: str | None, starts: date, note: str | None
) -> tuple[str | None, str | None, str | None]:
    """The rules on one period's values (the importer checks each row with them):
    (education code, work code, note); a kind not given is None."""
    _given(education, work)
    born = date.fromisoformat(youth.born)
    if starts < born:
        raise InvalidInput(
            field="starts",
            problem=t(
                "the status date {starts} is before {name}'s birth date",
                starts=day_text(starts),
                name=youth.name,
            ),
            fix=t("give a later date"),
        )
    return _kinds(education, work, note)


def check_values(
    education: str | None, work: str | None, note: str | None
) -> tuple[str | None, str | None, str | None]:
    """check_period() without the day: the rules on a period's values alone, the same answer
    for a period that does not start before the young person's birth (an import works them out
    once per distinct education, work and note)."""
    _given(education, work)
    return _kinds(education, work, note)


def _given(education: str | None, work: str | None) -> None:
    for given, field, example in (
        (education, "education", "vocational"),
        (work, "work", "part-time"),
    ):
        if given is not None and not given.strip():
            raise InvalidInput(
                field=field,
                problem=t("it is empty"),
                fix=t("give a kind such as {example}", example=example),
            )


def _kinds(
    education: str | None, work: str | None, note: str | None
) -> tuple[str | None, str | None, str | None]:
    edu = (
        lookup(EDUCATION, education, N_("kind of education"), "education").code
        if education
        else None
    )
    job = lookup(WORK, work, N_("kind of work"), "work").code if work else None
    if note is not None:
        note = clean_text(note, "note", lines=True)
    return edu, job, note


def describe(rows: list[sqlite3.Row], today: date, lang: str = "en") -> list[dict[str, Any]]:
    """The history as scripts see it: each period with its end (the next one's start)."""
    from efter.core.vocab import label

    out = []
    for number, row in enumerate(rows):
        following = rows[number + 1]["starts"] if number + 1 < len(rows) else None
        out.append(
            {
                "id": row["id"],
                "from": row["starts"],
                "to": following,
                "education": row["education"],
                "education_label": label(EDUCATION, row["education"], lang),
                "work": row["work"],
                "work_label": label(WORK, row["work"], lang),
                "outcome": outcome_of(row["education"], row["work"]),
                "current": row["starts"] <= today.isoformat()
                and (following is None or following > today.isoformat()),
                "note": row["note"],
            }
        )
    return out
