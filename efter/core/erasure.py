"""Erasure and retention: a young person leaves the case file without a trace but one audit line.

The rows go through the foreign keys (every table about a young person has
`youth_id ... REFERENCES youth (id) ON DELETE CASCADE`); `secure_delete` zeroes the freed
space; afterwards VACUUM rebuilds the file and a TRUNCATE checkpoint empties the -wal file, so
the name is not left in the raw bytes of the case file, its -wal or its -shm.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from efter.core import audit
from efter.core.errors import EfterError
from efter.core.youth import Youth

# The one table that keeps a young person's id on purpose (with no data about them).
KEEPS_ID = {"audit_event"}


class UnsafeSchema(EfterError):
    """A table holds rows about a young person that an erasure would not remove."""


def check_schema(conn: sqlite3.Connection) -> None:
    """Every table with a youth_id must cascade from youth, or erasure would leave data."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        if table in KEEPS_ID:
            continue
        cascades = {
            fk["from"]
            for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')")
            if fk["table"] == "youth" and fk["on_delete"].upper() == "CASCADE"
        }
        references = {
            fk["from"]
            for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')")
            if fk["table"] == "youth"
        }
        columns = {column["name"] for column in conn.execute(f"PRAGMA table_info('{table}')")}
        loose = (references | ({"youth_id"} & columns)) - cascades
        if loose:
            raise UnsafeSchema(
                f"The table '{table}' keeps rows about young people that erasing would not "
                "remove (no ON DELETE CASCADE): nothing was erased; report this to the "
                "efter developers."
            )


def erase(conn: sqlite3.Connection, youth: Youth, command: str) -> None:
    """Delete the young person and everything about them; keep one audit line (no data).

    Call inside the command's transaction; call `scrub` after it committed.
    """
    check_schema(conn)
    conn.execute("DELETE FROM youth WHERE id = ?", (youth.id,))
    audit.record(conn, "erased", [youth.id], command)
    audit.mark_erased(conn, youth.id)


def closed_before(conn: sqlite3.Connection, day: date) -> list[Youth]:
    """Closed cases whose closing date lies before `day`, oldest first."""
    rows = conn.execute(
        "SELECT * FROM youth WHERE status = 'closed' AND closed < ? ORDER BY closed, id",
        (day.isoformat(),),
    ).fetchall()
    return [Youth(row) for row in rows]


@dataclass
class Scrubbed:
    vacuumed: bool  # False when another command was writing: free pages may remain
    wal_emptied: bool  # False when another command held the file open


def scrub(conn: sqlite3.Connection) -> Scrubbed:
    """Rebuild the file without free pages and empty the -wal file. Outside a transaction.

    The erasure has committed when this runs: another command busy with the file only delays
    the scrubbing (`efter doctor --fix` finishes it), it never undoes the erasure.
    """
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:
        return Scrubbed(vacuumed=False, wal_emptied=False)
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return Scrubbed(vacuumed=True, wal_emptied=not busy)
