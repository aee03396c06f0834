"""Agreements ("hvem gør hvad hvornår"), keyed by the young person's ref and what is agreed.

The checks follow the agreement table of m001: an owner who is the young person, the
coordinator or a person on the case; a due date; status open, done (with the day it was done)
or dropped. When efter.core has an agreements module, point `plan` and `apply` at it.
"""

import sqlite3
from typing import Any, ClassVar

from efter.core import clock, vocab
from efter.core.dates import parse_date
from efter.core.errors import InvalidInput
from efter.transfer.kinds import Context, Kind, Planned, text, youth_ref
from efter.transfer.rows import Problem, Row, checked

STATUSES = (
    vocab.Term("open", "Åben", "Open", ("åben", "aaben", "aben", "igang", "i gang")),
    vocab.Term("done", "Udført", "Done", ("udført", "udfoert", "opfyldt", "holdt", "kept")),
    vocab.Term("dropped", "Droppet", "Dropped", ("droppet", "opgivet", "annulleret")),
)  # fmt: skip
YOUTH_WORDS = {"youth", "den unge", "unge", "ung", "young person", "the young person"}
COORDINATOR_WORDS = {"coordinator", "koordinator", "koordinatoren", "the coordinator"}
_STORED = ("what", "owner", "owner_member_id", "due", "status", "done_on", "drop_reason")
_EVENTS = {"done": "kept", "dropped": "dropped", "open": "reopened"}


def owner_of(conn: sqlite3.Connection, person: sqlite3.Row, value: str) -> tuple[str, int | None]:
    """('youth'|'coordinator'|'member', member id) for an owner as a file writes it."""
    wanted = value.strip().casefold()
    if wanted in YOUTH_WORDS or wanted == person["name"].casefold():
        return "youth", None
    if wanted in COORDINATOR_WORDS or wanted == (person["coordinator"] or "").casefold():
        return "coordinator", None
    rows = conn.execute(
        "SELECT id, side FROM member WHERE youth_id = ? AND name = ? COLLATE NOCASE "
        "ORDER BY ended IS NULL DESC, id DESC",
        (person["id"], value.strip()),
    ).fetchall()
    sides = {row["side"] for row in rows}
    if len(sides) > 1:
        raise InvalidInput(
            f"'{value.strip()}' is both on the team and in the network of {person['ref']}: "
            "give the owner's name as only one of them carries it, or rename one."
        )
    if not rows:
        raise InvalidInput(
            f"Nobody called '{value.strip()}' is on the case of {person['ref']}: write youth, "
            "coordinator or the name of a team or network member (import them first with "
            "'efter import team' or 'efter import network')."
        )
    return "member", rows[0]["id"]


class AgreementKind(Kind):
    name = "agreements"
    noun = "agreement"
    key_field = "what"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "what": ("what", "aftale", "hvad", "handling"),
        "owner": ("owner", "ansvarlig", "hvem"),
        "due": ("due", "frist", "hvornår"),
        "status": ("status",),
        "done_on": ("done_on", "udført_dato", "udført", "done"),
        "drop_reason": ("reason", "begrundelse", "drop_reason"),
    }
    required = ("ref", "what", "owner", "due")
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref",
        "owner": "name",
        "what": "drop",
        "drop_reason": "drop",
    }

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        conn, values = ctx.conn, row.values
        person = youth_ref(row, ctx, problems)
        what = text(values.get("what"))
        if what is None:
            problems.append(
                Problem(
                    row.where, row.column("what"), "what is agreed is empty; write the agreement"
                )
            )
        elif "\x00" in what:
            problems.append(
                Problem(
                    row.where, row.column("what"), "the value contains a NUL character; remove it"
                )
            )
        existing = None
        if person is not None and what:
            existing = conn.execute(
                "SELECT * FROM agreement WHERE youth_id = ? AND what = ? COLLATE NOCASE "
                "ORDER BY id DESC LIMIT 1",
                (person["id"], what),
            ).fetchone()

        def given(field: str) -> str | None:
            # An empty cell keeps the stored value where an empty one would mean a default.
            if field in values and (text(values[field]) or field not in ("status",)):
                return values[field]
            return None if existing is None else existing[field]

        record: dict[str, Any] = {"what": what}
        owner = text(values.get("owner"))
        if owner is None:
            problems.append(
                Problem(
                    row.where,
                    row.column("owner"),
                    "the owner is empty; write youth, coordinator or a person's name",
                )
            )
        elif person is not None:
            found = checked(row, problems, "owner", lambda: owner_of(conn, person, owner))
            if found:
                record["owner"], record["owner_member_id"] = found
        due = text(values.get("due"))
        if due is None:
            problems.append(
                Problem(row.where, row.column("due"), "the due date is empty; give a date")
            )
        else:
            day = checked(row, problems, "due", lambda: parse_date(due, "due date"))
            record["due"] = day.isoformat() if day else None
        status = text(given("status"))
        record["status"] = checked(
            row, problems, "status",
            lambda: vocab.lookup(STATUSES, status, "agreement status", "--status").code if status else "open",
        )  # fmt: skip
        done_on = text(given("done_on"))
        record["done_on"] = None
        if record["status"] == "done":
            if done_on:
                day = checked(
                    row, problems, "done_on", lambda: parse_date(done_on, "date it was done")
                )
                record["done_on"] = day.isoformat() if day else None
            else:
                record["done_on"] = ctx.today.isoformat()
        elif done_on and text(values.get("done_on")):
            problems.append(
                Problem(
                    row.where,
                    row.column("done_on"),
                    f"a done date is given but the status is {record['status']}; "
                    "set the status to done or empty this cell",
                )
            )
        record["drop_reason"] = text(given("drop_reason"))
        if problems:
            return problems
        assert person is not None
        label = f"{person['ref']} {what}"
        key = (person["id"], str(what).casefold())
        if existing is None:
            return Planned(row.where, "create", key, label, record, youth_id=person["id"])
        changes = {f: (existing[f], record[f]) for f in _STORED if record[f] != existing[f]}
        return Planned(
            row.where,
            "update" if changes else "unchanged",
            key,
            label,
            record,
            youth_id=person["id"],
            target=existing["id"],
            changes=changes,
        )

    def apply(self, planned: Planned, ctx: Context) -> None:
        conn, stamp, record = ctx.conn, clock.timestamp(), planned.record
        if planned.action == "create":
            cursor = conn.execute(
                "INSERT INTO agreement (youth_id, what, owner, owner_member_id, due, first_due, "
                "status, done_on, drop_reason, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    planned.youth_id, record["what"], record["owner"], record["owner_member_id"],
                    record["due"], record["due"], record["status"], record["done_on"],
                    record["drop_reason"], stamp, stamp,
                ),
            )  # fmt: skip
            planned.target = cursor.lastrowid
            return
        if planned.action != "update":
            return
        sets = ", ".join(f"{field} = ?" for field in planned.changes)
        conn.execute(
            f"UPDATE agreement SET {sets}, updated = ? WHERE id = ?",
            (*(new for _, new in planned.changes.values()), stamp, planned.target),
        )
        # Keep the agreement's history as 'efter agreement move|done|drop' would.
        today = ctx.today.isoformat()
        if "due" in planned.changes:
            old, new = planned.changes["due"]
            conn.execute(
                "INSERT INTO agreement_event (agreement_id, event, on_date, old_due, new_due, "
                "note) VALUES (?, 'moved', ?, ?, ?, 'efter import')",
                (planned.target, today, old, new),
            )
        if "status" in planned.changes:
            conn.execute(
                "INSERT INTO agreement_event (agreement_id, event, on_date, note) "
                "VALUES (?, ?, ?, 'efter import')",
                (planned.target, _EVENTS[record["status"]], today),
            )

    def export(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT agreement.*, youth.ref AS youth_ref, member.name AS member_name "
            "FROM agreement JOIN youth ON youth.id = agreement.youth_id "
            "LEFT JOIN member ON member.id = agreement.owner_member_id "
            "ORDER BY youth.ref, agreement.due, agreement.id"
        ).fetchall()
        return [
            {
                "_youth_id": r["youth_id"],
                "ref": r["youth_ref"],
                "what": r["what"],
                "owner": r["member_name"] if r["owner"] == "member" else r["owner"],
                "due": r["due"],
                "status": r["status"],
                "done_on": r["done_on"],
                "drop_reason": r["drop_reason"],
            }
            for r in rows
        ]


KIND = AgreementKind()
