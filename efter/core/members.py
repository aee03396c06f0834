"""The people around a young person: the team (professionals) and the private network."""

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from efter.core import audit, clock, vocab
from efter.core.dates import parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.i18n import t
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
    return vocab.lookup(vocab.CLOSENESS, value, "closeness", "closeness").code


def clean(side: str, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in ("name", "organisation", "phone", "email", "note"):
        value = values.get(field)
        text = str(value).strip() if value is not None else ""
        out[field] = check_text(text, field, lines=field == "note") or None
    if not out["name"]:
        raise InvalidInput(
            field="name", problem=t("the name is empty"), fix=t("give the person's name")
        )
    role = str(values.get("role") or "").strip()
    if not role:
        raise InvalidInput(field="role", problem=t("the role is missing"), fix=t("give one"))
    out["role"] = vocab.lookup(SIDES[side], role, f"{side} role", "role").code
    out["closeness"] = closeness_code(values.get("closeness"))
    help_text = values.get("can_help")
    out["can_help"] = check_text(str(help_text).strip(), "can_help") or None if help_text else None
    email = out["email"]
    if email and ("@" not in email or " " in email):
        raise InvalidInput(
            field="email",
            problem=t("the email '{email}' is not an email address", email=email),
            fix=t("correct it"),
        )
    started = values.get("started")
    out["started"] = (
        parse_date(str(started), field="started").isoformat()
        if started
        else clock.today().isoformat()
    )
    return out


def add(conn: sqlite3.Connection, youth: Youth, side: str, values: dict[str, Any]) -> int:
    return insert_many(conn, [(youth.id, side, clean(side, values))])[0]


_INSERT = (
    "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, note, started, "
    "ended, created, closeness, can_help) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_many(
    conn: sqlite3.Connection, members: list[tuple[int, str, dict[str, Any]]]
) -> list[int]:
    """The one way team and network members are stored (add, import): (youth id, side, a
    record clean() passed, with `ended` when they have left) in one executemany. Returns the
    new ids in the order given."""
    if not members:
        return []
    stamp = clock.timestamp()
    last = conn.execute("SELECT coalesce(max(id), 0) FROM member").fetchone()[0]
    conn.executemany(
        _INSERT,
        [
            (youth_id, side, r["role"], r["name"], r["organisation"], r["phone"], r["email"],
             r["note"], r["started"], r.get("ended"), stamp, r["closeness"], r["can_help"])
            for youth_id, side, r in members
        ],
    )  # fmt: skip
    # SQLite gives each new row the largest rowid so far + 1: the new ids follow in order.
    if conn.execute("SELECT max(id) FROM member").fetchone()[0] == last + len(members):
        return list(range(last + 1, last + 1 + len(members)))
    return [r[0] for r in conn.execute("SELECT id FROM member WHERE id > ? ORDER BY id", (last,))]


def update_many(
    conn: sqlite3.Connection, changes: list[tuple[int, dict[str, tuple[Any, Any]]]]
) -> None:
    """The one way members' fields are changed in a batch (import --update): for each
    (member id, {field: (old, new)}), one executemany per set of changed fields."""
    grouped: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for member_id, diff in changes:
        if diff:
            grouped.setdefault(tuple(diff), []).append(
                (*(new for _, new in diff.values()), member_id)
            )
    for fields, params in grouped.items():
        sets = ", ".join(f"{field} = ?" for field in fields)
        conn.executemany(f"UPDATE member SET {sets} WHERE id = ?", params)


def of_youth(conn: sqlite3.Connection, youth_id: int | None, side: str) -> list[sqlite3.Row]:
    """A young person's team or network members, those still on the case first, the newest
    first (the importer matches a name with them). With None, everyone's, in the same order."""
    order = "ORDER BY ended IS NULL DESC, id DESC"
    if youth_id is None:
        return conn.execute(f"SELECT * FROM member WHERE side = ? {order}", (side,)).fetchall()
    return conn.execute(
        f"SELECT * FROM member WHERE youth_id = ? AND side = ? {order}", (youth_id, side)
    ).fetchall()


def for_export(conn: sqlite3.Connection, side: str) -> Iterator[sqlite3.Row]:
    """Every team or network member with their young person's ref, as an export lists them."""
    return iter(
        conn.execute(
            "SELECT member.*, youth.ref AS youth_ref FROM member JOIN youth "
            "ON youth.id = member.youth_id WHERE side = ? ORDER BY youth.ref, member.id",
            (side,),
        )
    )


@audit.reads
def get(conn: sqlite3.Connection, side: str, member_id: str) -> sqlite3.Row:
    row = None
    if is_id(member_id):
        row = conn.execute(
            "SELECT * FROM member WHERE id = ? AND side = ?", (int(member_id), side)
        ).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No {member} has the id '{member_id}': see 'efter {side} list YOUTH' for the ids.",
                member=t("team member") if side == "team" else t("network member"),
                side=side,
                member_id=member_id.strip(),
            )
        )
    return row


def set_map(
    conn: sqlite3.Connection, member: sqlite3.Row, closeness: str | None, can_help: str | None
) -> dict[str, Any]:
    """Set closeness and/or what the person can help with; an empty value clears it."""
    if closeness is None and can_help is None:
        raise InvalidInput(t("Nothing to change: give --closeness, --can-help or both."))
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
        raise Conflict(
            t(
                "{name} (id {id}) already left on {ended}.",
                name=member["name"],
                id=member["id"],
                ended=member["ended"],
            )
        )
    if on.isoformat() < member["started"]:
        raise InvalidInput(
            t(
                "The end date {on} is before {name} joined on {started}: give --date a later date.",
                on=on.isoformat(),
                name=member["name"],
                started=member["started"],
            )
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
