"""Network meetings, keyed by the young person's ref and the start time.

The checks here follow the meeting table of m001 (kind, starts, duration 1-1440, status);
when efter.core has a meetings module, point `plan` and `apply` at its functions.
"""

import sqlite3
from datetime import datetime
from typing import Any, ClassVar

from efter.core import clock, vocab
from efter.core.dates import parse_datetime
from efter.transfer.kinds import Context, Kind, Planned, text, youth_ref
from efter.transfer.rows import Problem, Row, checked

KINDS = (
    vocab.Term("start", "Opstartsmøde", "Start meeting", ("opstart", "opstartsmøde", "startmøde")),
    vocab.Term("network", "Netværksmøde", "Network meeting", ("netværksmøde", "netvaerksmoede", "møde", "netværk")),
    vocab.Term("milestone", "Milepælsmøde", "Milestone meeting", ("milepæl", "milepælsmøde")),
    vocab.Term("end", "Afslutningsmøde", "Closing meeting", ("afslutning", "afslutningsmøde", "slut")),
)  # fmt: skip
STATUSES = (
    vocab.Term("planned", "Planlagt", "Planned", ("planlagt",)),
    vocab.Term("held", "Afholdt", "Held", ("afholdt",)),
    vocab.Term("cancelled", "Aflyst", "Cancelled", ("aflyst", "canceled")),
    vocab.Term("no-show", "Udeblevet", "No-show", ("udeblevet", "udeblev", "noshow")),
)  # fmt: skip
_STORED = ("starts", "kind", "place", "duration", "leader", "minute_taker", "status")


def minute(value: str) -> str:
    """A stored start time as 'YYYY-MM-DD HH:MM', however it was written."""
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


def _duration(value: str | None) -> int:
    from efter.core.errors import InvalidInput

    raw = text(value)
    if raw is None:
        return 90
    digits = raw.removesuffix(".0")
    if not digits.isdigit() or not 1 <= int(digits) <= 1440:
        raise InvalidInput(
            f"The duration '{raw}' is not a number of minutes from 1 to 1440: "
            "give --duration the length in minutes, such as 90."
        )
    return int(digits)


class MeetingKind(Kind):
    name = "meetings"
    noun = "meeting"
    key_field = "starts"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "starts": ("starts", "tidspunkt", "tid", "at", "mødetid", "start"),
        "kind": ("kind", "type", "mødetype", "art"),
        "place": ("place", "sted"),
        "duration": ("duration", "varighed", "minutter"),
        "leader": ("leader", "mødeleder", "ordstyrer"),
        "minute_taker": ("minute_taker", "referent"),
        "status": ("status",),
    }
    required = ("ref", "starts")
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref",
        "leader": "name",
        "minute_taker": "name",
        "place": "drop",
    }

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # a time has many spellings: compared once parsed

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        person = youth_ref(row, ctx, problems)
        values = row.values
        record: dict[str, Any] = {}
        starts = text(values.get("starts"))
        if starts is None:
            problems.append(
                Problem(
                    row.where,
                    row.column("starts"),
                    "the start time is empty; give it as 'YYYY-MM-DD HH:MM'",
                )
            )
        else:
            when = checked(row, problems, "starts", lambda: parse_datetime(starts, "start time"))
            if when:
                record["starts"] = when.strftime("%Y-%m-%d %H:%M")
        existing = None
        if person is not None and "starts" in record:
            for candidate in ctx.conn.execute(
                "SELECT * FROM meeting WHERE youth_id = ? ORDER BY id", (person["id"],)
            ):
                if minute(candidate["starts"]) == record["starts"]:
                    existing = candidate
                    break

        def given(field: str) -> str | None:
            # An empty cell keeps the stored value where an empty one would mean a default.
            if field in values and (
                text(values[field]) or field not in ("kind", "status", "duration")
            ):
                return values[field]
            return None if existing is None else existing[field]

        kind, status = text(given("kind")), text(given("status"))
        record["kind"] = checked(
            row, problems, "kind",
            lambda: vocab.lookup(KINDS, kind, "meeting kind", "--kind").code if kind else "network",
        )  # fmt: skip
        record["status"] = checked(
            row, problems, "status",
            lambda: vocab.lookup(STATUSES, status, "meeting status", "--status").code if status else "planned",
        )  # fmt: skip
        duration = given("duration")
        record["duration"] = checked(
            row,
            problems,
            "duration",
            lambda: _duration(None if duration is None else str(duration)),
        )
        for field in ("place", "leader", "minute_taker"):
            value = text(given(field))
            if value and "\x00" in value:
                problems.append(
                    Problem(
                        row.where,
                        row.column(field),
                        "the value contains a NUL character; remove it",
                    )
                )
            record[field] = value
        if problems:
            return problems
        assert person is not None
        label = f"{person['ref']} {record['starts']}"
        key = (person["id"], record["starts"])
        if existing is None:
            return Planned(row.where, "create", key, label, record, youth_id=person["id"])
        old = {**{f: existing[f] for f in _STORED}, "starts": minute(existing["starts"])}
        changes = {f: (old[f], record[f]) for f in _STORED if record[f] != old[f]}
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
                "INSERT INTO meeting (youth_id, kind, starts, duration, place, leader, "
                "minute_taker, status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    planned.youth_id, record["kind"], record["starts"], record["duration"],
                    record["place"], record["leader"], record["minute_taker"], record["status"],
                    stamp, stamp,
                ),
            )  # fmt: skip
            planned.target = cursor.lastrowid
        elif planned.action == "update":
            sets = ", ".join(f"{field} = ?" for field in planned.changes)
            conn.execute(
                f"UPDATE meeting SET {sets}, updated = ? WHERE id = ?",
                (*(new for _, new in planned.changes.values()), stamp, planned.target),
            )

    def export(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT meeting.*, youth.ref AS youth_ref FROM meeting JOIN youth "
            "ON youth.id = meeting.youth_id ORDER BY youth.ref, meeting.starts, meeting.id"
        ).fetchall()
        return [
            {
                "_youth_id": r["youth_id"],
                "ref": r["youth_ref"],
                **{f: r[f] for f in _STORED},
                "starts": minute(r["starts"]),
            }
            for r in rows
        ]


KIND = MeetingKind()
