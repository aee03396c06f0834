"""Life-area ratings on the 1-5 scale, keyed by the young person's ref, area, rater and phase
(and the date for ratings made at a meeting: start and end come once per area and rater).

The checks follow the rating table of m001; a changed score is stored as a correction that
keeps the earlier rating in history (replaced_by). When efter.core has a ratings module,
point `plan` and `apply` at it.
"""

import sqlite3
from typing import Any, ClassVar

from efter.core import areas, clock, vocab
from efter.core.dates import parse_date
from efter.core.errors import InvalidInput
from efter.transfer.kinds import Context, Kind, Planned, text, youth_ref
from efter.transfer.rows import Problem, Row, checked

PHASES = (
    vocab.Term("start", "Start", "Start", ("opstart", "begyndelse", "første")),
    vocab.Term("meeting", "Møde", "Meeting", ("møde", "moede", "undervejs", "netværksmøde")),
    vocab.Term("end", "Slut", "End", ("slut", "afslutning", "sidste")),
)  # fmt: skip
RATERS = (
    vocab.Term("youth", "Den unge", "The young person", ("ung", "unge", "den unge", "young person", "selv")),
    vocab.Term("professional", "Fagperson", "Professional", ("fagperson", "professionel", "koordinator", "rådgiver", "team")),
)  # fmt: skip
_STORED = ("area", "score", "phase", "rated_on", "rated_by", "note")


def score_of(value: str) -> int:
    raw = value.strip()
    digits = raw.removesuffix(".0").removesuffix(",0")
    if not digits.lstrip("-").isdigit():
        raise InvalidInput(f"The score '{raw}' is not a whole number: give a score from 1 to 5.")
    if not 1 <= int(digits) <= 5:
        raise InvalidInput(
            f"The score {int(digits)} is outside the scale 1-5: give a score from 1 to 5."
        )
    return int(digits)


class RatingKind(Kind):
    name = "ratings"
    noun = "rating"
    key_field = "area"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "area": ("area", "livsområde", "område"),
        "score": ("score", "vurdering", "point"),
        "phase": ("phase", "fase"),
        "rated_on": ("date", "dato", "rated_on"),
        "rated_by": ("rated_by", "vurderet_af", "af"),
        "note": ("note", "bemærkning", "noter"),
    }
    required = ("ref", "area", "score", "phase", "rated_on")
    pseudonyms: ClassVar[dict[str, str]] = {"ref": "ref", "note": "drop"}

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # areas, phases and raters have many spellings: compared once resolved

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        values = row.values
        person = youth_ref(row, ctx, problems)
        record: dict[str, Any] = {}
        for field, what in (
            ("area", "life area"),
            ("score", "score"),
            ("phase", "phase"),
            ("rated_on", "date"),
        ):
            if text(values.get(field)) is None:
                problems.append(
                    Problem(row.where, row.column(field), f"the {what} is empty; fill it in")
                )
        area = text(values.get("area"))
        if area:
            # By code, Danish or English name or a unique prefix, as 'efter rate' takes them;
            # retired areas too, for ratings made before they were retired.
            found = checked(
                row, problems, "area", lambda: areas.resolve(ctx.conn, area, include_retired=True)
            )
            record["area"] = found["code"] if found is not None else None
        score = text(values.get("score"))
        if score:
            record["score"] = checked(row, problems, "score", lambda: score_of(score))
        phase = text(values.get("phase"))
        if phase:
            record["phase"] = checked(
                row, problems, "phase", lambda: vocab.lookup(PHASES, phase, "phase", "--phase").code
            )
        day = text(values.get("rated_on"))
        if day:
            parsed = checked(row, problems, "rated_on", lambda: parse_date(day, "date"))
            record["rated_on"] = parsed.isoformat() if parsed else None
            if parsed and parsed > ctx.today:
                problems.append(
                    Problem(
                        row.where,
                        row.column("rated_on"),
                        f"the date {parsed.isoformat()} lies in the future; give the day the rating was made",
                    )
                )
        rater = text(values.get("rated_by"))
        record["rated_by"] = checked(
            row, problems, "rated_by",
            lambda: vocab.lookup(RATERS, rater, "rater", "--rated-by").code if rater else "professional",
        )  # fmt: skip
        note = text(values.get("note"))
        if note and "\x00" in note:
            problems.append(
                Problem(
                    row.where, row.column("note"), "the value contains a NUL character; remove it"
                )
            )
        record["note"] = note
        if problems:
            return problems
        assert person is not None
        key: tuple[Any, ...] = (person["id"], record["area"], record["rated_by"], record["phase"])
        sql = (
            "SELECT * FROM rating WHERE youth_id = ? AND area = ? AND rated_by = ? AND phase = ? "
            "AND replaced_by IS NULL"
        )
        if record["phase"] == "meeting":
            key += (record["rated_on"],)
            sql += " AND rated_on = ?"
        existing = ctx.conn.execute(sql + " ORDER BY id DESC LIMIT 1", key).fetchone()
        label = f"{person['ref']} {record['area']} {record['phase']} ({record['rated_by']})"
        if existing is None:
            return Planned(row.where, "create", key, label, record, youth_id=person["id"])
        if "note" not in values:
            record["note"] = existing["note"]
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
        conn, record = ctx.conn, planned.record
        if planned.action == "unchanged":
            return
        old = planned.target
        if old is not None:
            # A correction: the old rating leaves the one-start-one-end rule first, then
            # points at its replacement, so history keeps both.
            conn.execute("UPDATE rating SET replaced_by = id WHERE id = ?", (old,))
        cursor = conn.execute(
            "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                planned.youth_id, record["area"], record["score"], record["phase"],
                record["rated_by"], record["rated_on"], record["note"], clock.timestamp(),
            ),
        )  # fmt: skip
        planned.target = cursor.lastrowid
        if old is not None:
            conn.execute("UPDATE rating SET replaced_by = ? WHERE id = ?", (cursor.lastrowid, old))

    def export(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT rating.*, youth.ref AS youth_ref FROM rating JOIN youth "
            "ON youth.id = rating.youth_id LEFT JOIN life_area ON life_area.code = rating.area "
            "WHERE rating.replaced_by IS NULL "
            "ORDER BY youth.ref, life_area.position, rating.rated_by, rating.rated_on, rating.id"
        ).fetchall()
        return [
            {"_youth_id": r["youth_id"], "ref": r["youth_ref"], **{f: r[f] for f in _STORED}}
            for r in rows
        ]


KIND = RatingKind()
