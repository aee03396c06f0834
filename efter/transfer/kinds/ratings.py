"""Life-area ratings on the 1-5 scale, keyed by the young person's ref, area, rater and phase
(and the date for ratings made at a meeting: start and end come once per area and rater).

Checked and stored by efter.core.ratings (phases, raters, scores, dates, corrections that keep
the earlier rating in the history); areas by efter.core.areas, retired ones included so that an
export of old ratings imports back.
"""

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from efter.core import areas, ratings, vocab
from efter.core.dates import parse_date
from efter.core.errors import InvalidInput
from efter.core.text import clean as clean_text
from efter.core.youth import Youth
from efter.transfer.kinds import Context, Kind, Planned, text, youth_ref
from efter.transfer.rows import Problem, Row, checked

_STORED = ("area", "score", "phase", "rated_on", "rated_by", "note")
T = TypeVar("T")


def _columns(call: Callable[[], T]) -> Callable[[], T]:
    """A core check whose sentence names 'efter rate' options: name this file's columns."""

    def run() -> T:
        try:
            return call()
        except InvalidInput as error:
            message = error.message.replace("--date", "--rated-on").replace("--by", "--rated-by")
            raise InvalidInput(message) from None

    return run


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
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "area": "uddannelse", "score": "3", "phase": "start",
        "rated_on": "01-09-2025", "rated_by": "fagperson", "note": "",
    }  # fmt: skip
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
            code = record.get("area") or area or "the area"
            record["score"] = checked(
                row, problems, "score", lambda: ratings.parse_score(score, code)
            )
        phase = text(values.get("phase"))
        if phase:
            record["phase"] = checked(
                row,
                problems,
                "phase",
                lambda: vocab.lookup(ratings.PHASES, phase, "phase", "--phase").code,
            )
        day = text(values.get("rated_on"))
        if day:
            parsed = checked(row, problems, "rated_on", lambda: parse_date(day, "rating date"))
            record["rated_on"] = parsed.isoformat() if parsed else None
            if parsed and person is not None:
                youth = Youth(person)
                checked(
                    row,
                    problems,
                    "rated_on",
                    _columns(lambda: ratings.check_date(youth, parsed)),
                )
        rater = text(values.get("rated_by"))
        record["rated_by"] = checked(
            row, problems, "rated_by",
            lambda: vocab.lookup(ratings.RATERS, rater, "rater", "--rated-by").code if rater else "professional",
        )  # fmt: skip
        note = text(values.get("note"))
        record["note"] = checked(
            row, problems, "note", lambda: clean_text(note, "--note", lines=True)
        )
        if problems:
            return problems
        assert person is not None
        key: tuple[Any, ...] = (person["id"], record["area"], record["rated_by"], record["phase"])
        if record["phase"] == "meeting":
            key += (record["rated_on"],)
        current = ctx.records_of(
            "ratings",
            person["id"],
            "SELECT * FROM rating WHERE youth_id = ? AND replaced_by IS NULL ORDER BY id DESC",
        )
        existing = next(
            (
                r
                for r in current
                if (r["area"], r["rated_by"], r["phase"]) == key[1:4]
                and (r["phase"] != "meeting" or r["rated_on"] == record["rated_on"])
            ),
            None,
        )
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
        if planned.action == "unchanged":
            return
        record = planned.record
        youth = Youth(
            ctx.conn.execute("SELECT * FROM youth WHERE id = ?", (planned.youth_id,)).fetchone()
        )
        entry = ratings.Entry(
            area=record["area"],
            score=record["score"],
            rated_on=record["rated_on"],
            meeting_id=None,
            replaces=planned.target,  # a changed rating is a correction: history keeps both
        )
        (planned.target,) = ratings.store(
            ctx.conn, youth, [entry], phase=record["phase"], rated_by=record["rated_by"],
            note=record["note"],
        )  # fmt: skip

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = conn.execute(
            "SELECT rating.*, youth.ref AS youth_ref FROM rating JOIN youth "
            "ON youth.id = rating.youth_id LEFT JOIN life_area ON life_area.code = rating.area "
            "WHERE rating.replaced_by IS NULL "
            "ORDER BY youth.ref, life_area.position, rating.rated_by, rating.rated_on, rating.id"
        )
        return (
            {"_youth_id": r["youth_id"], "ref": r["youth_ref"], **{f: r[f] for f in _STORED}}
            for r in rows
        )


KIND = RatingKind()
