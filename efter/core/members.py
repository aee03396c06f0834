"""The people around a young person: the team (professionals) and the private network."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import audit, clock, vocab
from efter.core.dates import parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.text import check as check_text
from efter.core.text import is_id
from efter.core.youth import Youth

SIDES = {"team": vocab.TEAM_ROLES, "network": vocab.NETWORK_ROLES}
FIELDS = ("role", "name", "organisation", "phone", "email", "note", "started")


def closeness_code(text: str | None) -> str | None:
    """tæt / mellem / fjern (or close / middle / distant) -> the stored code; empty -> None."""
    value = (text or "").strip()
    if not value:
        return None
    return vocab.lookup(vocab.CLOSENESS, value, "closeness", "--closeness").code


def clean(side: str, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in ("name", "organisation", "phone", "email", "note"):
        value = values.get(field)
        text = str(value).strip() if value is not None else ""
        out[field] = check_text(text, f"--{field}", lines=field == "note") or None
    if not out["name"]:
        raise InvalidInput("The name is empty: give --name the person's name.")
    role = str(values.get("role") or "").strip()
    if not role:
        raise InvalidInput("The role is missing: give --role.")
    out["role"] = vocab.lookup(SIDES[side], role, f"{side} role", "--role").code
    out["closeness"] = closeness_code(values.get("closeness"))
    help_text = values.get("can_help")
    out["can_help"] = (
        check_text(str(help_text).strip(), "--can-help") or None if help_text else None
    )
    email = out["email"]
    if email and ("@" not in email or " " in email):
        raise InvalidInput(f"The email '{email}' is not an email address: correct --email.")
    started = values.get("started")
    out["started"] = (
        parse_date(str(started), "from date").isoformat() if started else clock.today().isoformat()
    )
    return out


def add(conn: sqlite3.Connection, youth: Youth, side: str, values: dict[str, Any]) -> int:
    record = clean(side, values)
    cursor = conn.execute(
        "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, note, "
        "started, created, closeness, can_help) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            youth.id, side, record["role"], record["name"], record["organisation"],
            record["phone"], record["email"], record["note"], record["started"],
            clock.timestamp(), record["closeness"], record["can_help"],
        ),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@audit.reads
def get(conn: sqlite3.Connection, side: str, member_id: str) -> sqlite3.Row:
    row = None
    if is_id(member_id):
        row = conn.execute(
            "SELECT * FROM member WHERE id = ? AND side = ?", (int(member_id), side)
        ).fetchone()
    if row is None:
        raise NotFound(
            f"No {side} member has the id '{member_id.strip()}': "
            f"see 'efter {side} list YOUTH' for the ids."
        )
    return row


def set_map(
    conn: sqlite3.Connection, member: sqlite3.Row, closeness: str | None, can_help: str | None
) -> dict[str, Any]:
    """Set closeness and/or what the person can help with; an empty value clears it."""
    if closeness is None and can_help is None:
        raise InvalidInput("Nothing to change: give --closeness, --can-help or both.")
    changes: dict[str, Any] = {}
    if closeness is not None:
        changes["closeness"] = closeness_code(closeness)
    if can_help is not None:
        changes["can_help"] = check_text(can_help.strip(), "--can-help") or None
    for column, value in changes.items():
        conn.execute(f"UPDATE member SET {column} = ? WHERE id = ?", (value, member["id"]))
    return changes


def end(conn: sqlite3.Connection, member: sqlite3.Row, on: date) -> None:
    if member["ended"] is not None:
        raise Conflict(f"{member['name']} (id {member['id']}) already left on {member['ended']}.")
    if on.isoformat() < member["started"]:
        raise InvalidInput(
            f"The end date {on.isoformat()} is before {member['name']} joined on "
            f"{member['started']}: give --date a later date."
        )
    conn.execute("UPDATE member SET ended = ? WHERE id = ?", (on.isoformat(), member["id"]))


def list_members(
    conn: sqlite3.Connection, youth: Youth, side: str | None, *, include_ended: bool, today: date
) -> list[sqlite3.Row]:
    sql = "SELECT * FROM member WHERE youth_id = ?"
    params: list[Any] = [youth.id]
    if side:
        sql += " AND side = ?"
        params.append(side)
    if not include_ended:
        sql += " AND (ended IS NULL OR ended > ?)"
        params.append(today.isoformat())
    sql += " ORDER BY side DESC, started, id"
    return conn.execute(sql, params).fetchall()


def describe(row: sqlite3.Row, today: date) -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "side": row["side"],
        "role": row["role"],
        "role_label": vocab.label(SIDES[row["side"]], row["role"]),
        "name": row["name"],
        "organisation": row["organisation"],
        "phone": row["phone"],
        "email": row["email"],
        "note": row["note"],
        "closeness": row["closeness"],
        "can_help": row["can_help"],
        "from": row["started"],
        "to": row["ended"],
        "active": row["ended"] is None or row["ended"] > today.isoformat(),
    }
