"""Young people: validated with efter.core.youth.clean and check_record, keyed by ref."""

import sqlite3
from functools import partial
from typing import Any, ClassVar

from efter.core import youth as core
from efter.core.errors import InvalidInput
from efter.transfer.kinds import Context, Kind, Planned, text
from efter.transfer.rows import Problem, Row, checked, phrase

_KEEP_WHEN_EMPTY = ("born", "start")


class YouthKind(Kind):
    name = "youth"
    noun = "young person"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "name": ("name", "navn"),
        "born": ("born", "fødselsdato", "født", "birth_date"),
        "cpr": ("cpr", "cpr_nummer", "cpr_nr", "cprnr"),
        "municipality": ("municipality", "kommune", "handlekommune"),
        "home_municipality": ("home_municipality", "opvækstkommune"),
        "legal_basis": ("legal_basis", "lovgrundlag", "hjemmel"),
        "placement_site": ("placement_site", "anbringelsessted"),
        "housing": ("housing", "boform"),
        "programme": ("programme", "indsats", "program"),
        "cohort": ("cohort", "hold"),
        "coordinator": ("coordinator", "koordinator"),
        "start": ("start", "startdato"),
        "note": ("note", "bemærkning", "noter"),
    }
    required = ("ref", "name")
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref", "name": "name", "cpr": "cpr", "born": "year", "coordinator": "name",
        "placement_site": "drop", "note": "drop",
    }  # fmt: skip
    masked = ("cpr",)

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        ref = text(row.values.get("ref"))
        if ref is None:
            return [
                Problem(
                    row.where,
                    row.column("ref"),
                    "the ref is empty; give every young person their case number (sagsnr), "
                    "which efter uses to recognise them on the next import",
                )
            ]
        # Each ref comes once in a youth file, so no cache: memory stays flat on big files.
        existing = ctx.conn.execute("SELECT * FROM youth WHERE ref = ?", (ref,)).fetchone()
        base = {f: existing[f] for f in core.FIELDS} if existing else {}
        # A cell left empty keeps what is stored for the fields the case file cannot be without
        # (an empty start would otherwise mean today); it clears an optional field.
        given = {
            f: row.values[f]
            if f in row.values and (text(row.values[f]) or f not in _KEEP_WHEN_EMPTY)
            else base.get(f)
            for f in core.FIELDS
        }
        try:
            record: dict[str, Any] = core.clean(given)
        except InvalidInput:
            # Field by field, so each problem is reported at its own column.
            for name in core.FIELDS:
                checked(row, problems, name, partial(core.clean, {name: given[name]}))
            return problems
        force = ctx.force or bool(existing and existing["age_forced"])
        try:
            core.check_record(record, force=force)
        except InvalidInput as error:
            column = "cpr" if "CPR" in error.message and "cpr" in row.values else "born"
            if column == "born" and "born" not in row.values and "cpr" in row.values:
                column = "cpr"
            message = phrase(error.message, row)
            return [Problem(row.where, row.column(column), message)]
        label = f"{ref} {record['name']}"
        if existing is None:
            # Validated in full here (age_forced included); apply() stores it as it is.
            return Planned(row.where, "create", (ref,), label, record)
        record.pop("age_forced", None)
        changes = {f: (existing[f], record[f]) for f in core.FIELDS if record[f] != existing[f]}
        return Planned(
            row.where,
            "update" if changes else "unchanged",
            (ref,),
            label,
            record,
            youth_id=existing["id"],
            target=existing["id"],
            changes=changes,
        )

    def apply(self, planned: Planned, ctx: Context) -> None:
        conn = ctx.conn
        if planned.action == "create":
            planned.youth_id = core.insert(conn, planned.record)
        elif planned.action == "update":
            person = core.find(conn, f"id:{planned.target}")
            core.edit(
                conn,
                person,
                {f: new for f, (_, new) in planned.changes.items()},
                force=ctx.force or bool(person.age_forced),
            )

    def export(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        rows = conn.execute("SELECT * FROM youth ORDER BY ref IS NULL, ref, id").fetchall()
        return [{"_youth_id": r["id"], **{f: r[f] for f in core.FIELDS}} for r in rows]


KIND = YouthKind()
