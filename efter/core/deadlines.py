"""Statutory deadlines recorded as met: the day the ungeplan was made, the § 111 decision
taken, the handover to the new acting municipality at 18 done, support ended by 23."""

import sqlite3
from datetime import date

from efter.core import clock
from efter.core.errors import InvalidInput, NotFound
from efter.core.vocab import Term, lookup
from efter.core.youth import Youth

DEADLINES = (
    Term("ungeplan", "Ungeplan (16 år)", "Youth plan (16)", ("16", "youth-plan", "ungeplanen")),
    Term("s111", "§ 111-afgørelse (17½ år)", "§ 111 decision (17½)", ("111", "§111", "§-111", "17.5", "17½")),
    Term("adult", "18 år, ny handlekommune", "Age 18, new acting municipality", ("18", "handlekommune")),
    Term("ungestotte_end", "Ungestøtte slutter (23 år)", "End of support (23)", ("23", "ungestøtte-slut", "end")),
)  # fmt: skip


def record(
    conn: sqlite3.Connection, youth: Youth, code: str, on: date, note: str | None
) -> tuple[str, bool]:
    """Record (or correct) the day a deadline was met. Returns (code, replaced)."""
    term = lookup(DEADLINES, code, "deadline", "the DEADLINE argument")
    if on < date.fromisoformat(youth.born):
        raise InvalidInput(
            f"The date {on.isoformat()} is before {youth.name}'s birth date: give --date a later date."
        )
    if on > clock.today():
        raise InvalidInput(
            f"The date {on.isoformat()} is in the future: record a deadline once it is met."
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
        raise NotFound(f"{youth.label} has no recorded date for {term.code}: nothing to clear.")
    return term.code
