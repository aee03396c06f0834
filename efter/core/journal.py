"""The journal: dated notes about a young person, signed with the OS user.

A note is never rewritten: `correct` writes a new note that points at the one it corrects
(`corrects`), and marks the old one `corrected_by` the new one. Both stay; lists show the old
one as corrected. Erased with the young person (ON DELETE CASCADE)."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import audit, clock
from efter.core.casefile import insert_rows, update_rows
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.i18n import t
from efter.core.text import check as check_text
from efter.core.text import is_id
from efter.core.youth import Youth


def note_text(text: str | None) -> str:
    cleaned = check_text((text or "").strip(), "the note's text", lines=True)
    if not cleaned:
        raise InvalidInput(t("The note is empty: write what happened (or give '-' to read it)."))
    return cleaned


def author() -> str:
    from efter.core.audit import os_user

    return os_user()


def add(conn: sqlite3.Connection, youth: Youth, text: str) -> int:
    return insert_many(conn, [(youth.id, note_text(text), None)])[0]


_INSERT = "INSERT INTO journal (youth_id, written, author, text, corrects) VALUES (?, ?, ?, ?, ?)"


def insert_many(conn: sqlite3.Connection, notes: list[tuple[int, str, int | None]]) -> list[int]:
    """The one way notes are written (note add, note correct): for each (youth id, text that
    note_text() passed, the id of the note it corrects or None), signed with the OS user and
    the time; a correction marks the note it corrects `corrected_by` the new one (the old text
    stays). Returns the new ids in the order given."""
    stamp, signed = clock.timestamp(), author()
    rows = [(youth_id, stamp, signed, text, corrects) for youth_id, text, corrects in notes]
    ids = insert_rows(conn, "journal", _INSERT, rows)
    update_rows(
        conn,
        "journal",
        [
            (corrects, {"corrected_by": new_id})
            for new_id, (_, _, corrects) in zip(ids, notes, strict=True)
            if corrects is not None
        ],
    )
    return ids


@audit.reads
def get(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    row = None
    if is_id(text.strip()):
        row = conn.execute("SELECT * FROM journal WHERE id = ?", (int(text.strip()),)).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No journal note has the id '{text}': see 'efter note list YOUTH' for the ids.",
                text=text.strip(),
            )
        )
    return row


def correct(conn: sqlite3.Connection, row: sqlite3.Row, text: str) -> int:
    """A new note correcting `row`; the old text is kept and shown as corrected."""
    if row["corrected_by"] is not None:
        raise Conflict(
            t(
                "Note {id} was already corrected by note {corrected_by}: correct that one instead.",
                id=row["id"],
                corrected_by=row["corrected_by"],
            )
        )
    new_text = note_text(text)
    if new_text == row["text"]:
        raise InvalidInput(
            t("The text is the same as note {id}'s: nothing to correct.", id=row["id"])
        )
    return insert_many(conn, [(row["youth_id"], new_text, row["id"])])[0]


def list_notes(
    conn: sqlite3.Connection, youth: Youth, *, since: date | None = None, latest: int | None = None
) -> list[sqlite3.Row]:
    """Notes oldest first; with `latest`, only the newest N current (not corrected) ones."""
    if latest is not None:
        rows = conn.execute(
            "SELECT * FROM journal WHERE youth_id = ? AND corrected_by IS NULL "
            "ORDER BY written DESC, id DESC LIMIT ?",
            (youth.id, latest),
        ).fetchall()
        return rows[::-1]
    sql, params = "SELECT * FROM journal WHERE youth_id = ?", [youth.id]
    if since is not None:
        sql += " AND written >= ?"
        params.append(since.isoformat())
    return conn.execute(sql + " ORDER BY written, id", params).fetchall()


def describe(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "written": row["written"],
        "author": row["author"],
        "text": row["text"],
        "corrects": row["corrects"],
        "corrected_by": row["corrected_by"],
    }
